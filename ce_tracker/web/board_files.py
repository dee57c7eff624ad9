"""The Board of Certification's downloads: the certificant list as CSV and a sampled renewal's evidence pack.

Both read the session cookie themselves (a download is a plain HTTP request, not a page event) and ask the
service, which refuses anyone without the Board role (or staff) before reading a row.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from ce_tracker.clock import utcnow
from ce_tracker.config import settings
from ce_tracker.db import unit_of_work
from ce_tracker.services.accounts import sessions
from ce_tracker.services.board import audit_sample, cohorts
from ce_tracker.services.errors import DomainError, Invalid, NotAllowed
from ce_tracker.services.letterhead import logo_file
from ce_tracker.web import urls
from ce_tracker.web.cookies import token_from_header
from ce_tracker.web.exports import PRIVATE


def _status_of(error: DomainError) -> int:
    return 403 if isinstance(error, NotAllowed) else 400 if isinstance(error, Invalid) else 404


async def certificants_csv(request: Request) -> Response:
    """``/files/board/certificants.csv?quarter=&status=&q=``: the list the Board page shows, every row."""
    params = request.query_params
    with unit_of_work() as session:
        now = utcnow()
        actor = sessions.actor_for_token(session=session, token=token_from_header(request.headers.get("cookie")),
                                         now=now)
        if actor is None:
            return RedirectResponse(f"{settings.public_url}{urls.LOGIN}?next={urls.BOARD}", status_code=303)
        try:
            text = cohorts.certificants_csv(session=session, actor=actor, now=now, quarter=params.get("quarter", ""),
                                          status=params.get("status", ""), query=params.get("q", ""))
        except DomainError as error:
            return PlainTextResponse(error.message, status_code=_status_of(error), headers=PRIVATE)
    name = f"certificants-{now.date().isoformat()}.csv"
    return Response(text, media_type="text/csv; charset=utf-8",
                    headers={**PRIVATE, "Content-Disposition": f'attachment; filename="{name}"'})


async def evidence_pack(request: Request) -> Response:
    """``/files/board/samples/{sample}/evidence/{application}.zip``: one sampled renewal's evidence."""
    with unit_of_work() as session:
        now = utcnow()
        actor = sessions.actor_for_token(session=session, token=token_from_header(request.headers.get("cookie")),
                                         now=now)
        if actor is None:
            return RedirectResponse(f"{settings.public_url}{urls.LOGIN}?next={urls.BOARD_SAMPLE}", status_code=303)
        try:
            name, data = audit_sample.evidence_pack(
                session=session, actor=actor, sample_id=request.path_params["sample_id"],
                application_id=request.path_params["application_id"], now=now, society_name=settings.society_name,
                logo=logo_file(settings.logo_url))
        except DomainError as error:
            return PlainTextResponse(error.message, status_code=_status_of(error), headers=PRIVATE)
    return Response(data, media_type="application/zip",
                    headers={**PRIVATE, "Content-Disposition": f'attachment; filename="{name}"'})
