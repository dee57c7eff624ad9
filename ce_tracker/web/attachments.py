"""Files members attach to approval requests, served only to the request's member and to reviewers.

A file a member uploaded is never trusted: it is sent as a download (never
shown inline), with the type its own bytes showed at upload, no sniffing, no
caching, and a policy that lets nothing in it run if a browser opened it anyway.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from ce_tracker.services.approvals.attachments import attachment_for
from ce_tracker.web.serving import Visit, serves

FILE_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "private, no-store",
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "Cross-Origin-Resource-Policy": "same-origin",
}


@serves()
def attachment(request: Request, v: Visit) -> Response:
    """One attachment as a download, after checking who is asking."""
    attachment_id = request.path_params["attachment_id"]  # the route's int convertor refuses anything else
    file = attachment_for(session=v.session, actor=v.actor, attachment_id=attachment_id)
    return Response(file.data, media_type=file.content_type, headers={  # the name is sanitised
        **FILE_HEADERS, "Content-Disposition": f'attachment; filename="{file.filename}"'})
