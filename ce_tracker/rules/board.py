"""Where a certificant stands as the Board of Certification counts them (R000-15 to R000-18).

The member's own page says on track, at risk, eligible, lapsed or renewed (``progress_status``); the
Board also needs the two states in between that only the society's side sees: an application waiting
for headquarters, and an ended term still in grace. Pure: the caller passes the standing and the dates.
"""

from __future__ import annotations

import enum
from datetime import date

from .grace import in_grace
from .progress import ProgressStatus, progress_status
from .standing import Standing

__all__ = ["BoardStatus", "board_status", "quarter_of"]


class BoardStatus(str, enum.Enum):
    ON_TRACK = "on track"
    AT_RISK = "at risk"
    ELIGIBLE = "eligible"
    APPLIED = "applied"
    RENEWED = "renewed"
    IN_GRACE = "in grace"
    LAPSED = "lapsed"


_FROM_PROGRESS = {ProgressStatus.ON_TRACK: BoardStatus.ON_TRACK, ProgressStatus.AT_RISK: BoardStatus.AT_RISK,
                  ProgressStatus.ELIGIBLE: BoardStatus.ELIGIBLE, ProgressStatus.LAPSED: BoardStatus.LAPSED,
                  ProgressStatus.RENEWED: BoardStatus.RENEWED}


def board_status(standing: Standing, *, starts_on: date, ends_on: date, today: date, renewed: bool,
                 applied: bool, undecided_request: bool) -> BoardStatus:
    """One certificant's status for the Board: renewed, applied, then the member's own status, with an
    ended short term in grace (``rules.grace.in_grace``) instead of lapsed while it can still be completed."""
    if renewed:
        return BoardStatus.RENEWED
    if applied:
        return BoardStatus.APPLIED
    status = progress_status(standing, starts_on=starts_on, ends_on=ends_on, today=today)
    if status is ProgressStatus.LAPSED and in_grace(standing.program, ends_on=ends_on, today=today,
                                                     short=not standing.may_renew,
                                                     undecided_request=undecided_request):
        return BoardStatus.IN_GRACE
    return _FROM_PROGRESS[status]


def quarter_of(day: date) -> str:
    """The calendar quarter a term ends in, as the Board's cohorts name it: "2027 Q3"."""
    return f"{day.year} Q{(day.month - 1) // 3 + 1}"
