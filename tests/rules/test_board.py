"""The Board's statuses (R000-15 to R000-18): in grace after a short term, and the cohort quarters."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ce_tracker.rules import CMI, evaluate
from ce_tracker.rules.board import BoardStatus, board_status, quarter_of
from ce_tracker.rules.grace import in_grace

END = date(2026, 11, 9)
SHORT = evaluate(CMI, {"Art": Decimal(14), "Biomedical": Decimal(10)})
ENOUGH = evaluate(CMI, {"Art": Decimal(14), "Biomedical": Decimal(14), "Business": Decimal(7)})


@pytest.mark.parametrize("today, short, waiting, expected", [
    (END, True, False, False),  # the term's last day: not ended yet
    (date(2026, 11, 10), True, False, True),  # the first day after
    (date(2026, 12, 9), True, False, True),  # day 30: the last day a late activity may be recorded
    (date(2026, 12, 10), True, False, False),  # day 31: nothing can complete it
    (date(2027, 6, 1), True, True, True),  # an approval request still with the committee
    (date(2026, 11, 20), False, False, False),  # not short: eligible, not in grace
])
def test_r000_15_an_ended_short_term_is_in_grace_for_30_days_or_while_a_request_waits(today, short, waiting,
                                                                                        expected):
    assert in_grace(CMI, ends_on=END, today=today, short=short, undecided_request=waiting) is expected


def _status(standing, today, **flags):
    values = {"renewed": False, "applied": False, "undecided_request": False, **flags}
    return board_status(standing, starts_on=date(2021, 11, 10), ends_on=END, today=today, **values)


def test_r000_15_the_board_status_after_the_term_ends():
    assert _status(SHORT, date(2026, 11, 20)) is BoardStatus.IN_GRACE
    assert _status(SHORT, date(2026, 12, 10)) is BoardStatus.LAPSED
    assert _status(SHORT, date(2026, 12, 10), undecided_request=True) is BoardStatus.IN_GRACE
    assert _status(ENOUGH, date(2026, 12, 10)) is BoardStatus.ELIGIBLE


def test_r000_17_applied_and_renewed_come_before_the_hours():
    assert _status(ENOUGH, date(2026, 6, 1), applied=True) is BoardStatus.APPLIED
    assert _status(ENOUGH, date(2026, 6, 1), renewed=True, applied=True) is BoardStatus.RENEWED
    assert _status(SHORT, date(2026, 6, 1)) is BoardStatus.AT_RISK  # 11 h short with five months left
    assert _status(ENOUGH, date(2026, 6, 1)) is BoardStatus.ELIGIBLE


def test_quarters_are_calendar_quarters_of_the_term_end():
    assert [quarter_of(date(2027, m, 1)) for m in (1, 3, 4, 6, 7, 9, 10, 12)] == [
        "2027 Q1", "2027 Q1", "2027 Q2", "2027 Q2", "2027 Q3", "2027 Q3", "2027 Q4", "2027 Q4"]
