"""When a reminder is due, as pure functions of dates (R000-08, R000-04, R000-15).

Each reminder has a boundary (12, 6, 3, 1 months before a term ends; 7 and 2 days before a recording window
closes; 3 days before a request's 2-week review target). A reminder is due from its boundary until the next one,
so a scheduler that was down on the day still sends it late rather than never, and the unique row the caller
writes makes it once.
"""

from __future__ import annotations

from datetime import date, timedelta

from .term import add_months

__all__ = ["TERM_MONTHS", "WINDOW_DAYS", "REVIEW_DAYS_BEFORE", "term_end_boundary", "window_boundary",
           "review_boundary"]

TERM_MONTHS = (12, 6, 3, 1)
WINDOW_DAYS = (7, 2)
REVIEW_DAYS_BEFORE = 3


def term_end_boundary(ends_on: date, today: date) -> int | None:
    """The months-before-the-end boundary ``today`` falls in (12, 6, 3 or 1), or None (R000-15)."""
    if today > ends_on:
        return None
    due = [m for m in TERM_MONTHS if add_months(ends_on + timedelta(days=1), -m) <= today]
    return min(due) if due else None


def window_boundary(last_day: date, today: date) -> int | None:
    """7 when a recording window closes in 3 to 7 days, 2 when in 0 to 2 days, else None (R000-08)."""
    left = (last_day - today).days
    if left < 0:
        return None
    due = [d for d in WINDOW_DAYS if left <= d]
    return min(due) if due else None


def review_boundary(due_on: date, today: date) -> bool:
    """Whether a request is within ``REVIEW_DAYS_BEFORE`` days of its review target, not yet past it (R000-04)."""
    return 0 <= (due_on - today).days <= REVIEW_DAYS_BEFORE
