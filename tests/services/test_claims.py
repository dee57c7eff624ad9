"""Recording course credit (R000-06, R000-07, R000-08): the window, the hours, one claim per course."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlmodel import select

from ce_tracker.models import (
    Activity,
    ActivityKind,
    ApprovalRequest,
    AuditEntry,
    CreditClaim,
    RequestStatus,
    Role,
)
from ce_tracker.services.courses import claims
from ce_tracker.services.errors import Conflict, Invalid, NotAllowed, NotFound
from tests.utils import factories as f

ENDED = date(2026, 3, 10)


def _course(session, *, ends_on=ENDED, hours="6", category="Art", pre_approved=True) -> Activity:
    activity = Activity(kind=ActivityKind.COURSE, title="Figure Drawing Intensive", provider="Art Students League",
                        starts_on=ends_on - timedelta(days=1), ends_on=ends_on, hours=Decimal(hours),
                        category_id=f.category(session, category).id, pre_approved=pre_approved)
    session.add(activity)
    session.flush()
    return activity


def _claim(session, actor, activity, *, hours="6", on=ENDED + timedelta(days=1), category=None):
    category_id = f.category(session, category).id if category else activity.category_id
    return claims.claim_course(session=session, actor=actor, activity_id=activity.id, category_id=category_id,
                               hours=hours, now=f.at(on))


def _nothing_recorded(session) -> bool:
    return session.exec(select(CreditClaim)).all() == []


def test_r000_07_a_member_records_hours_for_a_completed_catalog_course(session):
    member = f.person(session, certified_on=date(2024, 1, 1))
    course = _course(session)
    claim = _claim(session, member, course, hours="4.75")
    assert (claim.hours, claim.completed_on, claim.approval_request_id) == (Decimal("4.75"), ENDED, None)
    audit = session.exec(select(AuditEntry).where(AuditEntry.action == "course_claimed")).one()
    assert audit.actor_id == member.member_id


@pytest.mark.parametrize("days_after, allowed", [(0, False), (1, True), (30, True), (31, False)])
def test_r000_08_credit_is_recorded_after_the_activity_and_within_30_days(session, days_after, allowed):
    member = f.person(session, certified_on=date(2024, 1, 1))
    course = _course(session)
    if allowed:
        _claim(session, member, course, on=ENDED + timedelta(days=days_after))
        return
    with pytest.raises(Invalid, match="completed" if days_after == 0 else "forfeited"):
        _claim(session, member, course, on=ENDED + timedelta(days=days_after))
    assert _nothing_recorded(session)


def test_r000_08_the_30th_day_ends_at_midnight_in_the_societys_time_zone(session):
    member = f.person(session, certified_on=date(2024, 1, 1))
    course = _course(session)
    last_day = ENDED + timedelta(days=30)
    claims.claim_course(session=session, actor=member, activity_id=course.id, category_id=course.category_id,
                        hours="6", now=f.at(last_day, hour=23))  # 04:00 UTC the next day: still the 30th in NY
    other = f.person(session, certified_on=date(2024, 1, 1))
    with pytest.raises(Invalid, match="forfeited"):
        claims.claim_course(session=session, actor=other, activity_id=course.id, category_id=course.category_id,
                            hours="6", now=f.at(last_day + timedelta(days=1), hour=0))


def test_r000_07_a_second_claim_of_the_same_course_is_refused(units):
    with units() as session:
        member = f.person(session, certified_on=date(2024, 1, 1))
        course = _course(session)
        _claim(session, member, course, hours="2")
    with pytest.raises(Conflict, match="already recorded"), units() as session:
        _claim(session, member, course, hours="3")
    with units() as session:
        assert [c.hours for c in session.exec(select(CreditClaim))] == [Decimal("2.00")]


@pytest.mark.parametrize("hours, message", [
    ("0", "more than 0"), ("-1", "negative"), ("6.25", "at most 6"), ("1.1", "quarter hour"),
    ("abc", "not a number"), ("²", "not a number"), ("٣", "not a number"), ("１", "not a number"), ("", "more than 0"), ("1e3", "not a number"), ("NaN", "not a number"),
    (None, "as a number"), (3, "as a number"), (["1"], "as a number"), ("9" * 200, "at most 10 characters"),
])
def test_r000_07_bad_hours_are_refused_with_a_reason_and_change_nothing(session, hours, message):
    member = f.person(session, certified_on=date(2024, 1, 1))
    course = _course(session)
    with pytest.raises(Invalid, match=message):
        _claim(session, member, course, hours=hours)
    assert _nothing_recorded(session)


def test_r000_07_the_course_category_is_the_only_one_accepted(session):
    member = f.person(session, certified_on=date(2024, 1, 1))
    course = _course(session, category="Art")
    with pytest.raises(Invalid, match="gives Art credit"):
        _claim(session, member, course, category="Biomedical")
    for bad in (None, "1", 10**9, True):
        with pytest.raises(Invalid, match="Choose the category"):
            claims.claim_course(session=session, actor=member, activity_id=course.id, category_id=bad,
                                hours="1", now=f.at(ENDED + timedelta(days=1)))
    assert _nothing_recorded(session)


@pytest.mark.parametrize("activity_id", [None, "1", 10**9, True, -1, [1]])
def test_unknown_activity_ids_are_refused(session, activity_id):
    member = f.person(session, certified_on=date(2024, 1, 1))
    _course(session)
    with pytest.raises(NotFound):
        claims.claim_course(session=session, actor=member, activity_id=activity_id,
                            category_id=f.category(session, "Art").id, hours="1", now=f.at(ENDED + timedelta(1)))


def test_r000_06_an_event_or_someone_elses_approved_activity_is_not_claimable_as_a_course(session):
    member = f.person(session, certified_on=date(2024, 1, 1))
    event = f.event(session, ends_on=ENDED)
    with pytest.raises(NotFound):
        claims.claim_course(session=session, actor=member, activity_id=event.id,
                            category_id=event.category_id, hours="1", now=f.at(ENDED + timedelta(1)))
    private = _course(session, pre_approved=False)
    with pytest.raises(NotFound):
        _claim(session, member, private)


def test_r000_19_only_members_record_credit(session):
    staff = f.person(session, Role.STAFF)
    with pytest.raises(NotAllowed):
        _claim(session, staff, _course(session))


def _approved_request(session, member, activity, decided_on: date) -> ApprovalRequest:
    request = ApprovalRequest(member_id=member.member_id, title=activity.title, provider=activity.provider,
                              category_id=activity.category_id, hours=activity.hours, starts_on=activity.starts_on,
                              ends_on=activity.ends_on, status=RequestStatus.APPROVED, activity_id=activity.id,
                              submitted_at=f.at(ENDED), queued_at=f.at(ENDED), decided_at=f.at(decided_on))
    session.add(request)
    session.flush()
    return request


def test_r000_08_an_approval_after_the_activity_restarts_the_30_days_for_the_requester(session):
    """Asked on day 25 after the end, approved on day 39: the requester records until day 69."""
    member = f.person(session, certified_on=date(2024, 1, 1))
    course = _course(session, pre_approved=False)
    request = _approved_request(session, member, course, ENDED + timedelta(days=39))
    with pytest.raises(Invalid, match="forfeited"):
        _claim(session, member, course, on=ENDED + timedelta(days=70))
    claim = _claim(session, member, course, on=ENDED + timedelta(days=69))
    assert claim.approval_request_id == request.id


def test_r000_08_an_approval_before_the_end_keeps_the_30_days_from_the_end(session):
    member = f.person(session, certified_on=date(2024, 1, 1))
    course = _course(session)
    _approved_request(session, member, course, ENDED - timedelta(days=20))
    with pytest.raises(Invalid, match="forfeited"):
        _claim(session, member, course, on=ENDED + timedelta(days=31))
    assert _claim(session, member, course, on=ENDED + timedelta(days=30)).approval_request_id is not None
