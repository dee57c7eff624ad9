"""The what-if planner — plans kept per member, judged by the rules, never recorded."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import select

from ce_tracker.config import settings
from ce_tracker.models import Activity, ActivityKind, ApprovalRequest, CreditClaim, PlannedActivity, Role
from ce_tracker.rules.program_check import ProgramDraft
from ce_tracker.services.accounts import members
from ce_tracker.services.errors import Conflict, Invalid, NotFound
from ce_tracker.services.programs import editor
from ce_tracker.services.record import planner
from tests.utils import factories as f

CERTIFIED = date(2023, 1, 10)  # the CMI term ends 2028-01-09
TODAY = date(2026, 12, 2)
NOW = f.at(TODAY)


def _add(session, member, *, title="Workshop", category="Art", hours="6", on="2027-03-01"):
    return planner.add_plan(session=session, actor=member, title=title, category=category, hours=hours,
                            planned_on=on, now=NOW)


def test_r000_16_plans_show_the_standing_they_would_give_without_recording_anything(session):
    member = f.person(session, certified_on=CERTIFIED)
    f.course_credit(session, member, "Art", "14", date(2024, 5, 1))
    f.course_credit(session, member, "Biomedical", "10", date(2024, 6, 1))
    _add(session, member, category="Biomedical", hours="4", on="2027-02-01")
    _add(session, member, category="Business", hours="5", on="2027-05-01")
    _add(session, member, category="History", hours="5", on="2027-06-01")

    view = planner.planner(session=session, actor=member, now=NOW)

    (term,) = view.terms
    assert not term.result.now.may_renew and term.result.now.counted_total == 24
    assert term.result.planned.may_renew and term.result.planned.counted_total == 35
    assert term.result.renewable_on == date(2027, 6, 1) and term.result.not_counted == 3  # R000-14 cap of 7
    assert [p.category for p in view.plans] == ["Biomedical", "Business", "History"]
    assert session.exec(select(CreditClaim)).all().__len__() == 2  # nothing recorded by planning


def test_a_plan_counts_toward_each_program_that_accepts_it(session):
    staff, member = f.person(session, Role.STAFF), f.person(session, certified_on=CERTIFIED)
    row = editor.create_program(session=session, actor=staff, now=NOW, draft=ProgramDraft(
        code="US", name="Ultrasound CME", term_years="3", total_hours="30"))
    members.open_term(session, member_id=member.member_id, program=row, starts_on=date(2025, 1, 1))
    session.flush()
    _add(session, member, category="Art", hours="21")
    _add(session, member, category=planner.ANY, hours="9", on="2027-04-01")

    view = planner.planner(session=session, actor=member, now=NOW)

    cmi, us = view.terms
    assert cmi.result.planned.counted_total == 21  # "Other CME hours" is no CMI category
    assert us.program_name == "Ultrasound CME" and us.result.planned.counted_total == 30
    assert us.result.renewable_on == date(2027, 4, 1)
    assert planner.ANY in view.categories


@pytest.mark.parametrize("hours, message", [
    ("six", "'six' is not a number"),
    ("٦", "is not a number"),  # Arabic-Indic six: digits of other scripts are refused, not guessed
    ("６", "is not a number"),  # full-width six
    ("-3", "Hours cannot be negative."),
    ("0", "more than 0"),
    ("", "Enter the planned hours"),
    ("1.1", "steps of 0.25"),
    ("22", "At most 21 Art hours can count in a term; plan at most 21."),
])
def test_bad_hours_are_refused_clearly(session, hours, message):
    member = f.person(session, certified_on=CERTIFIED)
    with pytest.raises(Invalid, match=message):
        _add(session, member, hours=hours)
    assert session.exec(select(PlannedActivity)).all() == []


def test_r000_14_a_capped_category_limits_one_plan_to_its_combined_cap(session):
    member = f.person(session, certified_on=CERTIFIED)
    with pytest.raises(Invalid, match="At most 7 History hours"):
        _add(session, member, category="History", hours="8")


def test_unknown_category_date_outside_the_term_and_bad_dates_are_refused(session):
    member = f.person(session, certified_on=CERTIFIED)
    with pytest.raises(Invalid, match="Choose one of the categories: Art, Biomedical, Business, History."):
        _add(session, member, category="Sculpture")
    with pytest.raises(Invalid, match="from January 10, 2023 to January 9, 2028"):
        _add(session, member, on="2028-02-01")
    with pytest.raises(Invalid, match="calendar date"):
        _add(session, member, on="2027-02-30")
    with pytest.raises(Invalid, match="title"):
        _add(session, member, title="  ")
    with pytest.raises(Invalid, match="no certification term"):
        _add(session, f.person(session))


def test_plans_are_the_members_own_editable_and_removable(session):
    member, other = f.person(session, certified_on=CERTIFIED), f.person(session, certified_on=CERTIFIED)
    plan = _add(session, member)
    planner.update_plan(session=session, actor=member, plan_id=plan.id, title="Evening class", category="Biomedical",
                        hours="7.5", planned_on="2027-04-02", now=NOW)
    assert (plan.title, plan.category, plan.hours, plan.planned_on) == (
        "Evening class", "Biomedical", Decimal("7.50"), date(2027, 4, 2))
    with pytest.raises(NotFound):
        planner.remove_plan(session=session, actor=other, plan_id=plan.id)
    with pytest.raises(NotFound):
        planner.update_plan(session=session, actor=other, plan_id=plan.id, title="x", category="Art", hours="1",
                            planned_on="2027-04-02", now=NOW)
    assert planner.planner(session=session, actor=other, now=NOW).plans == ()
    planner.remove_plan(session=session, actor=member, plan_id=plan.id)
    assert session.exec(select(PlannedActivity)).all() == []


def test_r000_02_a_done_plan_becomes_an_approval_request_in_one_step(session):
    member = f.person(session, certified_on=CERTIFIED)
    plan = _add(session, member, title="Anatomy drawing weekend", hours="6", on="2026-11-28")
    submitted = planner.plan_to_request(session=session, actor=member, plan_id=plan.id, provider="City Art School",
                                        format="in person", now=NOW, settings=settings)
    request = session.get(ApprovalRequest, submitted.request.id)
    assert (request.title, request.hours, request.ends_on) == ("Anatomy drawing weekend", Decimal("6"),
                                                              date(2026, 11, 28))
    assert plan.done_as == f"approval request #{request.id}"
    with pytest.raises(Conflict, match="done already"):
        planner.plan_to_request(session=session, actor=member, plan_id=plan.id, provider="x", format="in person",
                                now=NOW, settings=settings)


def test_a_refused_request_leaves_the_plan_open(session):
    member = f.person(session, certified_on=CERTIFIED)
    plan = _add(session, member, on="2026-11-28")
    with pytest.raises(Invalid, match="provider"):
        planner.plan_to_request(session=session, actor=member, plan_id=plan.id, provider="", format="in person",
                                now=NOW, settings=settings)
    assert plan.done_as == ""


def test_r000_07_a_done_plan_becomes_a_course_claim_in_one_step(session):
    member = f.person(session, certified_on=CERTIFIED)
    course = Activity(kind=ActivityKind.COURSE, title="Digital sculpting", provider="P", starts_on=date(2026, 11, 20),
                      ends_on=date(2026, 11, 20), hours=Decimal(8), category_id=f.category(session, "Art").id)
    session.add(course)
    session.flush()
    plan = _add(session, member, hours="8", on="2026-11-20")
    claim = planner.plan_to_claim(session=session, actor=member, plan_id=plan.id, activity_id=course.id, now=NOW)
    assert (claim.hours, claim.activity_id) == (Decimal("8"), course.id) and plan.done_as == f"course claim #{claim.id}"
    view = planner.planner(session=session, actor=member, now=NOW)
    assert view.terms[0].result.now.counted_total == 8  # recorded now, and the done plan is no longer counted twice
    assert view.terms[0].result.planned.counted_total == 8
