"""The signed-in member's own credit record as a CSV or a PDF transcript (never anyone else's)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from ce_tracker import routes
from ce_tracker.config import settings
from ce_tracker.services.accounts import members
from ce_tracker.services.letterhead import logo_file
from ce_tracker.services.record import credit_record, transcript
from ce_tracker.web.serving import PRIVATE, Visit, serves


@serves(back_to=routes.RECORD, only={"extension": ("csv", "pdf")})
def record_file(request: Request, v: Visit) -> Response:
    """``/files/record.csv`` or ``/files/record.pdf`` for the member whose session cookie came with it."""
    extension = request.path_params["extension"]
    rec = credit_record.credit_record(session=v.session, actor=v.actor, now=v.now)
    profile = members.profile(session=v.session, actor=v.actor)
    if rec is None:
        return PlainTextResponse("You have no certification term, so there is no credit record.", status_code=404)
    name = f"ce-record-{profile.member_number}-{rec.today.isoformat()}.{extension}"
    headers = {**PRIVATE, "Content-Disposition": f'attachment; filename="{name}"'}
    if extension == "csv":
        return lambda: Response(transcript.record_csv(rec), media_type="text/csv; charset=utf-8", headers=headers)
    return lambda: Response(transcript.record_pdf(rec, member_name=profile.full_name,
                                                  member_number=profile.member_number,
                                                  society_name=settings.society_name,
                                                  logo=logo_file(settings.logo_url)),
                            media_type="application/pdf", headers=headers)
