"""Standing under any program, and the planner's what-if."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from ce_tracker.rules import CMI, Program
from ce_tracker.rules.planning import Plan, evaluate_lines, what_if

US = Program(code="US", name="Ultrasound", term_years=3, total_hours=D(30), categories=(), groups=(),
             recording_window_days=30, approval_window_days=30, review_days=14, timezone="America/New_York")


def test_a_program_without_categories_counts_every_line():
    standing = evaluate_lines(US, [("Art", D(10)), (None, D(12)), ("History", D(8))])
    assert standing.counted_total == 30 and standing.may_renew


def test_a_program_with_categories_counts_only_its_own():
    standing = evaluate_lines(CMI, [("Art", D(30)), (None, D(12)), ("Sonography", D(8))])
    assert standing.counted_total == 21 and standing.categories["Art"].not_counted == 9 and not standing.may_renew


def test_r000_11_plans_would_make_the_term_renewable_on_the_plan_that_completes_it():
    recorded = [("Art", D(14)), ("Biomedical", D(10))]
    plans = [Plan(date(2027, 3, 1), "Biomedical", D(4)), Plan(date(2027, 6, 1), "Business", D(10)),
             Plan(date(2027, 9, 1), "History", D(2))]
    result = what_if(CMI, recorded, plans, today=date(2026, 12, 2), term_ends_on=date(2027, 12, 31))
    assert not result.now.may_renew and result.planned.may_renew
    assert result.renewable_on == date(2027, 6, 1)
    assert result.not_counted == D(5)  # R000-14: Business and History together count 7 of the 12 planned


def test_r000_24_a_plan_after_the_term_does_not_count():
    result = what_if(CMI, [], [Plan(date(2028, 1, 1), "Art", D(14))], today=date(2026, 12, 2),
                     term_ends_on=date(2027, 12, 31))
    assert result.planned.counted_total == 0 and result.outside_term[0].hours == 14 and result.renewable_on is None


def test_already_renewable_is_renewable_today():
    result = what_if(US, [(None, D(30))], [], today=date(2026, 12, 2), term_ends_on=date(2027, 1, 1))
    assert result.renewable_on == date(2026, 12, 2)
