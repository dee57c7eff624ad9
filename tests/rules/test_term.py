"""The term's life as pure rules (R000-11, R000-15 to R000-17)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from ce_tracker.rules import (
    CMI,
    TermPhase,
    TermSpan,
    application_opens_on,
    bar_value,
    evaluate,
    grace_last_day,
    needed_words,
    owning_term,
    renewal_progress,
    term_phase,
)
from ce_tracker.rules.reminders import review_boundary, term_end_boundary, window_boundary

ENDS = date(2027, 1, 9)
TERMS = [TermSpan(1, date(2022, 1, 10), ENDS), TermSpan(2, date(2027, 1, 10), date(2032, 1, 9))]


@pytest.mark.parametrize("day, owner", [(date(2022, 1, 10), 1), (ENDS, 1), (ENDS + timedelta(1), 2),
                                        (date(2032, 1, 9), 2), (date(2022, 1, 9), None), (date(2032, 1, 10), None)])
def test_r000_11_each_completion_date_belongs_to_exactly_one_term(day, owner):
    assert owning_term(TERMS, day) == owner


def test_r000_11_overlapping_terms_are_refused():
    with pytest.raises(ValueError):
        owning_term([TermSpan(1, date(2022, 1, 1), date(2026, 12, 31)), TermSpan(2, date(2026, 6, 1),
                                                                                  date(2031, 5, 31))], date(2026, 7, 1))


@pytest.mark.parametrize("months, opens", [(12, date(2026, 1, 10)), (6, date(2026, 7, 10)), (0, date(2027, 1, 10))])
def test_r000_17_the_renewal_window_opens_months_before_the_end(months, opens):
    assert application_opens_on(ENDS, months) == opens


def _phase(today, *, may_renew=False, undecided=0, pending=False, stored="active", grace=None):
    return term_phase(stored=stored, ends_on=ENDS, today=today, may_renew=may_renew, window_months=12,
                      grace_until=grace or grace_last_day(CMI, ENDS), undecided_requests=undecided,
                      application_pending=pending)


def test_r000_15_phases_through_the_life_of_a_term():
    assert _phase(date(2026, 1, 9)) is TermPhase.COLLECTING
    assert _phase(date(2026, 1, 10)) is TermPhase.WINDOW
    assert _phase(ENDS) is TermPhase.WINDOW
    assert _phase(ENDS + timedelta(1)) is TermPhase.GRACE
    assert _phase(ENDS + timedelta(30)) is TermPhase.GRACE  # a last-day activity may still be recorded
    assert _phase(ENDS + timedelta(31)) is TermPhase.LAPSED
    assert _phase(ENDS + timedelta(31), undecided=1) is TermPhase.GRACE  # the committee has not decided yet
    assert _phase(ENDS + timedelta(31), pending=True) is TermPhase.GRACE  # headquarters have not decided yet
    assert _phase(ENDS + timedelta(31), may_renew=True) is TermPhase.ENDED  # the hours are there: never lapses
    assert _phase(ENDS + timedelta(40), grace=ENDS + timedelta(45)) is TermPhase.GRACE  # an approved one to record
    assert _phase(ENDS, stored="renewed") is TermPhase.RENEWED and _phase(ENDS, stored="lapsed") is TermPhase.LAPSED


def test_r000_16_the_status_is_never_complete_while_a_category_is_short():
    standing = evaluate(CMI, {"Art": Decimal("9.5"), "Biomedical": Decimal("21"), "Business": Decimal("5.5")})
    assert standing.counted_total == Decimal("36")
    assert needed_words(standing) == "4.5 h in Art"
    assert renewal_progress(standing) == 87  # (35 - 4.5) / 35, not 100
    assert renewal_progress(evaluate(CMI, {"Art": 14, "Biomedical": 14, "Business": 7})) == 100
    assert renewal_progress(evaluate(CMI, {"Art": 14, "Biomedical": 14, "Business": 6})) == 97


def test_r000_16_a_bar_is_progress_toward_its_minimum_or_cap_and_never_lowered_by_more_hours():
    values = [bar_value(Decimal(h), Decimal(14), Decimal(21)) for h in range(0, 40)]
    assert values == sorted(values) and values[14] == 100 and values[21] == 100 and values[39] == 100
    assert bar_value(Decimal("3.5"), Decimal(0), Decimal(7)) == 50  # optional: toward the group's cap
    assert bar_value(Decimal(0), Decimal(0), None) == 0


@pytest.mark.parametrize("today, months", [
    (date(2026, 1, 9), None), (date(2026, 1, 10), 12), (date(2026, 7, 9), 12), (date(2026, 7, 10), 6),
    (date(2026, 10, 10), 3), (date(2026, 12, 10), 1), (ENDS, 1), (ENDS + timedelta(1), None)])
def test_term_end_reminders_fall_at_12_6_3_and_1_months(today, months):
    assert term_end_boundary(ENDS, today) == months


@pytest.mark.parametrize("left, boundary", [(8, None), (7, 7), (3, 7), (2, 2), (0, 2), (-1, None)])
def test_recording_window_reminders_fall_at_7_and_2_days(left, boundary):
    assert window_boundary(ENDS, ENDS - timedelta(days=left)) == boundary


def test_review_reminders_fall_in_the_last_3_days_before_the_target():
    due = date(2026, 12, 15)
    assert [review_boundary(due, due - timedelta(d)) for d in (4, 3, 0, -1)] == [False, True, True, False]
