"""Public HTTP routes: the calendar feed and verifiable credential downloads.

Both are reached without a session (a calendar app cannot sign in; a credential is shared with employers), so
the address itself carries the secret, and anything that is not a live secret gets a bare 404.
"""

from __future__ import annotations

import json

from starlette.requests import Request
from starlette.responses import Response

from ce_tracker.config import settings
from ce_tracker.services.credentials import open_badges
from ce_tracker.services.reminders import calendar_feed
from ce_tracker.web.serving import Visit, not_found, serves


@serves(public=True)
def feed(request: Request, v: Visit) -> Response:
    """``/calendar/<token>.ics``: the member's deadlines, or 404 for a revoked, replaced or forged token."""
    ics = calendar_feed.feed_ics(session=v.session, token=request.path_params["token"], now=v.now,
                                 settings=settings)
    if ics is None:
        return not_found()
    return Response(ics, media_type="text/calendar; charset=utf-8", headers={
        "Cache-Control": "private, no-store", "Content-Disposition": 'inline; filename="ce-deadlines.ics"'})


@serves(public=True)
def credential(request: Request, v: Visit) -> Response:
    """``/credentials/...json``: a signed Open Badges 3.0 credential, downloaded as a file."""
    document = open_badges.credential_at(session=v.session, path=request.url.path,
                                         key_path=settings.signing_key_file, api_url=settings.api_url,
                                         public_url=settings.public_url, society=settings.society_name, now=v.now)
    name = request.url.path.rsplit("/", 2)[-2]
    return Response(json.dumps(document, indent=2, ensure_ascii=False), media_type="application/ld+json",
                    headers={"Cache-Control": "private, no-store", "X-Robots-Tag": "noindex",
                             "Content-Disposition": f'attachment; filename="credential-{name}.json"'})
