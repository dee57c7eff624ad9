"""Property: for any standing, day and plans, the headline and every figure shown agree (R000-11 to R000-18, plans too).

Hypothesis makes a member (a term started up to six years ago, course credits inside it, an application when
the record allows one, plans), then reads what each surface would show, as service-level view objects: Home's
``HomeView``, the renewal page's overview, the Board's row, the planner's ``TermPlan`` and the reminder texts.
Every surface must give the same status, the headline must follow from the figures (the pace arithmetic, the
hours still needed, the renewal window) and name only true numbers and dates, and the planner must never show a
recorded category going down or a renewal day before applying opens.
"""

from __future__ import annotations

import re
import tempfile
from datetime import date, timedelta
from decimal import Decimal
from itertools import count
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlmodel import SQLModel

from ce_tracker import formatting as fmt
from ce_tracker.config import settings as app_settings
from ce_tracker.db import make_engine
from ce_tracker.models import Role
from ce_tracker.rules import CMI, hours_needed, pace_hours, renewal_progress, term_end
from ce_tracker.rules.planning import evaluate_lines, plan_words
from ce_tracker.rules.progress import FINAL_DAYS
from ce_tracker.rules.status import Status, headline, needed_words, row_words
from ce_tracker.services.accounts.members import NewMember, add_member
from ce_tracker.services.accounts.actors import load_actor
from ce_tracker.services.board import cohorts as board_cohorts
from ce_tracker.services.record import planner, standing_view
from ce_tracker.services.reminders.sending import grace_message, term_end_message
from ce_tracker.services.renewal import applications
from tests.utils import factories as f
from tests.utils.db import units_for

TODAY = date(2026, 12, 5)
NOW = f.at(TODAY)
CATEGORIES = ("Art", "Biomedical", "Business", "History")
QUIET = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
HOURS = re.compile(r"(\d+(?:\.\d+)?) h in ([A-Z][a-z]+)")


class World:
    """One database with the CMI program and a Board member; each example adds a member of its own."""

    def __init__(self) -> None:
        engine = make_engine(f"sqlite:///{Path(tempfile.mkdtemp()) / 'numbers.db'}")
        SQLModel.metadata.create_all(engine)
        self.units = units_for(engine)
        self.numbers = count()
        with self.units() as session:
            f.program(session)
            self.board = self.person(session, Role.BOARD, certified_on=None)

    def person(self, session, *roles, certified_on):
        n = next(self.numbers)
        member = add_member(session, NewMember(f"Numbers {n}", f"numbers{n}@example.test", f"numbers{n}",
                                               roles or (Role.MEMBER,), certified_on), password=None, actor_id=None)
        session.flush()
        return load_actor(session, member.id)


_world: World | None = None


def world() -> World:
    global _world
    if _world is None:
        _world = World()
    return _world


# The optional pair is drawn as often as the required two: its shared cap is where plans used to contradict.
KINDS = st.sampled_from(CATEGORIES + ("Business", "History"))
credits = st.lists(st.tuples(KINDS, st.integers(1, 60), st.floats(0, 1)), max_size=8)
plans = st.lists(st.tuples(KINDS, st.integers(1, 28), st.integers(0, 2000)), max_size=3)
# The demo member (40.5 of 35 h, short 1.5 h of Art, 669 days left) with a Business plan; hours met before the
# window opens; an application with headquarters; a term in grace; a lapsed one.
MAYA = [("Art", 50, 0.7), ("Biomedical", 95, 0.8), ("Business", 12, 0.1), ("History", 16, 0.6)]


def _arrange(session, w: World, days_ago: int, lines, wanted_plans, apply: bool):
    starts = TODAY - timedelta(days=days_ago)
    member = w.person(session, certified_on=starts)
    ends = min(TODAY, term_end(CMI, starts))
    span = (ends - starts).days
    for category, quarters, where in lines:
        on = starts + timedelta(days=int(span * where))
        f.course_credit(session, member, category, str(Decimal(quarters) / 4), on)
    last = term_end(CMI, starts)
    for category, quarters, ahead in wanted_plans if last > TODAY else []:
        hours = min(Decimal(quarters) / 4, Decimal(7) if category in ("Business", "History") else Decimal(21))
        planned_on = TODAY + timedelta(days=ahead % ((last - TODAY).days + 1))
        planner.add_plan(session=session, actor=member, title="Plan", category=category, hours=str(hours),
                         planned_on=planned_on.isoformat(), now=NOW)
    overview = applications.renewal_overview(session=session, actor=member, now=NOW, settings=app_settings)
    if apply and overview.may_apply:
        applications.apply_for_renewal(session=session, actor=member, attested=True, now=NOW, settings=app_settings)
    return member


def _check_headline(verdict, words: str) -> None:
    """The sentence follows from the verdict's figures and names only true numbers and dates."""
    st_ = verdict.standing
    needed = hours_needed(st_)
    assert words == headline(verdict)
    assert ("behind the pace" in words) == (verdict.status is Status.AT_RISK and verdict.behind)
    if "still need" in words:
        assert needed > 0 and needed_words(st_) in words.replace(f" by {fmt.day(verdict.ends_on)}", "")
    for hours, name in HOURS.findall(words):
        assert Decimal(hours) == st_.categories[name].shortfall > 0, (words, name)
    named = {name for _, name in HOURS.findall(words)}
    if verdict.status in (Status.ON_PACE, Status.AT_RISK, Status.IN_GRACE):
        assert named == {c.name for c in st_.categories.values() if c.shortfall}
    for day in re.findall(r"[A-Z][a-z]{2} \d{1,2}, \d{4}", words):
        assert day in {fmt.day(verdict.ends_on), fmt.day(verdict.opens_on),
                       fmt.day(verdict.ends_on + timedelta(days=1))}, (words, day)
    assert ("apply now" in words) == verdict.may_apply


def _check_status(verdict) -> None:
    """The status word is the one the figures give (R000-15 to R000-17)."""
    st_, program = verdict.standing, verdict.standing.program
    needed = hours_needed(st_)
    pace = pace_hours(program.total_hours, verdict.starts_on, verdict.ends_on, verdict.today)
    assert verdict.behind == (pace - (program.total_hours - needed) > program.total_hours / program.term_years)
    if verdict.status is Status.ON_PACE:
        assert needed > 0 and not verdict.behind and verdict.days_left >= FINAL_DAYS
    if verdict.status is Status.AT_RISK:
        assert needed > 0 and (verdict.behind or verdict.days_left < FINAL_DAYS) and verdict.days_left >= 0
    if verdict.status in (Status.HOURS_MET, Status.ELIGIBLE):
        assert st_.may_renew and needed == 0
    if verdict.status is Status.HOURS_MET:
        assert verdict.today < verdict.opens_on
    if verdict.status is Status.ELIGIBLE:
        assert verdict.today >= verdict.opens_on
    if verdict.status in (Status.IN_GRACE, Status.LAPSED):
        assert verdict.today > verdict.ends_on or verdict.status is Status.LAPSED
    assert (renewal_progress(st_) == 100) == (needed == 0)


@QUIET
@given(days_ago=st.integers(0, 6 * 365), lines=credits, wanted_plans=plans, apply=st.booleans())
@example(days_ago=1157, lines=MAYA, wanted_plans=[("Business", 16, 200)], apply=False)
@example(days_ago=1157, lines=MAYA + [("Art", 6, 0.9)], wanted_plans=[], apply=False)
@example(days_ago=1500, lines=MAYA + [("Art", 6, 0.9)], wanted_plans=[], apply=True)
@example(days_ago=5 * 365 + 10, lines=[("Art", 56, 0.5)], wanted_plans=[], apply=False)
@example(days_ago=5 * 365 + 60, lines=[("Art", 56, 0.5)], wanted_plans=[], apply=False)
def test_r000_15_r000_16_every_surface_says_the_same_status_and_true_figures(days_ago, lines, wanted_plans,
                                                                                  apply):
    w = world()
    with w.units() as session:
        member = _arrange(session, w, days_ago, lines, wanted_plans, apply)
        home = standing_view.home_view(session=session, actor=member, now=NOW)
        overview = applications.renewal_overview(session=session, actor=member, now=NOW, settings=app_settings)
        rows = board_cohorts.certificant_list(session=session, actor=w.board, now=NOW,
                                              query=home.profile.member_number).rows
        view = planner.planner(session=session, actor=member, now=NOW)

    verdict = home.verdict
    # Home: one word for the badge and the "Status" fact, the headline from the figures, Apply iff accepted.
    assert home.status is verdict.status and home.status_label == home.term_status == verdict.status.label
    _check_status(verdict)
    _check_headline(verdict, home.headline)
    assert home.shortfall == needed_words(verdict.standing)
    assert home.record.standing == verdict.standing
    # The lines the record lists add up to the hours every standing is judged on (``term_hours``).
    assert evaluate_lines(CMI, [(line.category, line.hours) for line in home.record.lines]) == verdict.standing
    assert home.may_renew is overview.may_apply is verdict.may_apply is (overview.why_not == "")

    # The Board: one row for this term, the member's own verdict and figures.
    (row,) = rows
    assert row.verdict == verdict and row.status is home.status
    assert row_words(row.verdict).startswith(
        f"{fmt.hours(verdict.standing.counted_total)} of {fmt.hours(CMI.total_hours)} h counted")

    # The planner: the same term and status; recorded hours never fall; no renewal day before applying opens.
    (term,) = view.terms
    result = term.result
    assert term.verdict == verdict and result.now == verdict.standing
    for name, now in result.now.categories.items():
        assert result.planned.categories[name].counted >= now.counted
    for group in result.groups:
        assert group.now <= group.planned <= group.cap and group.not_counted >= 0
    assert set(result.beyond_maximum) <= {c.name for c in CMI.categories if c.max_hours is not None}
    if result.renewable_on is not None:
        assert result.renewable_on >= max(verdict.opens_on, verdict.today) and result.planned.may_renew
    words = plan_words(result, verdict)
    assert ("apply to renew now" in words) == verdict.may_apply
    for day in re.findall(r"[A-Z][a-z]{2} \d{1,2}, \d{4}", words):
        assert day in {fmt.day(verdict.ends_on), fmt.day(verdict.opens_on), fmt.day(result.renewable_on)}

    # The reminders: Home's headline, word for word.
    subject, body = term_end_message(verdict, 3)
    assert headline(verdict) in body and fmt.day(verdict.ends_on) in body
    if verdict.status is Status.IN_GRACE:
        assert needed_words(verdict.standing) in grace_message(verdict, "a request")[1]
