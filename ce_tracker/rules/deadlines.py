"""Date arithmetic for recording, approval, review and term deadlines.

Every function takes the relevant date or instant as an argument instead of
reading a clock, so results are reproducible and boundaries are testable.
Deadlines are inclusive: the returned date is the last day that is allowed.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from .program import Program

__all__ = [
    "recording_deadline",
    "approved_recording_deadline",
    "approval_request_deadline",
    "review_due",
    "term_end",
    "local_date",
    "may_record",
    "may_request_approval",
]


def recording_deadline(program: Program, ended_on: date) -> date:
    """Last day on which credit for an activity ended on ``ended_on`` may be recorded (R000-08, R000-09)."""
    return ended_on + timedelta(days=program.recording_window_days)


def approved_recording_deadline(program: Program, ended_on: date, approved_on: date) -> date:
    """Last day to record credit for an activity the committee approved on ``approved_on`` (R000-08).

    The window runs from the activity's end or from the approval, whichever is
    later: a member who asked in time (up to 30 days after the activity) must
    not lose the credit because the committee took its two weeks to answer.
    """
    return max(ended_on, approved_on) + timedelta(days=program.recording_window_days)


def approval_request_deadline(program: Program, ended_on: date) -> date:
    """Last day on which an approval request for the activity may be submitted (R000-05)."""
    return ended_on + timedelta(days=program.approval_window_days)


def review_due(program: Program, submitted_on: date) -> date:
    """Date by which the committee should have decided on a request: two weeks (R000-04)."""
    return submitted_on + timedelta(days=program.review_days)


def term_end(program: Program, starts_on: date) -> date:
    """Last day of a term that starts on ``starts_on``: a 5-year term (R000-11, R000-18, R000-25).

    The term ends the day before its anniversary ``term_years`` later. A
    29 February start has no anniversary in a common year, so the anniversary
    falls back to 28 February and the term ends on the 27th.
    """
    year = starts_on.year + program.term_years
    try:
        anniversary = starts_on.replace(year=year)
    except ValueError:
        anniversary = date(year, 2, 28)
    return anniversary - timedelta(days=1)


def local_date(program: Program, instant: datetime) -> date:
    """Calendar date of ``instant`` in the program's time zone.

    Naive datetimes are refused: guessing their zone would move deadlines by
    up to a day near midnight.
    """
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError("instant must be timezone-aware")
    return instant.astimezone(ZoneInfo(program.timezone)).date()


def may_record(program: Program, ended_on: date, now: datetime) -> bool:
    """Whether credit for an activity ended on ``ended_on`` may still be recorded; after, forfeited (R000-08)."""
    return local_date(program, now) <= recording_deadline(program, ended_on)


def may_request_approval(program: Program, ended_on: date, now: datetime) -> bool:
    """Whether an approval request for the activity may still be submitted (R000-05)."""
    return local_date(program, now) <= approval_request_deadline(program, ended_on)
