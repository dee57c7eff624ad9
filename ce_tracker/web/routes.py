"""Backend HTTP routes: set and clear the HttpOnly session cookie, serve certificate PDFs (the sign-in with the
society's account is web/sso.py).

A Reflex event travels over the websocket and cannot set an HttpOnly cookie,
so the login handler hands the browser a one-use code and sends it here; this
route trades it for the session token and sets the cookie where page scripts
cannot read it.
"""

from __future__ import annotations

import mimetypes
from datetime import timedelta

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ce_tracker import routes
from ce_tracker.clock import utcnow
from ce_tracker.config import origin_of, settings
from ce_tracker.db import unit_of_work
from ce_tracker.services.accounts import sessions
from ce_tracker.services.events import certificates
from ce_tracker.services.events.certificate_pdf import render_pdf
from ce_tracker.services.letterhead import logo_file
from ce_tracker.web import sso
from ce_tracker.web.attachments import attachment
from ce_tracker.web.board_files import certificants_csv, evidence_pack
from ce_tracker.web.cookies import SESSION_COOKIE
from ce_tracker.web.exports import record_file
from ce_tracker.web.feeds import credential, feed, status
from ce_tracker.web.guards import forwarded
from ce_tracker.web.renewal_files import fee_document, unsubscribe_link
from ce_tracker.web.serving import Visit, redirect, serves


def _from_this_site(request: Request) -> bool:
    """Refuse cross-site form posts: another site must not sign a visitor in to an account of its choosing
    (login CSRF) or sign them out. Browsers send Origin with every POST; other clients may omit it."""
    origin = request.headers.get("origin")
    if origin is None:
        return True
    allowed = {*settings.allowed_origins, f"{request.url.scheme}://{request.url.netloc}"}
    return origin in allowed


async def start_session(request: Request) -> Response:
    """Trade a login handoff code (POSTed, never in a URL) for a session cookie, then go to the page asked for."""
    if not _from_this_site(request):
        return PlainTextResponse("Cross-site request refused.", status_code=403)
    form = await request.form(max_files=0, max_fields=4, max_part_size=1024)
    code = str(form.get("code", ""))
    lifetime = timedelta(hours=settings.session_hours)
    with unit_of_work() as session:
        token = sessions.exchange_handoff(session=session, code=code, now=utcnow(), lifetime=lifetime)
    if token is None:
        return redirect(f"{routes.LOGIN}?expired=1")
    response = redirect(routes.safe_next(str(form.get("next", ""))))
    response.set_cookie(SESSION_COOKIE, token, max_age=int(lifetime.total_seconds()), path="/",
                        httponly=True, samesite="lax", secure=settings.secure_cookies)
    response.headers["Cache-Control"] = "no-store"
    return response


async def end_session(request: Request) -> Response:
    """Revoke the cookie's session (if still live) and delete the cookie; a session the society's provider
    opened goes on to the provider's own sign-out (RP-initiated logout), when it offers one."""
    if not _from_this_site(request):
        return PlainTextResponse("Cross-site request refused.", status_code=403)
    with unit_of_work() as session:
        via_provider = sessions.logout(session=session, token=request.cookies.get(SESSION_COOKIE), now=utcnow())
    provider_logout = await sso.provider_logout_url() if via_provider else None
    response = (RedirectResponse(provider_logout, status_code=303) if provider_logout
                else redirect(f"{routes.LOGIN}?signed_out=1"))
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=settings.secure_cookies)
    return response


@serves(back_to=lambda request: routes.certificate(request.path_params["number"]))
def certificate_pdf(request: Request, v: Visit) -> Response:
    """The signed-in member's certificate as a PDF download (staff may fetch any)."""
    view = certificates.certificate_for(session=v.session, actor=v.actor, number=request.path_params["number"])
    return lambda: Response(
        render_pdf(view, verify_url=routes.verify_link(view.number, view.verification_code),
                   society_name=settings.society_name, logo=logo_file(settings.logo_url)),
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{view.number}.pdf"', "Cache-Control": "private, no-store"})


def content_security_policy() -> str:
    """What the compiled front end needs and nothing more.

    Reflex runs ``call_script`` through ``eval`` and the React Router build
    hydrates from an inline script, so scripts need 'unsafe-inline' and
    'unsafe-eval' but still only from this origin; Radix and Emotion inject
    inline styles. The websocket and the cookie routes live at ``api_url``. Signing out of a session the
    society's provider opened is a form post that redirects to the provider's sign-out, so its origin is
    allowed as a form target too (browsers apply form-action to the redirects after a form post).
    """
    api = settings.api_url.rstrip("/")
    provider = f" {origin_of(settings.oidc.issuer)}" if settings.oidc else ""
    socket = api.replace("https://", "wss://", 1).replace("http://", "ws://", 1)
    return "; ".join([
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        f"connect-src 'self' {api} {socket}",
        f"form-action 'self' {api}{provider}",
        "frame-ancestors 'none'",  # no clickjacking of the submit button
        "base-uri 'self'",
        "object-src 'none'",
    ])


SECURITY_HEADERS = [
    (b"content-security-policy", content_security_policy().encode()),
    (b"x-frame-options", b"DENY"),  # the same for browsers that predate frame-ancestors
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),  # a reset token in a URL never leaves the site
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]


def served_over_https(scope: Scope) -> bool:
    """Whether the browser reached us over HTTPS.

    CE_PUBLIC_URL being https settles it (the operator says the site is HTTPS); otherwise the connection's own
    scheme, or X-Forwarded-Proto but only when CE_TRUSTED_PROXY_HOPS says a proxy we trust sets it (a client
    could send the header itself, though a false "https" would only pin HTTPS on a browser that used HTTPS).
    """
    if settings.public_url.startswith("https://") or scope.get("scheme") in ("https", "wss"):
        return True
    return (forwarded(scope, b"x-forwarded-proto", settings.trusted_proxy_hops) or "").lower() == "https"


def hsts_header() -> tuple[bytes, bytes] | None:
    if settings.hsts_seconds <= 0:
        return None
    return b"strict-transport-security", f"max-age={settings.hsts_seconds}; includeSubDomains".encode()


mimetypes.add_type("application/manifest+json", ".webmanifest")  # the web app manifest (assets/)

# Build files are named by their content, so a browser may keep them for good: a second visit then loads no
# script from the network, not even to ask whether it changed. The service worker's own script is always asked
# for again, so a new version of it is found on the next visit.
_IMMUTABLE = (b"cache-control", b"public, max-age=31536000, immutable")
_REVALIDATE = (b"cache-control", b"no-cache")


def _caching(path: str, status: int) -> list[tuple[bytes, bytes]]:
    if status == 200 and path.startswith("/assets/"):
        return [_IMMUTABLE]
    if path == "/sw.js":
        return [_REVALIDATE]
    return []


def security_headers(app: ASGIApp) -> ASGIApp:
    """Wrap the whole backend (pages included, in a one-port deployment) with protective headers, and say how
    long the build's files may be kept."""
    hsts = hsts_header()

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        extra = [hsts] if hsts and served_over_https(scope) else []

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name.lower() for name, _ in message.get("headers", [])}
                caching = _caching(scope.get("path", ""), message.get("status", 0))
                message["headers"] = [*message.get("headers", []),
                                      *[(n, v) for n, v in [*SECURITY_HEADERS, *extra, *caching] if n not in names]]
            await send(message)

        await app(scope, receive, send_with_headers)

    return wrapped


async def health(_: Request) -> Response:
    with unit_of_work() as session:
        session.connection()
    return PlainTextResponse("ok")


api = Starlette(routes=[
    Route(routes.SESSION_EXCHANGE, start_session, methods=["POST"]),
    Route(routes.LOGOUT, end_session, methods=["POST"]),
    *sso.ROUTES,
    Route(routes.HEALTH, health),
    Route(routes.CERTIFICATE_PDF, certificate_pdf),
    Route(routes.ATTACHMENT, attachment),
    Route(routes.RECORD_EXPORT, record_file),
    Route(routes.CERTIFICANTS_CSV, certificants_csv),
    Route(routes.EVIDENCE_PACK, evidence_pack),
    Route(routes.FEE_DOCUMENT, fee_document),
    Route(routes.UNSUBSCRIBE, unsubscribe_link, methods=["GET", "POST"]),
    Route(routes.CALENDAR_FEED, feed),
    Route(routes.CERTIFICATE_CREDENTIAL, credential),
    Route(routes.TERM_CREDENTIAL, credential),
    Route(routes.STATUS_LIST, status),
])
