"""Signing in with the society's account (R000-27): the HTTP half of the OpenID Connect code flow.

``/auth/sso/start`` records the sign-in, sets a short-lived HttpOnly cookie that ties the answer to this
browser and sends the browser to the provider; ``/auth/sso/callback`` claims the sign-in once, has the code
exchanged and every token checked on the server (``services/accounts/oidc_client``), finds the member by the
society's claims (``services/accounts/oidc``) and sets our own session cookie, as ``/auth/session`` does after
a password. No provider token ever reaches the browser: it receives our session cookie and a redirect to one
of our own pages. Any refusal lands on the login page with a word (``?sso=expired``) that the page turns into
plain words; the details go to the log, never to the address bar.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from ce_tracker import routes
from ce_tracker.clock import utcnow
from ce_tracker.config import settings
from ce_tracker.db import unit_of_work
from ce_tracker.services.accounts import oidc, sessions
from ce_tracker.services.accounts.oidc_client import OidcClient, client_for
from ce_tracker.web.cookies import SESSION_COOKIE

log = logging.getLogger(__name__)

START, CALLBACK, SIGNED_OUT = routes.SSO_START, routes.SSO_CALLBACK, routes.SSO_SIGNED_OUT
COOKIE_PATH = routes.SSO


def browser_cookie() -> str:
    """The name of the cookie tying a provider's answer to the browser that asked (Secure over HTTPS)."""
    return "__Secure-ce_sso" if settings.secure_cookies else "ce_sso"


def redirect_uri() -> str:
    """The address the provider sends the browser back to; registered with the provider exactly so."""
    return f"{settings.api_url}{CALLBACK}"


def post_logout_uri() -> str:
    """Where the provider sends the browser after ending its own session; registered with the provider."""
    return f"{settings.api_url}{SIGNED_OUT}"


def _client() -> OidcClient:
    return client_for(settings.oidc, redirect_uri())


def _to(url: str) -> RedirectResponse:
    response = RedirectResponse(url, status_code=303)
    response.headers["Cache-Control"] = "no-store"
    return response


def _refused(refusal: oidc.SignInRefused) -> RedirectResponse:
    log.warning("sign-in with the society's account refused (%s): %s", refusal.kind, refusal.message)
    response = _to(f"{settings.public_url}{routes.LOGIN}?sso={refusal.kind}")
    response.delete_cookie(browser_cookie(), path=COOKIE_PATH, httponly=True, samesite="lax",
                           secure=settings.secure_cookies)
    return response


async def start(request: Request) -> Response:
    """Send the browser to the society's provider, remembering (hashed) what its answer must carry."""
    if settings.oidc is None:
        return PlainTextResponse("Not found.", status_code=404)
    now = utcnow()
    client = _client()
    try:
        await client.provider(now)  # the provider must answer before anything is recorded
        with unit_of_work() as session:
            started = oidc.start_request(session=session, next_path=routes.safe_next(request.query_params.get("next")),
                                         now=now)
        url = await client.authorization_url(started, now)
    except oidc.SignInRefused as refusal:
        return _refused(refusal)
    response = _to(url)
    response.set_cookie(browser_cookie(), started.browser_key, max_age=int(oidc.REQUEST_LIFETIME.total_seconds()),
                        path=COOKIE_PATH, httponly=True, samesite="lax", secure=settings.secure_cookies)
    return response


async def callback(request: Request) -> Response:
    """The provider's answer: claimed once, checked on the server, then our own session cookie."""
    if settings.oidc is None:
        return PlainTextResponse("Not found.", status_code=404)
    params, now = request.query_params, utcnow()
    lifetime = timedelta(hours=settings.session_hours)
    try:
        with unit_of_work() as session:  # committed even when refused below: a claimed sign-in stays spent
            returned = oidc.claim_request(session=session, state=params.get("state"),
                                          browser_key=request.cookies.get(browser_cookie()), now=now)
        returned.check_browser()
        if "error" in params:
            raise oidc.SignInRefused("denied", f"The provider answered {params.get('error')!r}.")
        client = _client()
        answer = await client.answer(code=params.get("code"), iss=params.get("iss"), returned=returned, now=now)
        claims = oidc.claims_from(answer.claims, issuer=settings.oidc.issuer, config=settings.oidc)
        with unit_of_work() as session:
            signed_in = oidc.sign_in(session=session, claims=claims, now=now, settings=settings)
            token = sessions.open_session(session=session, member_id=signed_in.member_id, now=now,
                                          lifetime=lifetime, sso=True)
    except oidc.SignInRefused as refusal:
        return _refused(refusal)
    response = _to(f"{settings.public_url}{routes.safe_next(returned.next_path)}")
    response.set_cookie(SESSION_COOKIE, token, max_age=int(lifetime.total_seconds()), path="/",
                        httponly=True, samesite="lax", secure=settings.secure_cookies)
    response.delete_cookie(browser_cookie(), path=COOKIE_PATH, httponly=True, samesite="lax",
                           secure=settings.secure_cookies)
    return response


async def provider_logout_url() -> str | None:
    """Where to send a browser whose session the provider opened, to end the provider's session too."""
    if settings.oidc is None:
        return None
    return await _client().end_session_url(post_logout_redirect_uri=post_logout_uri(), now=utcnow())


async def signed_out(_: Request) -> Response:
    """Back from the provider's own sign-out: our login page says so."""
    return _to(f"{settings.public_url}{routes.LOGIN}?signed_out=1")


ROUTES = [
    Route(START, start, methods=["GET"]),
    Route(CALLBACK, callback, methods=["GET"]),
    Route(SIGNED_OUT, signed_out, methods=["GET"]),
]
