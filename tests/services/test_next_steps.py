"""The approval email says what is true on the day it is sent (R000-03, R000-08, R000-09).

Before the fix every approval said "The activity now appears in Upcoming Courses. After completing it, ...",
even for an activity completed weeks ago whose listing period was over: the member looked for a course that
Upcoming Courses no longer shows.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import select

from ce_tracker import formatting as fmt
from ce_tracker.config import settings
from ce_tracker.models import Member, OutboxEmail
from ce_tracker.services.approvals.requests import submit_request
from ce_tracker.services.approvals.review import approve
from ce_tracker.services.courses import catalog
from tests.utils import factories as f

ENDED = date(2026, 3, 10)


def _approved_email(session, member, reviewer, *, asked_on: date, approved_on: date) -> tuple[str, bool]:
    """The body of the approval email, and whether Upcoming Courses lists the activity that day."""
    request = submit_request(
        session=session, actor=member, now=f.at(asked_on), settings=settings, title="Watercolor Anatomy",
        provider="City Art School", starts_on=(ENDED - timedelta(days=1)).isoformat(), ends_on=ENDED.isoformat(),
        format="in person", category_id=f.category(session, "Art").id, hours="6", description="", url="").request
    activity = approve(session=session, actor=reviewer, request_id=request.id, now=f.at(approved_on),
                                 criteria=f.judged(), publish=True,
                                 settings=settings)
    address = session.get(Member, member.member_id).email
    body = session.exec(select(OutboxEmail).where(OutboxEmail.to_address == address,
                                                  OutboxEmail.subject.startswith("Approved"))).one().body
    listed = catalog.catalog(session=session, actor=member, now=f.at(approved_on))
    return body, any(line.activity_id == activity.id for line in listed.lines)


def test_r000_03_approved_before_the_activity_it_is_listed_and_recorded_after_completing_it(session, people):
    body, listed = _approved_email(session, *people, asked_on=ENDED - timedelta(days=20),
                                   approved_on=ENDED - timedelta(days=10))
    assert listed
    assert "The activity now appears in Upcoming Courses. After completing it, record your credit by " \
           f"{fmt.long_date(ENDED + timedelta(days=30))}" in body


def test_r000_09_approved_after_the_activity_it_says_until_when_it_is_listed(session, people):
    body, listed = _approved_email(session, *people, asked_on=ENDED + timedelta(days=1),
                                   approved_on=ENDED + timedelta(days=4))
    assert listed
    assert f"appears in Upcoming Courses until {fmt.long_date(ENDED + timedelta(days=30))}" in body
    assert "After completing it" not in body and "You have completed it" in body


def test_r000_08_approved_after_the_listing_ended_it_does_not_promise_upcoming_courses(session, people):
    """Asked on day 25 after the end, approved on day 35: the list no longer shows it; 30 days from approval."""
    approved_on = ENDED + timedelta(days=35)
    body, listed = _approved_email(session, *people, asked_on=ENDED + timedelta(days=25), approved_on=approved_on)
    assert not listed
    assert "Upcoming Courses" not in body and "After completing it" not in body
    assert f"on your request's page: record your credit by {fmt.long_date(approved_on + timedelta(days=30))}" in body
