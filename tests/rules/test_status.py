"""One status vocabulary (R000-11 to R000-18): the status, the headline and the figures agree.

Each case here was a contradiction a member, a reviewer or the Board read: "behind the pace" to a member ahead
of it, "Collecting · short in Biomedical: 10 h; 9.5 h more in total", "eligible" with the window still shut.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from ce_tracker.rules import CMI, TermPhase, evaluate, grace_last_day, pace_hours
from ce_tracker.rules.status import Status, first_day_to_apply, headline, judge_term, needed_words, row_words

D = Decimal
START, END = date(2023, 10, 5), date(2028, 10, 4)
MAYA = {"Art": D("12.5"), "Biomedical": D("23.75"), "Business": D(3), "History": D(4)}  # the demo member


def _verdict(hours: dict, today: date, *, stored="active", applied=False, verified=False, undecided=0,
             window_months=12, start=START, end=END):
    return judge_term(evaluate(CMI, hours), stored=stored, starts_on=start, ends_on=end, today=today,
                      window_months=window_months, grace_until=grace_last_day(CMI, end),
                      undecided_requests=undecided, applied=applied, verified=verified)


def test_r000_15_r000_16_enough_hours_overall_short_in_art_with_669_days_left_is_not_behind_the_pace():
    v = _verdict(MAYA, date(2026, 12, 5))
    assert v.days_left == 669 and v.needed == D("1.5") and not v.behind
    assert v.status is Status.ON_PACE
    assert headline(v) == "You have enough hours overall; you still need 1.5 h in Art by Oct 4, 2028."
    assert "behind" not in headline(v)


def test_r000_16_the_hours_still_needed_are_said_once_and_true():
    elena = evaluate(CMI, {"Art": D("14.5"), "Biomedical": D(4), "Business": D(2), "History": D(5)})
    assert needed_words(elena) == "10 h in Biomedical"  # not "short in Biomedical: 10 h; 9.5 h more in total"
    new = evaluate(CMI, {})
    assert needed_words(new) == "35 h, including 14 h in Art and 14 h in Biomedical"
    total_only = evaluate(CMI, {"Art": D(14), "Biomedical": D(14), "Business": D(3)})
    assert needed_words(total_only) == "4 h"
    assert needed_words(evaluate(CMI, {"Art": D(21), "Biomedical": D(14)})) == ""


def test_r000_15_behind_the_pace_only_when_the_pace_arithmetic_says_so():
    start, end = date(2025, 1, 1), date(2029, 12, 31)
    day = start + timedelta(days=729)  # a steady pace has 13.99 h by now; one year's share is 7 h
    assert pace_hours(D(35), start, end, day) == D("13.99")
    on_pace = _verdict({"Art": D(7)}, day, start=start, end=end)
    behind = _verdict({"Art": D("6.75")}, day, start=start, end=end)
    assert (on_pace.status, on_pace.behind) == (Status.ON_PACE, False)
    assert (behind.status, behind.behind) == (Status.AT_RISK, True)
    assert headline(behind) == ("You are behind the pace: a steady pace would have 13.75 of the 35 h counted by "
                                "now. You still need 28.25 h by Dec 31, 2029, including 7.25 h in Art and 14 h in "
                                "Biomedical.")
    assert "pace" not in headline(on_pace).replace("on pace", "")


def test_r000_15_the_final_90_days_are_at_risk_without_saying_behind_the_pace():
    nearly = {"Art": D(21), "Biomedical": D("13.75")}
    v = _verdict(nearly, END - timedelta(days=89))
    assert v.status is Status.AT_RISK and not v.behind
    assert headline(v) == "Only 89 days left in your term: you still need 0.25 h in Biomedical by Oct 4, 2028."
    assert _verdict(nearly, END - timedelta(days=90)).status is Status.ON_PACE
    assert headline(_verdict(nearly, END)).startswith("Your term ends today")


def test_r000_17_hours_met_before_the_window_is_not_eligible_yet():
    enough = {"Art": D(14), "Biomedical": D(14), "History": D(7)}
    before = _verdict(enough, date(2027, 10, 4))
    assert before.status is Status.HOURS_MET and not before.may_apply
    assert before.renew_from == date(2027, 10, 5) == before.opens_on
    assert headline(before) == "You have the hours needed to renew; applying opens on Oct 5, 2027."
    opened = _verdict(enough, date(2027, 10, 5))
    assert opened.status is Status.ELIGIBLE and opened.may_apply and opened.renew_from == date(2027, 10, 5)


def test_r000_15_r000_17_r000_18_after_the_end_applied_renewed_grace_and_lapse():
    short = {"Art": D(21)}
    assert _verdict(short, END + timedelta(days=1)).status is Status.IN_GRACE
    assert _verdict(short, END + timedelta(days=31)).status is Status.LAPSED
    assert _verdict(short, END + timedelta(days=31), undecided=1).status is Status.IN_GRACE
    assert _verdict(short, date(2026, 1, 1), stored="lapsed").status is Status.LAPSED
    enough = {"Art": D(14), "Biomedical": D(14), "History": D(7)}
    assert _verdict(enough, END + timedelta(days=200)).status is Status.ELIGIBLE  # with the hours it never lapses
    applied = _verdict(enough, date(2028, 1, 1), applied=True)
    assert applied.status is Status.APPLIED and not applied.may_apply and applied.renew_from is None
    renewed = _verdict(enough, date(2028, 1, 1), applied=True, verified=True)
    assert renewed.status is Status.RENEWED and renewed.phase is TermPhase.RENEWED
    assert headline(renewed) == "Your certification is renewed; your next term starts on Oct 5, 2028."


def test_r000_16_r000_17_when_can_i_renew_is_one_computation():
    opens = date(2027, 10, 5)
    assert first_day_to_apply(hours_met_on=date(2027, 2, 3), opens_on=opens, today=date(2026, 12, 5)) == opens
    assert first_day_to_apply(hours_met_on=date(2028, 2, 3), opens_on=opens, today=date(2026, 12, 5)) == date(
        2028, 2, 3)
    assert first_day_to_apply(hours_met_on=None, opens_on=opens, today=date(2026, 12, 5)) is None


def test_r000_16_a_list_row_says_the_same_figures():
    v = _verdict(MAYA, date(2026, 12, 5))
    assert row_words(v) == "40.5 of 35 h counted; still needed: 1.5 h in Art"
    assert Status.ON_PACE.label == "On pace" and Status.HOURS_MET.label == "Hours met"
