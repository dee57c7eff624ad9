"""The Board's statuses are the member's own (R000-15 to R000-18): in grace after a short term, the quarters."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ce_tracker.rules import CMI, evaluate, grace_last_day
from ce_tracker.rules.board import quarter_of
from ce_tracker.rules.status import Status, judge_term

END = date(2026, 11, 9)
SHORT = evaluate(CMI, {"Art": Decimal(14), "Biomedical": Decimal(10)})
ENOUGH = evaluate(CMI, {"Art": Decimal(14), "Biomedical": Decimal(14), "Business": Decimal(7)})


def _status(standing, today, *, applied=False, verified=False, undecided=False, stored="active"):
    return judge_term(standing, stored=stored, starts_on=date(2021, 11, 10), ends_on=END, today=today,
                      window_months=12, grace_until=grace_last_day(CMI, END), undecided_requests=int(undecided),
                      applied=applied, verified=verified).status


@pytest.mark.parametrize("today, standing, waiting, expected", [
    (END, SHORT, False, Status.AT_RISK),  # the term's last day: not ended yet
    (date(2026, 11, 10), SHORT, False, Status.IN_GRACE),  # the first day after
    (date(2026, 12, 9), SHORT, False, Status.IN_GRACE),  # day 30: the last day a late activity may be recorded
    (date(2026, 12, 10), SHORT, False, Status.LAPSED),  # day 31: nothing can complete it
    (date(2027, 6, 1), SHORT, True, Status.IN_GRACE),  # an approval request still with the committee
    (date(2026, 11, 20), ENOUGH, False, Status.ELIGIBLE),  # not short: eligible, not in grace
])
def test_r000_15_an_ended_short_term_is_in_grace_for_30_days_or_while_a_request_waits(today, standing, waiting,
                                                                                        expected):
    assert _status(standing, today, undecided=waiting) is expected


def test_r000_15_the_board_status_after_the_term_ends():
    assert _status(SHORT, date(2026, 12, 10), stored="lapsed") is Status.LAPSED
    assert _status(ENOUGH, date(2026, 12, 10)) is Status.ELIGIBLE  # with the hours a term never lapses


def test_r000_17_applied_and_renewed_come_before_the_hours():
    assert _status(ENOUGH, date(2026, 6, 1), applied=True) is Status.APPLIED
    assert _status(ENOUGH, date(2026, 6, 1), verified=True, applied=True) is Status.RENEWED
    assert _status(SHORT, date(2026, 6, 1)) is Status.AT_RISK  # 11 h short with five months left
    assert _status(ENOUGH, date(2026, 6, 1)) is Status.ELIGIBLE


def test_quarters_are_calendar_quarters_of_the_term_end():
    assert [quarter_of(date(2027, m, 1)) for m in (1, 3, 4, 6, 7, 9, 10, 12)] == [
        "2027 Q1", "2027 Q1", "2027 Q2", "2027 Q2", "2027 Q3", "2027 Q3", "2027 Q4", "2027 Q4"]
