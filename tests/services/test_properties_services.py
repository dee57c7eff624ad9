"""Property tests over what browsers can send the services: credits, hours, ids and dates.

Whatever arrives, a service either does its job or raises the app's own DomainError, and a refusal leaves
the database exactly as it was (compared as a full SQL dump). Runs on SQLite, where a dump is one call.
"""

from __future__ import annotations

import sqlite3
import tempfile
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import SQLModel

from ce_tracker.config import settings as app_settings
from ce_tracker.db import make_engine
from ce_tracker.models import Activity, ActivityKind
from ce_tracker.services.approvals.requests import submit_request
from ce_tracker.services.courses import claims
from ce_tracker.services.errors import DomainError
from ce_tracker.services.events import cme
from tests.utils import factories as f
from tests.utils.db import units_for

TODAY = date(2026, 6, 15)
NOW = f.at(TODAY)

# What a hostile or broken browser may send in place of a typed value.
anything = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-10**12, max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=40),
    st.text(alphabet="0123456789.-+eE ,", max_size=12), st.lists(st.text(max_size=3), max_size=2),
    st.dictionaries(st.text(max_size=3), st.text(max_size=3), max_size=2),
    st.decimals(allow_nan=True, allow_infinity=True).map(str), st.just("9" * 100_000),
)
dates = st.one_of(anything, st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)).map(date.isoformat))
QUIET = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


class World:
    """One database with a member, an open conference day, a completed course and a category."""

    def __init__(self) -> None:
        self.path = Path(tempfile.mkdtemp()) / "props.db"
        engine = make_engine(f"sqlite:///{self.path}")
        SQLModel.metadata.create_all(engine)
        self.units = units_for(engine)
        with self.units() as session:
            self.member = f.person(session, certified_on=date(2024, 1, 1))
            event = f.event(session, ends_on=TODAY - timedelta(days=2), days=1, max_credits="8")
            self.day_id = f.event_days(session, event)[0].id
            f.register(session, self.member, *f.event_days(session, event))
            course = Activity(kind=ActivityKind.COURSE, title="Course", provider="P", starts_on=TODAY - timedelta(3),
                              ends_on=TODAY - timedelta(2), hours=Decimal(6), category_id=f.category(session, "Art").id)
            session.add(course)
            session.flush()
            self.course_id, self.art_id = course.id, course.category_id

    def dump(self) -> list[str]:
        with sqlite3.connect(self.path) as connection:
            return list(connection.iterdump())

    def refused_changes_nothing(self, call) -> object:
        """Run ``call(session)`` in a unit of work; a DomainError must leave the dump identical."""
        before = self.dump()
        try:
            with self.units() as session:
                return call(session)
        except DomainError:
            assert self.dump() == before
            return None


_world: World | None = None


def world() -> World:
    global _world
    if _world is None:
        _world = World()
    return _world


@QUIET
@given(value=anything)
def test_r002_07_save_day_accepts_only_valid_credits(value):
    w = world()
    saved = w.refused_changes_nothing(lambda s: cme.save_day(session=s, actor=w.member, event_day_id=w.day_id,
                                                             value=value, now=NOW))
    if saved is not None:
        assert isinstance(value, str) and Decimal(0) <= saved <= 8 and saved % Decimal("0.25") == 0


@QUIET
@given(day_id=anything)
def test_save_day_refuses_any_day_id_but_the_members_own(day_id):
    w = world()
    assert w.refused_changes_nothing(lambda s: cme.save_day(session=s, actor=w.member, event_day_id=day_id,
                                                            value="1", now=NOW)) is None or day_id == w.day_id


@QUIET
@given(hours=anything, category_id=st.one_of(anything, st.just(1)), activity_id=st.one_of(anything, st.just(2)))
def test_r000_07_claims_refuse_bad_hours_ids_and_categories(hours, category_id, activity_id):
    w = world()
    claim = w.refused_changes_nothing(lambda s: claims.claim_course(
        session=s, actor=w.member, activity_id=activity_id, category_id=category_id, hours=hours, now=NOW))
    if claim is not None:  # a valid claim: the member's own, in the course's category, within its hours
        assert (claim.activity_id, claim.category_id) == (w.course_id, w.art_id) and 0 < claim.hours <= 6
        with w.units() as session:
            session.delete(session.get(type(claim), claim.id))


@QUIET
@given(hours=anything, starts_on=dates, ends_on=dates, category_id=anything, title=anything, url=anything)
def test_r000_05_approval_requests_refuse_bad_hours_dates_and_fields(hours, starts_on, ends_on, category_id, title,
                                                                     url):
    w = world()
    w.refused_changes_nothing(lambda s: submit_request(
        session=s, actor=w.member, title=title, provider="Provider", starts_on=starts_on, ends_on=ends_on,
        format="in person", category_id=category_id, hours=hours, url=url, now=NOW, settings=app_settings))
