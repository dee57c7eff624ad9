"""ASGI guards in front of the whole backend: foreign origins and oversized or anonymous uploads.

They run before Reflex sees a request, because what they refuse would otherwise already have happened by the
time a handler could object: the websocket would be open as the cookie's owner, the upload would be on disk.
Outermost, ``proxied_address`` gives every request the scheme and host the browser used, when a trusted reverse
proxy reports them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ce_tracker import routes
from ce_tracker.clock import utcnow
from ce_tracker.config import settings
from ce_tracker.db import unit_of_work
from ce_tracker.models import Role
from ce_tracker.services.accounts import sessions
from ce_tracker.web.cookies import token_from_header

UPLOAD_PATH = routes.UPLOAD


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return value.decode("latin-1")
    return None


async def _plain(send: Send, status: int, text: str) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"cache-control", b"no-store"),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": text.encode()})


def forwarded(scope: Scope, name: bytes, hops: int) -> str | None:
    """The value of an X-Forwarded-* header that the ``hops``-th proxy from us set, or None.

    Each proxy appends to the list (or sets it, when it is the first): the last ``hops`` entries come from
    proxies we trust, anything before them from the client, who can write whatever it likes.
    """
    if hops <= 0:
        return None
    entries = [part.strip() for part in (_header(scope, name) or "").split(",") if part.strip()]
    return entries[-hops] if len(entries) >= hops else None


_HOST = re.compile(r"^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?$")


def proxied_address(app: ASGIApp, hops: int | None = None) -> ASGIApp:
    """Make every request carry the scheme and host the browser used, as a trusted proxy reports them.

    Behind a TLS proxy the app itself is reached over plain HTTP, so every address it builds from the request
    (Starlette's ``/login`` -> ``/login/`` redirect, the move to Home after signing in) said ``http://`` and the
    browser, on an HTTPS-only port, landed on an error. With CE_TRUSTED_PROXY_HOPS proxies in front (the same
    count that decides whose X-Forwarded-For is believed), their X-Forwarded-Proto becomes the request's scheme
    (``wss`` for the websocket) and their X-Forwarded-Host its Host; without trusted proxies both are ignored,
    since a client could send them itself. A host that is not a plain host[:port] is ignored too.
    """

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        trusted = settings.trusted_proxy_hops if hops is None else hops
        if scope["type"] in ("http", "websocket") and trusted > 0:
            scope = _as_forwarded(scope, trusted)
        await app(scope, receive, send)

    return wrapped


def _as_forwarded(scope: Scope, hops: int) -> Scope:
    changed = dict(scope)
    proto = (forwarded(scope, b"x-forwarded-proto", hops) or "").lower()
    if proto in ("http", "https"):
        secure = proto == "https"
        changed["scheme"] = ("wss" if secure else "ws") if scope["type"] == "websocket" else proto
    host = forwarded(scope, b"x-forwarded-host", hops)
    if host and _HOST.match(host):
        changed["headers"] = [(k, v) for k, v in scope.get("headers", []) if k.lower() != b"host"]
        changed["headers"].append((b"host", host.encode("latin-1")))
    return changed


TOKEN_PATHS = (routes.fixed_prefix(routes.UNSUBSCRIBE),)


def origin_guard(app: ASGIApp, allowed: Iterable[str] | None = None) -> ASGIApp:
    """Refuse any request, websocket or HTTP, whose Origin header is not one of the app's own.

    Browsers send Origin on every websocket handshake, every cross-origin fetch and every POST. A page on a
    sibling subdomain receives our SameSite=Lax cookie, so the cookie alone proves nothing about who is asking:
    the origin does. Requests without an Origin (address-bar navigations, curl) pass to the usual checks.
    Paths in ``TOKEN_PATHS`` are authorised by a secret in their own URL, never by the cookie (RFC 8058's
    one-click unsubscribe is POSTed by whatever mail client the member uses), so any origin may call them.
    """
    origins = frozenset(allowed if allowed is not None else settings.allowed_origins)

    async def guarded(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket") and not scope.get("path", "").startswith(TOKEN_PATHS):
            origin = _header(scope, b"origin")
            if origin is not None and origin not in origins:
                if scope["type"] == "websocket":
                    await send({"type": "websocket.close", "code": 1008})
                else:
                    await _plain(send, 403, "Cross-origin request refused.")
                return
        await app(scope, receive, send)

    return guarded


class BodyTooLarge(HTTPException):
    """Raised from ``receive`` once an upload body passes the limit (Starlette answers it as a 413)."""

    def __init__(self) -> None:
        super().__init__(status_code=413, detail="The upload is too large.")


def _signed_in_roles(scope: Scope) -> frozenset[Role] | None:
    token = token_from_header(_header(scope, b"cookie"))
    if not token:
        return None
    with unit_of_work() as session:
        actor = sessions.actor_for_token(session=session, token=token, now=utcnow())
    return None if actor is None else frozenset(actor.roles)


def _too_large(limit_bytes: int) -> str:
    if limit_bytes >= 1024 * 1024:
        return f"The upload is larger than {limit_bytes // (1024 * 1024)} MB."
    return f"The upload is larger than {limit_bytes // 1024} KB."


def upload_guard(app: ASGIApp, *, handlers: dict[str, Role | None], limit: Callable[[], int] | None = None,
                 public_limits: dict[str, int] | None = None) -> ASGIApp:
    """Let an upload reach Reflex only from a signed-in person with the handler's role, and only up to the limit.

    ``handlers`` maps each upload handler's full Reflex name to the role it needs; any other handler is refused
    (an allowlist: Reflex would accept an upload to any handler that takes files). A handler mapped to None is
    public (checking a credential file needs no account) and gets its own, small limit from ``public_limits``. The size is checked twice:
    a declared Content-Length over the limit is refused before a byte is read, and the bytes actually received
    are counted as they stream, so a chunked body without a length is cut off at the limit too. Reflex's own
    GET ``/_upload/...`` file serving is closed: this app never serves uploaded files from disk.
    """
    max_bytes = limit or (lambda: settings.upload_max_bytes)

    async def guarded(scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if path != UPLOAD_PATH and not path.startswith(UPLOAD_PATH + "/"):
            await app(scope, receive, send)
            return
        if scope["method"] != "POST" or path != UPLOAD_PATH:
            await _plain(send, 404, "Not found.")
            return
        name = _header(scope, b"reflex-event-handler") or ""
        if name not in handlers:
            await _plain(send, 403, "Uploads go only to the app's own upload forms.")
            return
        role = handlers[name]
        if role is not None:
            roles = _signed_in_roles(scope)
            if roles is None:
                await _plain(send, 401, "Log in to upload files.")
                return
            if role not in roles:
                await _plain(send, 403, "You may not upload files here.")
                return
        limit_bytes = max_bytes() if role is not None else (public_limits or {}).get(name, 64 * 1024)
        declared = _header(scope, b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit_bytes):
            await _plain(send, 413, _too_large(limit_bytes))
            return
        received, exceeded, started = 0, False, False

        async def counted() -> Message:
            nonlocal received, exceeded
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit_bytes:
                    exceeded = True
                    raise BodyTooLarge
            return message

        async def tracked(message: Message) -> None:
            nonlocal started
            if exceeded:  # whatever the app answers to the cut-off body, the answer is ours
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await app(scope, counted, tracked)
        except BodyTooLarge:
            pass
        if exceeded and not started:
            await _plain(send, 413, _too_large(limit_bytes))

    return guarded
