"""One way through every page event that acts for the signed-in person.

A handler decorated with ``@acts`` receives a ``Work``: the unit of work, the actor from the session cookie
and the clock, all opened once for the whole event, so the session lookup, the action and the read-back share
one transaction. A missing or expired session becomes the login redirect (back to this page afterwards); a
``DomainError`` rolls the whole event back and becomes the page's message. Handlers therefore hold only what
is particular to them::

    class RenewalState(AuthState):
        error: str = ""

        @rx.event
        @acts
        def apply(self, w: Work, form: dict):
            renewal.apply_for_renewal(session=w.session, actor=w.actor, attested=inputs.ticked(form, "attest"),
                                      now=w.now)
            w.mail_after()
            self.message = "Your application is filed."

Reflex reads a handler's signature to type the browser's arguments: the wrapper shows Reflex the handler's
own parameters without ``w``.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, overload

from sqlmodel import Session

from ce_tracker.clock import utcnow
from ce_tracker.db import unit_of_work
from ce_tracker.services.actors import Actor
from ce_tracker.services.errors import DomainError
from ce_tracker.tasks import deliver_mail_soon


@dataclass
class Work:
    """What one event needs: its transaction, who acts, and when."""

    session: Session
    actor: Actor
    now: datetime = field(default_factory=utcnow)
    _mail: bool = False

    def mail_after(self) -> None:
        """Deliver queued email once this event's transaction has committed (never from inside it)."""
        self._mail = True


def _without_work(fn: Callable, wrapper: Callable) -> None:
    """Show Reflex the handler's parameters minus the ``Work`` one (the second, after ``self``)."""
    signature = inspect.signature(fn)
    params = list(signature.parameters.values())
    wrapper.__signature__ = signature.replace(parameters=[params[0], *params[2:]])
    wrapper.__annotations__ = {k: v for k, v in fn.__annotations__.items() if k != params[1].name}


def _wrap(fn: Callable, error: str | None) -> Callable:
    @functools.wraps(fn)
    def handler(self, *args: Any, **kwargs: Any):
        work: Work | None = None
        try:
            with unit_of_work() as session:
                actor = self._actor(session)
                if actor is None:
                    return self._to_login()
                work = Work(session=session, actor=actor)
                result = fn(self, work, *args, **kwargs)
        except DomainError as refusal:  # the unit of work has rolled everything back
            if error is None:
                raise
            self._refuse(error, refusal.message)
            return None
        if work._mail:
            deliver_mail_soon()
        return result

    _without_work(fn, handler)
    return handler


@overload
def acts(fn: Callable) -> Callable: ...
@overload
def acts(*, error: str | None = "error") -> Callable[[Callable], Callable]: ...


def acts(fn: Callable | None = None, *, error: str | None = "error"):
    """Run a handler inside one unit of work for the signed-in person.

    ``error`` names the var that shows a refusal (None lets the handler catch refusals itself).
    """
    if fn is None:
        return lambda f: _wrap(f, error)
    return _wrap(fn, error)
