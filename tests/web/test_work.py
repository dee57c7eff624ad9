"""``@acts``: one unit of work per page event, the login redirect, refusals, savepoints, mail after commit.

The handlers here are plain functions on a stand-in state (Reflex's state machinery plays no part in what
``@acts`` decides); the database is real, and SQLAlchemy's engine-level "begin" event counts transactions.
"""

from __future__ import annotations

import asyncio
import inspect
import time

import pytest
from sqlalchemy import event, func
from sqlmodel import select

from ce_tracker import db
from ce_tracker.models import Member
from ce_tracker.services.errors import DomainError
from ce_tracker.state import work
from ce_tracker.state.work import Work, acts
from tests.utils import aio
from tests.utils import factories as f


class Page:
    """What ``@acts`` asks of a state: who is signed in, the way to the login page, and the refusal's var."""

    def __init__(self, actor):
        self.actor, self.lookups, self.error, self.form_error, self.message = actor, [], "", "", "Saved."

    def _actor(self, session):
        self.lookups.append(session)
        return self.actor

    def _to_login(self):
        return "to login"

    def _refuse(self, var, message):
        setattr(self, var, message)
        self.message = ""


@pytest.fixture
def mailed(monkeypatch) -> list[bool]:
    """Each background delivery ``@acts`` starts."""
    sent: list[bool] = []
    monkeypatch.setattr(work, "deliver_mail_soon", lambda: sent.append(True))
    return sent


@pytest.fixture
def person(engine, units, monkeypatch, mailed):
    monkeypatch.setattr(db, "get_engine", lambda: engine)
    with units() as session:
        return f.person(session)


def _members(units) -> int:
    with units() as session:
        return session.exec(select(func.count()).select_from(Member)).one()


def test_nobody_signed_in_is_sent_to_login_and_the_handler_does_not_run(person):
    ran = []

    @acts
    def handler(self, w: Work):
        ran.append(w)

    assert handler(Page(None)) == "to login" and ran == []


def test_the_lookup_the_action_and_the_read_back_share_one_transaction(person, engine, units):
    begun = []
    event.listen(engine, "begin", lambda connection: begun.append(1))
    page = Page(person)

    @acts
    def handler(self, w: Work, title: str):
        f.event(w.session, ends_on=w.now.date(), title=title)  # the action
        return len(f.event_days(w.session, f.event(w.session, ends_on=w.now.date())))  # a read-back

    assert handler(page, "One") == 3
    assert len(begun) == 1 and len(page.lookups) == 1


def test_a_refusal_rolls_the_whole_event_back_and_becomes_the_pages_message(person, units, mailed):
    before = _members(units)
    page = Page(person)

    @acts(error="form_error")
    def handler(self, w: Work):
        f.person(w.session)
        w.mail_after()
        raise DomainError("Not like that.")

    assert handler(page) is None
    assert (page.form_error, page.message, page.error) == ("Not like that.", "", "")
    assert _members(units) == before and mailed == []


def test_an_attempt_undoes_only_the_refused_action_and_the_event_goes_on(person, units):
    before = _members(units)

    @acts
    def handler(self, w: Work):
        f.person(w.session)  # kept
        with w.attempt() as refused:
            f.person(w.session)  # undone
            raise DomainError("That day is closed.")
        with w.attempt() as allowed:
            pass
        return refused.message, bool(refused), bool(allowed)

    assert handler(Page(person)) == ("That day is closed.", True, False)
    assert _members(units) == before + 1


def test_mail_goes_out_once_after_the_commit(person, mailed):
    seen = []

    @acts
    def handler(self, w: Work):
        w.mail_after()
        seen.append(mailed[:])  # nothing delivered from inside the transaction

    handler(Page(person))
    assert seen == [[]] and mailed == [True]


def test_a_public_page_runs_without_anyone_signed_in(person):
    @acts(public=True)
    def handler(self, w: Work):
        return w.actor

    assert handler(Page(None)) is None
    assert handler(Page(person)) is person


def test_async_handlers_and_reflex_sees_the_parameters_without_w(person):
    @acts
    async def upload(self, w: Work, files: list[str]):
        return w.actor, files

    assert inspect.iscoroutinefunction(upload)
    assert list(inspect.signature(upload).parameters) == ["self", "files"]
    assert "w" not in upload.__annotations__
    assert aio.run(upload(Page(person), ["a"])) == (person, ["a"])


def test_off_loop_commits_first_and_keeps_the_event_loop_free(person, units):
    """The sign-in's password check: what the event did before is committed (another connection sees it) before
    the slow step runs in a thread, and the loop serves other coroutines meanwhile."""
    ticks: list[int] = []
    seen: list[int] = []

    def slow_check() -> bool:
        seen.append(_members(units))  # read from another connection while the event waits
        ticked = len(ticks)
        time.sleep(0.2)
        seen.append(len(ticks) - ticked)  # the loop's progress during the check
        return True

    @acts
    async def handler(self, w: Work):
        f.person(w.session)
        ok = await w.off_loop(slow_check)
        f.person(w.session)  # the event's next transaction
        return ok

    async def both():
        async def tick():
            for n in range(10):
                ticks.append(n)
                await asyncio.sleep(0.02)
        return (await asyncio.gather(handler(Page(person)), tick()))[0]

    before = _members(units)
    assert aio.run(both()) is True
    committed_first, ticks_meanwhile = seen
    # a blocked loop would not tick at all during the check; a loaded machine may tick only a few times
    assert committed_first == before + 1 and ticks_meanwhile >= 2 and _members(units) == before + 2


class LookingUpPage(Page):
    """A page whose session lookup reads the database, as ``AuthState._actor`` does."""

    def _actor(self, session):
        session.exec(select(Member.id)).first()
        return super()._actor(session)


def test_an_async_handler_holds_no_database_lock_while_it_awaits(person, monkeypatch):
    """An upload's handler awaits the file; the session lookup's transaction must have ended by then. On SQLite
    every transaction holds the process's writer lock, so a lookup left open across the await made the next
    event on the loop wait for the lock (the loop itself blocked, so the upload could never finish) and then
    fail with "database is locked"."""
    monkeypatch.setattr(db, "BUSY_TIMEOUT_S", 2)

    @acts
    async def upload(self, w: Work):
        await asyncio.sleep(0.3)  # the file being read
        f.person(w.session)
        return "attached"

    @acts
    def save(self, w: Work):
        f.person(w.session)
        return "saved"

    async def both():
        attaching = asyncio.create_task(upload(LookingUpPage(person)))
        await asyncio.sleep(0.05)  # the upload is now awaiting its file
        start = time.perf_counter()
        saved = save(LookingUpPage(person))  # a plain handler runs on the loop, as Reflex runs it
        return saved, time.perf_counter() - start, await attaching

    saved, took, attached = aio.run(both())
    assert (saved, attached) == ("saved", "attached") and took < 1
