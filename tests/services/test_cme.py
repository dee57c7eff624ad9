"""The CME Tracker service: per-day entry, one irreversible submit (seed 002)."""

from __future__ import annotations

import threading
from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import select

from ce_tracker.models import AuditEntry, Certificate, DayCredit, EventSubmission
from ce_tracker.rules import EventPhase
from ce_tracker.services.errors import Conflict, Invalid, NotFound
from ce_tracker.services.events import cme
from tests.utils import factories as f

END = date(2026, 10, 10)
AFTER = f.at(date(2026, 10, 12))


@pytest.fixture
def setup(session):
    member = f.person(session)
    activity = f.event(session, ends_on=END)
    days = f.event_days(session, activity)
    f.register(session, member, *days)
    return member, activity, days


def save(session, member, day, value, now=AFTER):
    return cme.save_day(session=session, actor=member, event_day_id=day.id, value=value, now=now)


def test_r002_04_events_listed_most_recent_first(session, setup):
    member, older, _ = setup
    newer = f.event(session, ends_on=date(2026, 11, 1), title="Fall Workshop")
    f.register(session, member, *f.event_days(session, newer))
    titles = [e.title for e in cme.my_events(session=session, actor=member, now=AFTER)]
    assert titles == ["Fall Workshop", "Annual Convention"]


def test_r002_01_no_claim_before_the_event_concludes(session, setup):
    member, activity, days = setup
    last_day = f.at(END, hour=23)
    sheet = cme.event_sheet(session=session, actor=member, activity_id=activity.id, now=last_day)
    assert sheet.phase is EventPhase.UPCOMING and sheet.opens_on == date(2026, 10, 11)
    with pytest.raises(Invalid, match="cannot be claimed until the conclusion"):
        save(session, member, days[0], "4", now=last_day)
    assert save(session, member, days[0], "4", now=f.at(date(2026, 10, 11), hour=0)) == Decimal("4.00")


def test_r002_07_blank_is_not_zero_and_zero_is_accepted(session, setup):
    member, activity, days = setup
    with pytest.raises(Invalid, match="enter 0"):
        save(session, member, days[0], "  ")
    save(session, member, days[0], "0")
    sheet = cme.event_sheet(session=session, actor=member, activity_id=activity.id, now=AFTER)
    assert sheet.days[0].credits == Decimal("0") and sheet.missing_days == (days[1].day, days[2].day)


@pytest.mark.parametrize("value, message", [
    ("abc", "not a number"), ("-1", "negative"), ("8.25", "at most 8"), ("0.3", "steps of 0.25"),
    ("NaN", "not a number"), ("Infinity", "not a number"), ("1e1", "not a number"),
    ("9" * 5000, "at most 10 characters"),
    (None, "number"), (3, "number"),
])
def test_r002_07_bad_values_are_refused_and_nothing_saved(session, setup, value, message):
    member, _, days = setup
    with pytest.raises(Invalid, match=message):
        save(session, member, days[0], value)
    assert session.exec(select(DayCredit)).all() == []


def test_r002_09_saving_one_day_never_touches_another(session, setup):
    member, activity, days = setup
    save(session, member, days[0], "7.5")
    save(session, member, days[1], "6")
    save(session, member, days[0], "8")
    sheet = cme.event_sheet(session=session, actor=member, activity_id=activity.id, now=AFTER)
    assert [d.credits for d in sheet.days] == [Decimal("8.00"), Decimal("6.00"), None]


def test_r002_14_only_registered_days_are_claimable(session):
    member = f.person(session)
    activity = f.event(session, ends_on=END)
    days = f.event_days(session, activity)
    f.register(session, member, days[0], days[2])
    with pytest.raises(NotFound, match="not registered"):
        save(session, member, days[1], "4")
    sheet = cme.event_sheet(session=session, actor=member, activity_id=activity.id, now=AFTER)
    assert [d.registered for d in sheet.days] == [True, False, True]
    save(session, member, days[0], "4")
    save(session, member, days[2], "0")
    assert cme.submit_event(session=session, actor=member, activity_id=activity.id, now=AFTER).total == Decimal("4")


def test_another_members_day_and_event_are_out_of_reach(session, setup):
    _, activity, days = setup
    intruder = f.person(session)
    with pytest.raises(NotFound):
        save(session, intruder, days[0], "4")
    with pytest.raises(NotFound):
        cme.event_sheet(session=session, actor=intruder, activity_id=activity.id, now=AFTER)
    with pytest.raises(NotFound):
        cme.submit_event(session=session, actor=intruder, activity_id=activity.id, now=AFTER)
    for forged in ("1", 1.0, True, None, [days[0].id]):
        with pytest.raises(NotFound):
            cme.save_day(session=session, actor=intruder, event_day_id=forged, value="4", now=AFTER)


def test_event_days_are_the_sheets_days_in_one_statement(engine, session):
    """What the page reads back after a save: the sheet's own days (registration, saved value, session category),
    one statement, and nothing for someone registered for none of them."""
    from sqlalchemy import event

    member, intruder = f.person(session), f.person(session)
    activity = f.event(session, ends_on=END)
    days = f.event_days(session, activity)
    f.register(session, member, days[0], days[2])
    save(session, member, days[2], "0")
    sheet = cme.event_sheet(session=session, actor=member, activity_id=activity.id, now=AFTER)
    statements = []

    def count(_connection, _cursor, statement, *_args) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        lines = cme.event_days(session=session, actor=member, activity_id=activity.id)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert lines == sheet.days
    assert [(d.registered, d.credits) for d in lines] == [(True, None), (False, None), (True, Decimal("0"))]
    assert len(statements) == 1
    assert cme.missing_days(lines) == (days[0].day,) and not cme.can_submit(EventPhase.OPEN, lines)
    for actor, activity_id in ((intruder, activity.id), (member, str(activity.id)), (member, True),
                               (member, activity.id + 999)):
        with pytest.raises(NotFound):
            cme.event_days(session=session, actor=actor, activity_id=activity_id)


def test_r002_11_submit_needs_every_registered_day(session, setup):
    member, activity, days = setup
    save(session, member, days[0], "4")
    save(session, member, days[1], "0")
    with pytest.raises(Invalid, match="Missing"):
        cme.submit_event(session=session, actor=member, activity_id=activity.id, now=AFTER)
    assert session.exec(select(EventSubmission)).all() == []


def _submit_all(session, member, activity, days):
    for day, value in zip(days, ["7.5", "0", "5.25"]):
        save(session, member, day, value)
    return cme.submit_event(session=session, actor=member, activity_id=activity.id, now=AFTER)


def test_r002_10_r002_12_after_submit_total_shows_and_nothing_changes(session, setup):
    member, activity, days = setup
    assert _submit_all(session, member, activity, days).total == Decimal("12.75")
    line = cme.my_events(session=session, actor=member, now=AFTER)[0]
    assert line.phase is EventPhase.SUBMITTED and line.total == Decimal("12.75") and line.certificate_number
    with pytest.raises(Conflict, match="can no longer be changed"):
        save(session, member, days[0], "1")
    with pytest.raises(Conflict):
        cme.submit_event(session=session, actor=member, activity_id=activity.id, now=AFTER)
    assert [c.credits for c in session.exec(select(DayCredit).order_by(DayCredit.event_day_id))] == \
        [Decimal("7.50"), Decimal("0.00"), Decimal("5.25")]
    assert len(session.exec(select(Certificate)).all()) == 1
    assert session.exec(select(AuditEntry).where(AuditEntry.action == "cme_submitted")).one()


def test_r000_08_designated_event_closes_after_30_days(session, setup):
    member, activity, days = setup
    save(session, member, days[0], "4", now=f.at(date(2026, 11, 9), hour=23))
    with pytest.raises(Invalid, match="forfeited"):
        save(session, member, days[1], "4", now=f.at(date(2026, 11, 10), hour=1))


def test_two_tabs_submitting_at_once_make_one_submission(engine, units):
    with units() as session:
        member = f.person(session)
        activity = f.event(session, ends_on=END)
        days = f.event_days(session, activity)
        f.register(session, member, *days)
        for day in days:
            save(session, member, day, "2")
    results = []

    def submit():
        try:
            with units() as session:
                cme.submit_event(session=session, actor=member, activity_id=activity.id, now=AFTER)
            results.append("ok")
        except Conflict:
            results.append("refused")

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["ok", "refused", "refused", "refused"]
    with units() as session:
        assert len(session.exec(select(EventSubmission)).all()) == 1
