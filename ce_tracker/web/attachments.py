"""Files members attach to approval requests, served only to the request's member and to reviewers.

A file a member uploaded is never trusted: it is sent as a download (never
shown inline), with the type its own bytes showed at upload, no sniffing, no
caching, and a policy that lets nothing in it run if a browser opened it anyway.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from ce_tracker.clock import utcnow
from ce_tracker.config import settings
from ce_tracker.db import unit_of_work
from ce_tracker.services.accounts import sessions
from ce_tracker.services.approvals.attachments import attachment_for
from ce_tracker.services.errors import NotFound
from ce_tracker.web.cookies import token_from_header

FILE_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "private, no-store",
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "Cross-Origin-Resource-Policy": "same-origin",
}


async def attachment(request: Request) -> Response:
    """One attachment as a download, after checking who is asking."""
    attachment_id = request.path_params["attachment_id"]  # the route's int convertor refuses anything else
    with unit_of_work() as session:
        actor = sessions.actor_for_token(session=session, token=token_from_header(request.headers.get("cookie")),
                                         now=utcnow())
        if actor is None:
            return RedirectResponse(f"{settings.public_url}/login", status_code=303)
        try:
            file = attachment_for(session=session, actor=actor, attachment_id=attachment_id)
        except NotFound as error:
            return PlainTextResponse(error.message, status_code=404, headers={"Cache-Control": "no-store"})
        data, content_type, filename = file.data, file.content_type, file.filename  # the name is sanitised
    return Response(data, media_type=content_type, headers={
        **FILE_HEADERS, "Content-Disposition": f'attachment; filename="{filename}"'})
