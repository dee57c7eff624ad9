"""The status in words and the bars (R000-11 to R000-16): pace, the final 90 days, caps shown as not counting."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ce_tracker.rules import CMI, TermPhase, category_bar, evaluate, hours_needed, pace_hours
from ce_tracker.rules.status import Status, judge, judge_term

START, END = date(2025, 1, 1), date(2029, 12, 31)  # 1826 days
D = Decimal


def _status(hours: dict, today: date, *, stored: str = "active", verified: bool = False) -> Status:
    return judge_term(evaluate(CMI, {k: D(v) for k, v in hours.items()}), stored=stored, starts_on=START,
                      ends_on=END, today=today, window_months=60, grace_until=END, verified=verified).status


def test_pace_is_a_straight_line_from_nothing_to_the_total():
    assert pace_hours(D(35), START, END, START - timedelta(days=1)) == 0
    assert pace_hours(D(35), START, END, END) == 35
    assert pace_hours(D(35), START, END, END + timedelta(days=400)) == 35
    assert pace_hours(D(35), START, END, START + timedelta(days=912)) == D("17.50")


def test_r000_16_hours_needed_counts_category_minimums_not_just_the_total():
    standing = evaluate(CMI, {"Art": D(21), "Business": D(7), "History": D(7)})  # 28 counted, Biomedical 0
    assert standing.total_shortfall == 7 and hours_needed(standing) == 14


def test_r000_11_a_new_member_with_nothing_yet_is_on_pace():
    assert _status({}, START) is Status.ON_PACE
    # One year's share (7 h) behind the pace is still on pace; a quarter hour more is at risk.
    on_pace_day = START + timedelta(days=729)  # pace 14.00 h after 730 days
    assert pace_hours(D(35), START, END, on_pace_day) == D("13.99")
    assert _status({"Art": "7"}, on_pace_day) is Status.ON_PACE
    assert _status({"Art": "6.75"}, on_pace_day) is Status.AT_RISK


def test_r000_15_fewer_than_90_days_left_with_hours_missing_is_at_risk():
    nearly = {"Art": "21", "Biomedical": "13.75"}
    assert _status(nearly, END - timedelta(days=90)) is Status.ON_PACE
    assert _status(nearly, END - timedelta(days=89)) is Status.AT_RISK


def test_r000_16_enough_hours_is_eligible_to_renew_at_any_time():
    enough = {"Art": "14", "Biomedical": "14", "History": "7"}
    assert _status(enough, START) is Status.ELIGIBLE
    assert _status(enough, END + timedelta(days=30)) is Status.ELIGIBLE


def test_r000_15_an_ended_term_without_the_hours_is_lapsed():
    short = {"Art": "21", "Biomedical": "13.75"}
    assert _status(short, END) is Status.AT_RISK
    assert _status(short, END + timedelta(days=1)) is Status.LAPSED  # grace ended with the term in this call
    assert _status({}, START, stored="lapsed") is Status.LAPSED


def test_r000_18_a_renewed_term_says_so():
    assert _status({"Art": "14", "Biomedical": "14", "History": "7"}, END, verified=True) is Status.RENEWED


def test_r000_12_art_bar_marks_the_minimum_and_maximum_and_shows_what_does_not_count():
    art = evaluate(CMI, {"Art": D(28)}).categories["Art"]
    bar = category_bar(art)
    assert (bar.counted, bar.not_counted, bar.minimum_mark, bar.maximum_mark) == (75, 25, 50, 75)
    below = category_bar(evaluate(CMI, {"Art": D("10.5")}).categories["Art"])
    assert (below.counted, below.not_counted, below.minimum_mark, below.maximum_mark) == (50, 0, 67, 100)


def test_r000_14_business_bar_uses_the_combined_cap():
    standing = evaluate(CMI, {"Business": D(5), "History": D(4)})
    business = category_bar(standing.categories["Business"], cap=D(7))
    history = category_bar(standing.categories["History"], cap=D(7))
    assert (business.counted, business.not_counted, business.minimum_mark, business.maximum_mark) == (71, 0, None, 100)
    assert (history.counted, history.not_counted) == (29, 29)  # 2 of History's 4 hours fit under the cap


@given(art=st.integers(0, 200), bio=st.integers(0, 200), bus=st.integers(0, 80), his=st.integers(0, 80),
       day=st.integers(-10, 2000))
def test_status_is_consistent_with_the_rules_engine(art, bio, bus, his, day):
    standing = evaluate(CMI, {"Art": D(art) / 4, "Biomedical": D(bio) / 4, "Business": D(bus) / 4,
                              "History": D(his) / 4})
    today = START + timedelta(days=day)
    phase = TermPhase.WINDOW if today <= END else (TermPhase.ENDED if standing.may_renew else TermPhase.LAPSED)
    status = judge(standing, starts_on=START, ends_on=END, today=today, phase=phase, window_months=60).status
    assert (status is Status.ELIGIBLE) == standing.may_renew
    assert (status is Status.LAPSED) == (not standing.may_renew and today > END)
    for category in standing.categories.values():
        bar = category_bar(category, cap=D(7) if category.max_hours is None else None)
        assert 0 <= bar.counted + bar.not_counted <= 100
        assert bar.maximum_mark is None or bar.counted <= bar.maximum_mark


@pytest.mark.parametrize("name", ["Art", "Biomedical"])
def test_r000_12_r000_13_required_categories_always_have_both_marks(name):
    bar = category_bar(evaluate(CMI, {}).categories[name])
    assert (bar.counted, bar.minimum_mark, bar.maximum_mark) == (0, 67, 100)
