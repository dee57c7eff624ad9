"""One way through every backend HTTP route that serves someone: the ``@acts`` of downloads and feeds.

A download is a plain HTTP request, not a page event, so ``state/work.py`` cannot serve it; ``@serves`` does the
same for it. The route receives the request and a ``Visit``: the unit of work, the actor from the session
cookie and the clock, opened once, so the session lookup and the service share one transaction. Nobody signed
in becomes the login redirect (back to the page the download belongs to); a ``DomainError`` rolls the whole
request back and becomes a short plain-text answer whose status comes from ``STATUS``, the one table of
refusals. So a route holds only what is particular to it::

    @serves(back_to=routes.RECORD, only={"extension": ("csv", "pdf")})
    def record_file(request: Request, v: Visit) -> Response:
        rec = credit_record.credit_record(session=v.session, actor=v.actor, now=v.now)
        ...
        return lambda: Response(transcript.record_pdf(rec, ...), media_type="application/pdf")

A route returns its ``Response``, or a function that makes it: that runs after the transaction has closed, so
rendering a PDF (which needs no database) holds no transaction. ``only`` limits path values before the cookie
is even read (anything else is a bare 404); ``public=True`` serves routes anyone may call (a calendar feed,
a credential's address): ``v.actor`` is whoever is signed in or None, and nobody is redirected.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Union

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from ce_tracker import routes
from ce_tracker.clock import utcnow
from ce_tracker.config import settings
from ce_tracker.db import unit_of_work
from ce_tracker.services.accounts import sessions
from ce_tracker.services.accounts.actors import Actor
from ce_tracker.services.credentials.signing import KeyMissing
from ce_tracker.services.errors import Conflict, DomainError, Invalid, NotAllowed, NotFound, Throttled
from ce_tracker.web.cookies import token_from_header

# What a private answer carries: never cached, never sniffed as another type.
PRIVATE = {"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"}

# Every refusal's HTTP status, by the kind of refusal (the nearest listed class decides; 400 for any other).
STATUS: dict[type[DomainError], int] = {
    Invalid: 400,
    NotAllowed: 403,
    NotFound: 404,
    Conflict: 409,
    Throttled: 429,
    KeyMissing: 503,  # the society has not made its signing key: nothing is wrong with the request
}


def status_of(refusal: DomainError) -> int:
    return next((STATUS[kind] for kind in type(refusal).__mro__ if kind in STATUS), 400)


def refused(refusal: DomainError) -> Response:
    return PlainTextResponse(refusal.message, status_code=status_of(refusal), headers=PRIVATE)


def not_found() -> Response:
    return PlainTextResponse("Not found.", status_code=404, headers=PRIVATE)


def redirect(path: str) -> RedirectResponse:
    """A 303 to one of the app's pages (they live at ``public_url``, the backend at ``api_url``)."""
    return RedirectResponse(f"{settings.public_url}{path}", status_code=303)


@dataclass(frozen=True)
class Visit:
    """What one request needs: its transaction, who asks (None only on public routes), and when."""

    session: Session
    actor: Actor
    now: datetime


Answer = Union[Response, Callable[[], Response]]
Route = Callable[[Request, Visit], Answer]
BackTo = Union[str, Callable[[Request], str], None]


def serves(*, back_to: BackTo = None, only: Mapping[str, Collection[str]] | None = None,
           public: bool = False) -> Callable[[Route], Callable[[Request], Awaitable[Response]]]:
    """Serve a route inside one unit of work for the person the session cookie names.

    ``back_to``: the page a login returns to (a path, or a function of the request); None: the login page alone.
    ``only``: the values each path parameter may take. ``public``: anyone may call it; nobody is redirected.
    """
    def wrap(fn: Route) -> Callable[[Request], Awaitable[Response]]:
        @functools.wraps(fn)
        async def route(request: Request) -> Response:
            if any(request.path_params.get(name) not in allowed for name, allowed in (only or {}).items()):
                return not_found()
            try:
                with unit_of_work() as session:
                    now = utcnow()
                    actor = sessions.actor_for_token(session=session, now=now,
                                                     token=token_from_header(request.headers.get("cookie")))
                    if actor is None and not public:
                        return redirect(routes.login_then(back_to(request) if callable(back_to) else back_to))
                    answer = fn(request, Visit(session=session, actor=actor, now=now))
            except DomainError as refusal:  # the unit of work has rolled everything back
                return refused(refusal)
            return answer if isinstance(answer, Response) else answer()

        return route

    return wrap
