"""Standing under any program, and the planner's what-if."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from ce_tracker.rules import CMI, Program, TermPhase, application_opens_on
from ce_tracker.rules.planning import Plan, evaluate_lines, plan_words, what_if
from ce_tracker.rules.status import judge

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
    result = what_if(CMI, recorded, plans, today=date(2026, 12, 2), term_ends_on=date(2027, 12, 31),
                     opens_on=date(2027, 1, 1))
    assert not result.now.may_renew and result.planned.may_renew
    assert result.renewable_on == date(2027, 6, 1)
    assert result.not_counted == D(5)  # R000-14: Business and History together count 7 of the 12 planned


def test_r000_24_a_plan_after_the_term_does_not_count():
    result = what_if(CMI, [], [Plan(date(2028, 1, 1), "Art", D(14))], today=date(2026, 12, 2),
                     term_ends_on=date(2027, 12, 31), opens_on=date(2027, 1, 1))
    assert result.planned.counted_total == 0 and result.outside_term[0].hours == 14 and result.renewable_on is None


def test_already_renewable_is_renewable_today():
    result = what_if(US, [(None, D(30))], [], today=date(2026, 12, 2), term_ends_on=date(2027, 1, 1),
                     opens_on=date(2026, 1, 2))
    assert result.renewable_on == date(2026, 12, 2)


# The demo member's Plan ahead: Business 3 and History 4 recorded (7 of the shared 7), Art 12.5 of 14.
MAYA = [("Art", D("12.5")), ("Biomedical", D("23.75")), ("Business", D(3)), ("History", D(4))]
TODAY, ENDS = date(2026, 12, 5), date(2028, 10, 4)
OPENS = application_opens_on(ENDS, 12)


def _maya(plans):
    return what_if(CMI, MAYA, plans, today=TODAY, term_ends_on=ENDS, opens_on=OPENS)


def test_r000_14_a_recorded_category_never_goes_down_in_a_plan():
    """"History (needs 0, no maximum) 4 -> 0 h · met · 4 above the maximum" after a Business plan."""
    result = _maya([Plan(date(2027, 7, 13), "Business", D(4))])
    assert result.planned.categories["History"].counted == 4  # was 0: planned Business came first in order
    assert result.planned.categories["Business"].counted == 3
    for name, now in result.now.categories.items():
        assert result.planned.categories[name].counted >= now.counted


def test_r000_14_a_shared_cap_is_one_line_with_the_planned_hours_it_leaves_out():
    result = _maya([Plan(date(2027, 7, 13), "Business", D(3))])
    (group,) = result.groups
    assert (group.name, group.now, group.planned, group.cap, group.not_counted) == (
        "Business & History", 7, 7, 7, 3)
    assert result.beyond_maximum == {}  # no category of the group is "above the maximum" on its own
    bio = _maya([Plan(date(2027, 5, 4), "Biomedical", D(8))])
    assert bio.beyond_maximum == {"Biomedical": 8}  # the planned 8; the 2.75 recorded above it are not planned


def test_r000_16_r000_17_you_could_renew_is_never_before_applying_opens():
    """Plan ahead said "you could renew from Feb 3, 2027" while applying opens on Oct 5, 2027."""
    result = _maya([Plan(date(2027, 2, 3), "Art", D(6))])
    assert result.planned.may_renew and result.renewable_on == OPENS == date(2027, 10, 5)
    verdict = judge(result.now, starts_on=date(2023, 10, 5), ends_on=ENDS, today=TODAY, phase=TermPhase.COLLECTING,
                    window_months=12)
    assert plan_words(result, verdict) == "With these plans you could apply to renew from Oct 5, 2027 (term ends " \
                                          "Oct 4, 2028)."
    enough = what_if(CMI, MAYA + [("Art", D("1.5"))], [], today=TODAY, term_ends_on=ENDS, opens_on=OPENS)
    met = judge(enough.now, starts_on=date(2023, 10, 5), ends_on=ENDS, today=TODAY, phase=TermPhase.COLLECTING,
                window_months=12)
    assert enough.renewable_on == OPENS
    assert plan_words(enough, met) == "You have the hours needed; you could apply to renew from Oct 5, 2027."

