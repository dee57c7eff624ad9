"""The credit record and the next deadlines (R000-08, R000-10, R000-16)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from ce_tracker.config import settings
from ce_tracker.models import Role
from ce_tracker.services.approvals.review import approve
from ce_tracker.services.courses import claims
from ce_tracker.services.events import cme
from ce_tracker.services.record import credit_record
from ce_tracker.services.record.credit_record import APPROVED_REQUEST, CONFERENCE, PRE_APPROVED
from ce_tracker.services.reminders import deadlines
from tests.utils import factories as f

CERTIFIED = date(2023, 1, 1)
TODAY = date(2026, 6, 15)


def _record(session, actor, today=TODAY):
    return credit_record.credit_record(session=session, actor=actor, now=f.at(today))


def test_r000_10_each_line_says_how_it_was_obtained_and_whether_it_counts(session):
    member = f.person(session, certified_on=CERTIFIED)
    f.course_credit(session, member, "Art", "3", date(2026, 5, 1), title="Catalog course")
    conference = f.event(session, ends_on=date(2026, 6, 1), days=1, category_name=None, title="CME-only meeting")
    f.register(session, member, *f.event_days(session, conference))
    cme.save_day(session=session, actor=member, event_day_id=f.event_days(session, conference)[0].id, value="4",
                 now=f.at(date(2026, 6, 2)))
    cme.submit_event(session=session, actor=member, activity_id=conference.id, now=f.at(date(2026, 6, 2)))
    rec = _record(session, member)
    lines = {line.title: line for line in rec.lines}
    assert (lines["Catalog course"].source, lines["Catalog course"].counts) == (PRE_APPROVED, True)
    meeting = lines["CME-only meeting"]
    assert (meeting.source, meeting.counts, meeting.category) == (CONFERENCE, False, None)
    assert "CME only" in meeting.why_not
    assert rec.standing.counted_total == 3 and rec.days_left == (date(2027, 12, 31) - TODAY).days


def test_r000_10_the_record_is_of_the_term_credits_before_it_are_not_listed(session):
    member = f.person(session, certified_on=CERTIFIED)
    f.course_credit(session, member, "Art", "5", CERTIFIED - timedelta(days=1), title="Before the term")
    f.course_credit(session, member, "Art", "2", CERTIFIED, title="First day of the term")
    rec = _record(session, member)
    assert [line.title for line in rec.lines] == ["First day of the term"]
    assert rec.standing.categories["Art"].earned == 2


def test_r000_16_approved_request_lines_and_their_open_window_are_shown(session):
    member = f.person(session, certified_on=CERTIFIED)
    request = f.approval_request(session, member, ends_on=date(2026, 6, 1))
    reviewer = f.person(session, Role.REVIEWER)
    approve(session=session, actor=reviewer, request_id=request.id, now=f.at(date(2026, 6, 10)),
                      criteria=f.judged(),
                      settings=settings)
    found = deadlines.next_deadlines(session=session, actor=member, now=f.at(TODAY), today=TODAY)
    assert [(d.kind, d.target_id, d.last_day, d.days_left) for d in found] == [
        (deadlines.APPROVED, request.id, date(2026, 7, 10), 25)]
    claims.claim_course(session=session, actor=member, activity_id=request.activity_id,
                        category_id=request.category_id, hours="6", now=f.at(TODAY))
    assert deadlines.next_deadlines(session=session, actor=member, now=f.at(TODAY), today=TODAY) == []
    line = _record(session, member).lines[0]
    assert (line.source, line.hours, line.counts) == (APPROVED_REQUEST, Decimal("6.00"), True)


def test_r000_08_open_conferences_are_listed_soonest_first_and_closed_ones_drop_off(session):
    member = f.person(session, certified_on=CERTIFIED)
    soon = f.event(session, ends_on=TODAY - timedelta(days=25), title="Soon")
    later = f.event(session, ends_on=TODAY - timedelta(days=2), title="Later")
    gone = f.event(session, ends_on=TODAY - timedelta(days=31), title="Gone")
    cme_only = f.event(session, ends_on=TODAY - timedelta(days=40), title="CME only", category_name=None)
    for event in (soon, later, gone, cme_only):
        f.register(session, member, *f.event_days(session, event))
    found = deadlines.next_deadlines(session=session, actor=member, now=f.at(TODAY), today=TODAY)
    assert [(d.title, d.days_left) for d in found] == [("Soon", 5), ("Later", 28), ("CME only", None)]
