"""Public HTTP routes: the calendar feed, verifiable credential downloads, and the credentials' status list.

They are reached without a session (a calendar app cannot sign in; a credential is shared with employers, and
checked by software anywhere), so the address itself carries the secret, and anything that is not a live secret
gets the same bare 404. Wrong guesses at a credential's address count against the client like those on the
certificate verification page, with the same limit. Signing is CPU work: those handlers run in a worker thread
(the feed goes through ``@serves``; a credential's answers, 410 for a revoked one and 429 with Retry-After, are
its own).
"""

from __future__ import annotations

import json

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from ce_tracker.clock import utcnow
from ce_tracker.config import settings
from ce_tracker.db import unit_of_work
from ce_tracker.services.credentials import open_badges, status_list
from ce_tracker.services.credentials.signing import KeyMissing
from ce_tracker.services.errors import NotFound, Throttled
from ce_tracker.services.reminders import calendar_feed
from ce_tracker.services.throttle import client_key
from ce_tracker.web.serving import Visit, not_found, serves

NOT_FOUND = PlainTextResponse("Not found.", status_code=404, headers={"Cache-Control": "no-store"})


@serves(public=True)
def feed(request: Request, v: Visit) -> Response:
    """``/calendar/<token>.ics``: the member's deadlines, or 404 for a revoked, replaced or forged token."""
    ics = calendar_feed.feed_ics(session=v.session, token=request.path_params["token"], now=v.now, settings=settings)
    if ics is None:
        return not_found()
    return Response(ics, media_type="text/calendar; charset=utf-8", headers={
        "Cache-Control": "private, no-store", "Content-Disposition": 'inline; filename="ce-deadlines.ics"'})


def client_address(request: Request) -> str | None:
    """The client's address as Reflex reads it for the pages: X-Forwarded-For only from trusted proxies."""
    address = request.client.host if request.client else None
    hops = settings.trusted_proxy_hops
    if hops:
        forwarded = [ip.strip() for ip in request.headers.get("x-forwarded-for", "").split(",") if ip.strip()]
        if len(forwarded) >= hops:
            address = forwarded[-hops]
    return address


def _credential(path: str, client: str) -> Response:
    try:
        with unit_of_work() as session:
            try:
                document = open_badges.credential_at(session=session, path=path, key_path=settings.signing_key_file,
                                                     api_url=settings.api_url, public_url=settings.public_url,
                                                     society=settings.society_name, now=utcnow(), client=client)
            except NotFound:  # the miss was counted: keep it (the unit of work commits)
                document = None
    except Throttled as error:
        return PlainTextResponse(error.message, status_code=429, headers={"Retry-After": "3600",
                                                                          "Cache-Control": "no-store"})
    except open_badges.Revoked as error:
        return PlainTextResponse(error.message, status_code=410, headers={"Cache-Control": "no-store"})
    except KeyMissing as error:
        return PlainTextResponse(error.message, status_code=503)
    if document is None:
        return NOT_FOUND
    name = path.rsplit("/", 2)[-2]
    return Response(json.dumps(document, indent=2, ensure_ascii=False), media_type="application/ld+json",
                    headers={"Cache-Control": "private, no-store", "X-Robots-Tag": "noindex",
                             "Content-Disposition": f'attachment; filename="credential-{name}.json"'})


async def credential(request: Request) -> Response:
    """``/credentials/...json``: a signed Open Badges 3.0 credential, downloaded as a file."""
    return await run_in_threadpool(_credential, request.url.path, client_key(client_address(request)))


def _status(list_id: int) -> Response:
    try:
        with unit_of_work() as session:
            text = status_list.published(session, list_id, key_path=settings.signing_key_file,
                                         api_url=settings.api_url, now=utcnow())
    except KeyMissing as error:
        return PlainTextResponse(error.message, status_code=503)
    if text is None:
        return NOT_FOUND
    return Response(text, media_type="application/ld+json",
                    headers={"Cache-Control": f"public, max-age={status_list.MAX_AGE_SECONDS}",
                             "Access-Control-Allow-Origin": "*"})


async def status(request: Request) -> Response:
    """``/credentials/status/<n>``: the signed revocation list any verifier reads (cacheable for minutes)."""
    return await run_in_threadpool(_status, request.path_params["list_id"])
