"""One way through every page event that acts for the signed-in person.

A handler decorated with ``@acts`` receives a ``Work``: the unit of work, the actor from the session cookie,
the clock and the settings, all opened once for the whole event, so the session lookup, the action and the
read-back share one transaction; ``w.call(service, ...)`` calls a service with the event's session and actor. A missing or expired session becomes the login redirect (back to this page afterwards); a
``DomainError`` rolls the whole event back and becomes the page's message. Handlers therefore hold only what
is particular to them::

    class RenewalState(AuthState):
        error: str = ""

        @rx.event
        @acts
        def apply(self, w: Work, form: dict):
            w.call(renewal.apply_for_renewal, attested=inputs.ticked(form, "attest"), now=w.now,
                   settings=w.settings)
            w.mail_after()
            self.message = "Your application is filed."

Variants: ``@acts(error="form_error")`` shows refusals in another var; ``@acts(error=None)`` lets them reach
the handler's caller (rarely wanted); ``@acts(public=True)`` serves pages anyone may open (login, password
reset, certificate verification): the unit of work opens all the same, ``w.actor`` is whoever is signed in or
None, and nobody is sent to the login page. A handler that must read the page back after a refusal wraps the
action in ``w.attempt()``: the refusal rolls back to a savepoint and the rest of the event goes on::

        with w.attempt() as refused:
            w.call(cme.submit_event, activity_id=self._activity_id, now=w.now)
        self.error = refused.message
        self._refresh(w)

Reflex reads a handler's signature to type the browser's arguments: the wrapper shows Reflex the handler's
own parameters without ``w``. Async handlers (file uploads, the sign-in) get an async wrapper, and their
session lookup is committed before the handler runs: an async handler awaits (the upload, the password
check) only while it holds no transaction, since on SQLite a transaction holds the process's writer lock and
the event loop itself would wait for it. The sign-in checks the password between two transactions with
``await w.off_loop(...)``, so a login never stalls the event loop for the fifth of a second argon2id takes.

``CE_COUNT_TRANSACTIONS=1`` (tests only) makes every event log how many transactions it began, so a test can
prove that one event is one transaction.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import logging
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar, overload

from sqlmodel import Session

from ce_tracker import config
from ce_tracker.clock import utcnow
from ce_tracker.config import Settings
from ce_tracker.db import get_engine, unit_of_work
from ce_tracker.services.accounts.actors import Actor
from ce_tracker.services.errors import DomainError
from ce_tracker.tasks import deliver_mail_soon

T = TypeVar("T")


@dataclass
class Refusal:
    """What ``Work.attempt`` caught: the service's message, or "" when the action went through."""

    message: str = ""
    error: DomainError | None = None

    def __bool__(self) -> bool:
        return self.error is not None


# One thread per backend worker for CPU-bound steps: password checks queue among themselves on at most one core
# and never crowd the event loop off the other (six at once in the default pool starved everyone's Save).
_cpu_bound = ThreadPoolExecutor(1, "ce-cpu")


@dataclass
class Work:
    """What one event needs: its transaction, who acts (None only on public pages), when, and the settings."""

    session: Session
    actor: Actor  # None only under @acts(public=True), when nobody is signed in
    now: datetime = field(default_factory=utcnow)
    settings: Settings = field(default_factory=lambda: config.settings)  # read at the event, not at import
    _mail: bool = False

    def call(self, service: Callable[..., T], /, **values: Any) -> T:
        """``service(session=..., actor=..., **values)``: a service acting for this event's person in its unit of
        work. The clock and the settings stay explicit (``now=w.now``, ``settings=w.settings``)."""
        return service(session=self.session, actor=self.actor, **values)

    def mail_after(self) -> None:
        """Deliver queued email once this event's transaction has committed (never from inside it)."""
        self._mail = True

    async def off_loop(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Commit what the event did so far, then run the CPU-bound ``fn`` (a password hash) in a thread.

        The event loop serves everyone else's events meanwhile (argon2 releases the GIL, so it runs on another
        core), and no transaction is held open across it; what the handler does afterwards begins the event's
        next transaction. For async handlers only; the one place is the sign-in's password check.
        """
        self.session.commit()
        return await asyncio.get_running_loop().run_in_executor(_cpu_bound, fn, *args)

    @contextmanager
    def attempt(self) -> Iterator[Refusal]:
        """Try an action inside a savepoint: a refusal undoes only it, and the event reads the page back."""
        refused = Refusal()
        try:
            with self.session.begin_nested():
                yield refused
        except DomainError as error:
            refused.message, refused.error = error.message, error


_transactions = logging.getLogger("ce_tracker.transactions")
_begun = [0]


def _count_begin(_connection) -> None:
    _begun[0] += 1


if os.environ.get("CE_COUNT_TRANSACTIONS") == "1":  # a test proves one event is one transaction
    from sqlalchemy import event as _sa_event

    _sa_event.listen(get_engine(), "begin", _count_begin)
    _transactions.setLevel(logging.INFO)
    _transactions.addHandler(logging.StreamHandler())
    _transactions.propagate = False


def _without_work(fn: Callable, wrapper: Callable) -> None:
    """Show Reflex the handler's parameters minus the ``Work`` one (the second, after ``self``)."""
    signature = inspect.signature(fn)
    params = list(signature.parameters.values())
    wrapper.__signature__ = signature.replace(parameters=[params[0], *params[2:]])
    wrapper.__annotations__ = {k: v for k, v in fn.__annotations__.items() if k != params[1].name}


def _refuse(state: Any, var: str, message: str) -> None:
    if hasattr(state, "_refuse"):  # AuthState also clears an earlier success message
        state._refuse(var, message)
    else:
        setattr(state, var, message)


@dataclass
class _Opening:
    """One event's opening: the work for the handler, or what to answer without running it."""

    work: Work | None = None
    reply: Any = None  # the login redirect; None after a refusal; else what the handler returned


@contextmanager
def _event(state: Any, name: str, error: str | None, public: bool) -> Iterator[_Opening]:
    """The opening every handler shares, and its close: refusal to message, mail after the commit."""
    begun = _begun[0]
    opening = _Opening()
    try:
        with unit_of_work() as session:
            actor = state._actor(session) if hasattr(state, "_actor") else None
            if actor is None and not public:
                opening.reply = state._to_login()
            else:
                opening.work = Work(session=session, actor=actor)
            yield opening
    except DomainError as refusal:  # the unit of work has rolled everything back
        if error is None:
            raise
        _refuse(state, error, refusal.message)
        opening.work = opening.reply = None
    finally:
        if _transactions.isEnabledFor(logging.INFO):
            _transactions.info("event %s began %d transaction(s)", name, _begun[0] - begun)
    if opening.work is not None and opening.work._mail:
        deliver_mail_soon()


def _wrap(fn: Callable, error: str | None, public: bool) -> Callable:
    name = fn.__qualname__
    if inspect.iscoroutinefunction(fn):
        @functools.wraps(fn)
        async def handler(self, *args: Any, **kwargs: Any):
            with _event(self, name, error, public) as opening:
                if opening.work is not None:
                    # The lookup's transaction ends before the handler's first await: on SQLite a transaction
                    # holds the process's writer lock, and the next event on the loop would wait for it.
                    opening.work.session.commit()
                    opening.reply = await fn(self, opening.work, *args, **kwargs)
            return opening.reply
    else:
        @functools.wraps(fn)
        def handler(self, *args: Any, **kwargs: Any):
            with _event(self, name, error, public) as opening:
                if opening.work is not None:
                    opening.reply = fn(self, opening.work, *args, **kwargs)
            return opening.reply

    _without_work(fn, handler)
    return handler


@overload
def acts(fn: Callable) -> Callable: ...
@overload
def acts(*, error: str | None = "error", public: bool = False) -> Callable[[Callable], Callable]: ...


def acts(fn: Callable | None = None, *, error: str | None = "error", public: bool = False):
    """Run a handler inside one unit of work for the signed-in person.

    ``error`` names the var that shows a refusal (None lets refusals propagate); ``public`` serves a page
    anyone may open (``w.actor`` may be None and nobody is redirected).
    """
    if fn is None:
        return lambda f: _wrap(f, error, public)
    return _wrap(fn, error, public)
