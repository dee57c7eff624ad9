"""Backend HTTP routes: set and clear the HttpOnly session cookie, serve certificate PDFs.

A Reflex event travels over the websocket and cannot set an HttpOnly cookie,
so the login handler hands the browser a one-use code and sends it here; this
route trades it for the session token and sets the cookie where page scripts
cannot read it.
"""

from __future__ import annotations

from datetime import timedelta

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ce_tracker.clock import utcnow
from ce_tracker.config import settings
from ce_tracker.db import unit_of_work
from ce_tracker.services.accounts import sessions
from ce_tracker.services.errors import NotFound
from ce_tracker.services.events import certificates
from ce_tracker.services.events.certificate_pdf import render_pdf
from ce_tracker.services.letterhead import letterhead
from ce_tracker.web import urls
from ce_tracker.web.attachments import attachment
from ce_tracker.web.board_files import certificants_csv, evidence_pack
from ce_tracker.web.cookies import SESSION_COOKIE, token_from_header
from ce_tracker.web.exports import record_file
from ce_tracker.web.guards import forwarded
from ce_tracker.web.renewal_files import fee_document, unsubscribe_link


def _from_this_site(request: Request) -> bool:
    """Refuse cross-site form posts: another site must not sign a visitor in to an account of its choosing
    (login CSRF) or sign them out. Browsers send Origin with every POST; other clients may omit it."""
    origin = request.headers.get("origin")
    if origin is None:
        return True
    allowed = {*settings.allowed_origins, f"{request.url.scheme}://{request.url.netloc}"}
    return origin in allowed


def _redirect(path: str) -> RedirectResponse:
    return RedirectResponse(f"{settings.public_url}{path}", status_code=303)


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
        return _redirect(f"{urls.LOGIN}?expired=1")
    response = _redirect(urls.safe_next(str(form.get("next", ""))))
    response.set_cookie(SESSION_COOKIE, token, max_age=int(lifetime.total_seconds()), path="/",
                        httponly=True, samesite="lax", secure=settings.secure_cookies)
    response.headers["Cache-Control"] = "no-store"
    return response


async def end_session(request: Request) -> Response:
    """Revoke the cookie's session (if still live) and delete the cookie."""
    if not _from_this_site(request):
        return PlainTextResponse("Cross-site request refused.", status_code=403)
    with unit_of_work() as session:
        sessions.logout(session=session, token=request.cookies.get(SESSION_COOKIE), now=utcnow())
    response = _redirect(f"{urls.LOGIN}?signed_out=1")
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=settings.secure_cookies)
    return response


async def certificate_pdf(request: Request) -> Response:
    """The signed-in member's certificate as a PDF download (staff may fetch any)."""
    number = request.path_params["number"]
    with unit_of_work() as session:
        actor = sessions.actor_for_token(session=session, token=token_from_header(request.headers.get("cookie")),
                                         now=utcnow())
        if actor is None:
            return _redirect(f"{urls.LOGIN}?next={urls.certificate(number)}")
        try:
            view = certificates.certificate_for(session=session, actor=actor, number=number)
        except NotFound as error:
            return PlainTextResponse(error.message, status_code=404)
    head = letterhead(settings)
    pdf = render_pdf(view, verify_url=urls.verify_link(view.number, view.verification_code),
                     society_name=head.society_name, logo=head.logo)
    return Response(pdf, media_type="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{view.number}.pdf"', "Cache-Control": "private, no-store"})


def content_security_policy() -> str:
    """What the compiled front end needs and nothing more.

    Reflex runs ``call_script`` through ``eval`` and the React Router build
    hydrates from an inline script, so scripts need 'unsafe-inline' and
    'unsafe-eval' but still only from this origin; Radix and Emotion inject
    inline styles. The websocket and the cookie routes live at ``api_url``.
    """
    api = settings.api_url.rstrip("/")
    socket = api.replace("https://", "wss://", 1).replace("http://", "ws://", 1)
    return "; ".join([
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        f"connect-src 'self' {api} {socket}",
        f"form-action 'self' {api}",
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


def security_headers(app: ASGIApp) -> ASGIApp:
    """Wrap the whole backend (pages included, in a one-port deployment) with protective headers."""
    hsts = hsts_header()

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        extra = [hsts] if hsts and served_over_https(scope) else []

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []),
                                      *[(n, v) for n, v in [*SECURITY_HEADERS, *extra] if n not in names]]
            await send(message)

        await app(scope, receive, send_with_headers)

    return wrapped


async def health(_: Request) -> Response:
    with unit_of_work() as session:
        session.connection()
    return PlainTextResponse("ok")


api = Starlette(routes=[
    Route("/auth/session", start_session, methods=["POST"]),
    Route("/auth/logout", end_session, methods=["POST"]),
    Route("/files/certificates/{number}.pdf", certificate_pdf),
    Route("/healthz", health),
    Route("/files/attachments/{attachment_id:int}", attachment),
    Route("/files/record.{extension}", record_file),
    Route("/files/board/certificants.csv", certificants_csv),
    Route("/files/board/samples/{sample_id:int}/evidence/{application_id:int}.zip", evidence_pack),
    Route("/files/renewal/{kind}.pdf", fee_document),
    Route("/reminders/unsubscribe/{token}", unsubscribe_link, methods=["GET", "POST"]),
])
