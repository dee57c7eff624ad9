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

from ce_tracker.config import settings
from ce_tracker.db import unit_of_work
from ce_tracker.models.types import utcnow
from ce_tracker.services import accounts, certificates
from ce_tracker.services.certificate_pdf import render_pdf
from ce_tracker.services.errors import NotFound
from ce_tracker.web import urls
from ce_tracker.web.attachments import attachment
from ce_tracker.web.cookies import SESSION_COOKIE, token_from_header
from ce_tracker.web.exports import record_file


def _redirect(path: str) -> RedirectResponse:
    return RedirectResponse(f"{settings.public_url}{path}", status_code=303)


async def start_session(request: Request) -> Response:
    """Trade a login handoff code for a session cookie, then go to the page asked for."""
    code = request.query_params.get("code", "")
    lifetime = timedelta(hours=settings.session_hours)
    with unit_of_work() as session:
        token = accounts.exchange_handoff(session=session, code=code, now=utcnow(), lifetime=lifetime)
    if token is None:
        return _redirect(f"{urls.LOGIN}?expired=1")
    response = _redirect(urls.safe_next(request.query_params.get("next")))
    response.set_cookie(SESSION_COOKIE, token, max_age=int(lifetime.total_seconds()), path="/",
                        httponly=True, samesite="lax", secure=settings.secure_cookies)
    response.headers["Cache-Control"] = "no-store"
    return response


async def end_session(request: Request) -> Response:
    """Revoke the cookie's session (if still live) and delete the cookie."""
    with unit_of_work() as session:
        accounts.logout(session=session, token=request.cookies.get(SESSION_COOKIE), now=utcnow())
    response = _redirect(f"{urls.LOGIN}?signed_out=1")
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=settings.secure_cookies)
    return response


async def certificate_pdf(request: Request) -> Response:
    """The signed-in member's certificate as a PDF download (staff may fetch any)."""
    number = request.path_params["number"]
    with unit_of_work() as session:
        actor = accounts.actor_for_token(session=session, token=token_from_header(request.headers.get("cookie")),
                                         now=utcnow())
        if actor is None:
            return _redirect(f"{urls.LOGIN}?next={urls.certificate(number)}")
        try:
            view = certificates.certificate_for(session=session, actor=actor, number=number)
        except NotFound as error:
            return PlainTextResponse(error.message, status_code=404)
    pdf = render_pdf(view, verify_url=urls.verify_link(view.number, view.verification_code),
                     society_name=settings.society_name)
    return Response(pdf, media_type="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{view.number}.pdf"', "Cache-Control": "private, no-store"})


SECURITY_HEADERS = [
    (b"x-frame-options", b"DENY"),  # no clickjacking of the submit button
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),  # reset and sign-in codes in URLs never leave the site
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]


def security_headers(app: ASGIApp) -> ASGIApp:
    """Wrap the whole backend (pages included, in a one-port deployment) with protective headers."""

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []),
                                      *[(n, v) for n, v in SECURITY_HEADERS if n not in names]]
            await send(message)

        await app(scope, receive, send_with_headers)

    return wrapped


async def health(_: Request) -> Response:
    with unit_of_work() as session:
        session.connection()
    return PlainTextResponse("ok")


api = Starlette(routes=[
    Route("/auth/session", start_session),
    Route("/auth/logout", end_session),
    Route("/files/certificates/{number}.pdf", certificate_pdf),
    Route("/healthz", health),
    Route("/files/attachments/{attachment_id:int}", attachment),
    Route("/files/record.{extension}", record_file),
])
