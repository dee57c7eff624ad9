"""A phone's save sent again after a lost connection is applied once (R002-08, R002-09).

The phone gives each save an id of its own and sends the save again, under the same id, until the server
answers; the server stores each applied id once per member, so a retry, or the first try and a retry arriving
together, change the day once.
"""

from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlmodel import select

from ce_tracker.models import AuditEntry, DayCredit, DaySave
from ce_tracker.services.errors import Conflict, Invalid
from ce_tracker.services.events import cme
from tests.utils import factories as f

END = date(2026, 10, 10)
AFTER = f.at(date(2026, 10, 12))
X, Y = "0b9d1e52-1f0c-4b7e-9a55-6c1c7f0f2a01", "6f3c2a9e-8d41-4a2b-b7c3-1e5f9d0a4b72"


@pytest.fixture
def setup(session):
    member = f.person(session)
    activity = f.event(session, ends_on=END)
    days = f.event_days(session, activity)
    f.register(session, member, *days)
    return member, activity, days


def save(session, member, day, value, save_id, now=AFTER):
    return cme.save_day(session=session, actor=member, event_day_id=day.id, value=value, now=now, save_id=save_id)


def _credits(session, member) -> dict[int, str]:
    rows = session.exec(select(DayCredit).where(DayCredit.member_id == member.member_id)).all()
    return {row.event_day_id: str(row.credits) for row in rows}


def test_r002_08_a_save_sent_twice_is_applied_once(session, setup):
    member, _, days = setup
    assert save(session, member, days[0], "5", X) == 5
    assert save(session, member, days[0], "5", X) == 5
    assert _credits(session, member) == {days[0].id: "5.00"}
    assert len(session.exec(select(DaySave).where(DaySave.member_id == member.member_id)).all()) == 1
    saves = session.exec(select(AuditEntry).where(AuditEntry.action == "cme_day_saved",
                                                  AuditEntry.actor_id == member.member_id)).all()
    assert len(saves) == 1


def test_r002_08_an_old_save_sent_again_never_undoes_a_newer_one(session, setup):
    """A phone whose first answer was lost sends its save again after the member saved the day anew elsewhere."""
    member, _, days = setup
    save(session, member, days[0], "5", X)
    save(session, member, days[0], "6", Y)
    assert save(session, member, days[0], "5", X) == 5  # the answer to that save, which went through then
    assert _credits(session, member) == {days[0].id: "6.00"}


def test_save_ids_are_each_members_own(session, setup):
    member, _, days = setup
    other = f.person(session, name="Other Member")
    f.register(session, other, *days)
    save(session, member, days[0], "5", X)
    save(session, other, days[0], "3", X)  # the same id from another member's phone is another save
    assert _credits(session, member) == {days[0].id: "5.00"}
    assert _credits(session, other) == {days[0].id: "3.00"}


def test_r002_09_a_save_id_used_for_another_day_is_refused(session, setup):
    member, _, days = setup
    save(session, member, days[0], "5", X)
    with pytest.raises(Conflict, match="another day"):
        save(session, member, days[1], "4", X)
    assert _credits(session, member) == {days[0].id: "5.00"}


def test_r002_10_a_save_sent_again_after_the_submit_is_answered_not_refused(session, setup):
    """The retry of a save that went through before the submit gets its answer; a new save is refused."""
    member, activity, days = setup
    for day, save_id in zip(days, (X, Y, None)):
        save(session, member, day, "2", save_id)
    cme.submit_event(session=session, actor=member, activity_id=activity.id, now=AFTER)
    assert save(session, member, days[0], "2", X) == 2
    with pytest.raises(Conflict, match="submitted"):
        save(session, member, days[0], "3", "c0ffee00-new-save")


@pytest.mark.parametrize("bad", ["short", "has spaces in it", "x" * 65, ["a-list-of-it"], "ünïcödé-id-1234"])
def test_a_save_id_that_is_no_id_is_refused_and_nothing_saved(session, setup, bad):
    member, _, days = setup
    with pytest.raises(Invalid, match="valid id"):
        save(session, member, days[0], "5", bad)
    assert _credits(session, member) == {}


def test_r002_08_the_first_try_and_its_retry_arriving_together_change_the_day_once(engine, units):
    """On PostgreSQL the twin waits on the unique (member, save id) row and then finds it."""
    with units() as session:
        member = f.person(session)
        activity = f.event(session, ends_on=END)
        days = f.event_days(session, activity)
        f.register(session, member, *days)
    barrier, answers = threading.Barrier(4), []

    def retry() -> None:
        barrier.wait()
        with units() as session:
            answers.append(save(session, member, days[0], "7.5", X))

    threads = [threading.Thread(target=retry) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == [7.5] * 4
    with units() as session:
        assert _credits(session, member) == {days[0].id: "7.50"}
        assert len(session.exec(select(DaySave)).all()) == 1
        assert len(session.exec(select(AuditEntry).where(AuditEntry.action == "cme_day_saved")).all()) == 1
