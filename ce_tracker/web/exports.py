"""The signed-in member's own credit record as a CSV or a PDF transcript (never anyone else's)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from ce_tracker.clock import utcnow
from ce_tracker.config import settings
from ce_tracker.db import unit_of_work
from ce_tracker.services.accounts import members, sessions
from ce_tracker.services.letterhead import logo_file
from ce_tracker.services.record import credit_record, transcript
from ce_tracker.web import urls
from ce_tracker.web.cookies import token_from_header

PRIVATE = {"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"}


async def record_file(request: Request) -> Response:
    """``/files/credit_record.csv`` or ``/files/credit_record.pdf`` for the member whose session cookie came with it."""
    extension = request.path_params["extension"]
    if extension not in ("csv", "pdf"):
        return PlainTextResponse("Not found.", status_code=404)
    with unit_of_work() as session:
        actor = sessions.actor_for_token(session=session, token=token_from_header(request.headers.get("cookie")),
                                         now=utcnow())
        if actor is None:
            return RedirectResponse(f"{settings.public_url}{urls.LOGIN}?next={urls.RECORD}", status_code=303)
        rec = credit_record.credit_record(session=session, actor=actor, now=utcnow())
        profile = members.profile(session=session, actor=actor)
    if rec is None:
        return PlainTextResponse("You have no certification term, so there is no credit record.", status_code=404)
    name = f"ce-record-{profile.member_number}-{rec.today.isoformat()}.{extension}"
    headers = {**PRIVATE, "Content-Disposition": f'attachment; filename="{name}"'}
    if extension == "csv":
        return Response(transcript.record_csv(rec), media_type="text/csv; charset=utf-8", headers=headers)
    pdf = transcript.record_pdf(rec, member_name=profile.full_name, member_number=profile.member_number,
                                society_name=settings.society_name, logo=logo_file(settings.logo_url))
    return Response(pdf, media_type="application/pdf", headers=headers)
