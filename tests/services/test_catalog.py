"""Upcoming Courses (R000-03, R000-06, R000-07, R000-09): what is listed, for how long, and staff upkeep."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlmodel import select

from ce_tracker.models import Activity, ActivityKind, AuditEntry, Role
from ce_tracker.services.courses import catalog, claims
from ce_tracker.services.courses.catalog import CourseInput
from ce_tracker.services.errors import Invalid, NotAllowed
from tests.utils import factories as f

TODAY = date(2026, 6, 15)


def _course(session, title, *, ends_in: int, category="Art", hours="3", provider="Provider", pre_approved=True):
    ends_on = TODAY + timedelta(days=ends_in)
    activity = Activity(kind=ActivityKind.COURSE, title=title, provider=provider, starts_on=ends_on,
                        ends_on=ends_on, hours=Decimal(hours), category_id=f.category(session, category).id,
                        pre_approved=pre_approved)
    session.add(activity)
    session.flush()
    return activity


def _titles(session, member, today=TODAY, **filters) -> list[str]:
    listing = catalog.catalog(session=session, actor=member, now=f.at(today), **filters)
    return [line.title for line in listing.lines]


def test_r000_09_a_course_leaves_the_list_on_its_own_30_days_after_it_ends(session):
    member = f.person(session, certified_on=date(2024, 1, 1))
    _course(session, "Ended 30 days ago", ends_in=-30)
    _course(session, "Ended 31 days ago", ends_in=-31)
    _course(session, "Next month", ends_in=30)
    assert _titles(session, member) == ["Ended 30 days ago", "Next month"]
    assert _titles(session, member, today=TODAY + timedelta(days=1)) == ["Next month"]


def test_r000_09_the_day_turns_in_the_societys_time_zone(session):
    member = f.person(session, certified_on=date(2024, 1, 1))
    _course(session, "Ended 30 days ago", ends_in=-30)
    late = catalog.catalog(session=session, actor=member, now=f.at(TODAY, hour=23))  # 03:00 UTC the next day
    assert [line.title for line in late.lines] == ["Ended 30 days ago"]


def test_r000_07_claimable_courses_come_first_then_upcoming_and_recorded_ones_say_so(session):
    member = f.person(session, certified_on=date(2024, 1, 1))
    _course(session, "Upcoming", ends_in=10)
    open_late = _course(session, "Closes in 25 days", ends_in=-5)
    _course(session, "Closes in 2 days", ends_in=-28)
    claims.claim_course(session=session, actor=member, activity_id=open_late.id, category_id=open_late.category_id,
                        hours="2.5", now=f.at(TODAY))
    listing = catalog.catalog(session=session, actor=member, now=f.at(TODAY))
    assert [line.title for line in listing.lines] == ["Closes in 2 days", "Closes in 25 days", "Upcoming"]
    lines = {line.title: line for line in listing.lines}
    assert lines["Closes in 25 days"].recorded == Decimal("2.50") and not lines["Closes in 25 days"].claimable(TODAY)
    assert lines["Closes in 2 days"].claimable(TODAY) and not lines["Upcoming"].claimable(TODAY)
    assert lines["Upcoming"].opens_on == TODAY + timedelta(days=11)


def test_r000_07_filter_by_category_and_search_title_or_provider(session):
    member = f.person(session, certified_on=date(2024, 1, 1))
    _course(session, "Watercolor Botanicals", ends_in=5, category="Art", provider="GNSI")
    _course(session, "Cardiac Anatomy", ends_in=5, category="Biomedical", provider="Johns Hopkins")
    _course(session, "100% Pricing_Guide", ends_in=5, category="Business")
    assert _titles(session, member, category="Biomedical") == ["Cardiac Anatomy"]
    assert _titles(session, member, query="  hopkins ") == ["Cardiac Anatomy"]
    assert _titles(session, member, query="%") == ["100% Pricing_Guide"]  # wildcards are literal
    assert _titles(session, member, query="_") == ["100% Pricing_Guide"]
    assert _titles(session, member, query="' OR 1=1 --") == []
    with pytest.raises(Invalid, match="categories"):
        catalog.catalog(session=session, actor=member, now=f.at(TODAY), category="Cooking")


def test_r000_06_only_pre_approved_courses_are_listed(session):
    member = f.person(session, certified_on=date(2024, 1, 1))
    _course(session, "Someone's own approved activity", ends_in=5, pre_approved=False)
    f.event(session, ends_on=TODAY, title="A conference")
    assert _titles(session, member) == []


def _input(session, **changes) -> CourseInput:
    values = dict(title="Figure Drawing", provider="Art Students League", location="New York, NY",
                  format="in person", starts_on="2026-07-01", ends_on="2026-07-02",
                  category_id=f.category(session, "Art").id, hours="7.5", url="https://example.org")
    return CourseInput(**{**values, **changes})


def test_r000_03_staff_add_a_course_and_members_see_it(session):
    staff = f.person(session, Role.STAFF)
    member = f.person(session, certified_on=date(2024, 1, 1))
    course = catalog.create_course(session=session, actor=staff, course=_input(session))
    assert course.pre_approved and course.hours == Decimal("7.50")
    assert _titles(session, member) == ["Figure Drawing"]
    assert session.exec(select(AuditEntry).where(AuditEntry.action == "course_created")).one().actor_id \
        == staff.member_id
    assert [c.title for c in catalog.staff_courses(session=session, actor=staff)] == ["Figure Drawing"]


@pytest.mark.parametrize("changes, message", [
    ({"title": "  "}, "title"), ({"provider": None}, "provider"), ({"starts_on": "2026-07-03"}, "before"),
    ({"ends_on": "July 2"}, "last day"), ({"category_id": 999}, "category"), ({"category_id": "1"}, "category"),
    ({"format": "telepathy"}, "how the course is given"), ({"hours": "0"}, "more than 0"),
    ({"hours": "7.3"}, "quarter"), ({"hours": "41"}, "at most 40"), ({"hours": 3}, "hours"), ({"hours": "²"}, "not a number"),
    ({"url": "javascript:alert(1)"}, "https://"), ({"title": "x" * 201}, "at most 200"),
])
def test_bad_course_input_is_refused_with_a_reason_and_adds_nothing(session, changes, message):
    staff = f.person(session, Role.STAFF)
    with pytest.raises(Invalid, match=message):
        catalog.create_course(session=session, actor=staff, course=_input(session, **changes))
    assert session.exec(select(Activity)).all() == []


def test_r000_19_members_cannot_keep_the_catalog(session):
    member = f.person(session, certified_on=date(2024, 1, 1))
    with pytest.raises(NotAllowed):
        catalog.create_course(session=session, actor=member, course=_input(session))
    with pytest.raises(NotAllowed):
        catalog.staff_courses(session=session, actor=member)
