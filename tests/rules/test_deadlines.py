"""Deadline boundaries: recording (R000-08), approval requests (R000-05),
committee review (R000-04) and the 5-year term (R000-11)."""

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from ce_tracker.rules import (
    CMI,
    approval_request_deadline,
    local_date,
    may_record,
    may_request_approval,
    recording_deadline,
    review_due,
    term_end,
)

NEW_YORK = ZoneInfo("America/New_York")
ENDED = date(2026, 1, 1)


def ny_noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=NEW_YORK)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


# --- R000-08: record credit within 30 days ----------------------------------


def test_r000_08_recording_deadline_is_day_30():
    assert recording_deadline(CMI, ENDED) == date(2026, 1, 31)


def test_r000_08_recording_deadline_crosses_month_and_year():
    assert recording_deadline(CMI, date(2025, 12, 15)) == date(2026, 1, 14)
    assert recording_deadline(CMI, date(2028, 2, 1)) == date(2028, 3, 2)


def test_r000_08_recording_allowed_on_day_30():
    assert may_record(CMI, ENDED, ny_noon(date(2026, 1, 31))) is True


def test_r000_08_recording_refused_on_day_31():
    assert may_record(CMI, ENDED, ny_noon(date(2026, 2, 1))) is False


def test_r000_08_recording_allowed_on_completion_day():
    assert may_record(CMI, ENDED, ny_noon(ENDED)) is True


def test_r000_08_recording_allowed_late_evening_new_york_on_day_30():
    now = utc(2026, 2, 1, 4, 30)  # 2026-01-31 23:30 in New York
    assert now.astimezone(NEW_YORK).date() == date(2026, 1, 31)
    assert may_record(CMI, ENDED, now) is True


def test_r000_08_recording_refused_just_after_new_york_midnight():
    now = utc(2026, 2, 1, 5, 30)  # 2026-02-01 00:30 in New York
    assert may_record(CMI, ENDED, now) is False


def test_r000_08_recording_last_instant_of_day_30():
    last = datetime(2026, 1, 31, 23, 59, 59, 999999, tzinfo=NEW_YORK)
    assert may_record(CMI, ENDED, last) is True
    assert may_record(CMI, ENDED, last + timedelta(microseconds=1)) is False


# --- R000-05: approval request within 30 days --------------------------------


def test_r000_05_approval_request_deadline_is_day_30():
    assert approval_request_deadline(CMI, ENDED) == date(2026, 1, 31)


def test_r000_05_approval_request_allowed_on_day_30():
    assert may_request_approval(CMI, ENDED, ny_noon(date(2026, 1, 31))) is True


def test_r000_05_approval_request_refused_on_day_31():
    assert may_request_approval(CMI, ENDED, ny_noon(date(2026, 2, 1))) is False


def test_r000_05_approval_request_time_zone_edge():
    assert may_request_approval(CMI, ENDED, utc(2026, 2, 1, 4, 30)) is True
    assert may_request_approval(CMI, ENDED, utc(2026, 2, 1, 5, 30)) is False


# --- R000-04: committee decides within 2 weeks -------------------------------


def test_r000_04_review_due_14_days_after_submission():
    assert review_due(CMI, date(2026, 1, 10)) == date(2026, 1, 24)
    assert review_due(CMI, date(2026, 12, 25)) == date(2027, 1, 8)


# --- R000-11: 5-year term ----------------------------------------------------


@pytest.mark.parametrize(
    ("starts", "ends"),
    [
        (date(2022, 3, 1), date(2027, 2, 28)),
        (date(2023, 3, 1), date(2028, 2, 29)),  # ends in a leap year
        (date(2024, 1, 1), date(2028, 12, 31)),
        (date(2024, 2, 29), date(2029, 2, 27)),  # leap-day start
        (date(2024, 2, 28), date(2029, 2, 27)),
        (date(2025, 7, 15), date(2030, 7, 14)),
    ],
)
def test_r000_11_term_end_is_day_before_fifth_anniversary(starts, ends):
    assert term_end(CMI, starts) == ends


# --- local_date ----------------------------------------------------------------


def test_r000_08_local_date_uses_program_time_zone():
    assert local_date(CMI, utc(2026, 2, 1, 4, 30)) == date(2026, 1, 31)
    assert local_date(CMI, utc(2026, 7, 1, 3, 59)) == date(2026, 6, 30)  # EDT
    assert local_date(CMI, utc(2026, 7, 1, 4, 0)) == date(2026, 7, 1)


def test_r000_08_local_date_refuses_naive_datetime():
    with pytest.raises(ValueError, match="timezone-aware"):
        local_date(CMI, datetime(2026, 1, 31, 12))


@pytest.mark.parametrize("check", [may_record, may_request_approval])
def test_r000_05_r000_08_may_checks_refuse_naive_datetime(check):
    with pytest.raises(ValueError):
        check(CMI, ENDED, datetime(2026, 1, 15, 12))


def test_r000_08_approved_activity_window_runs_from_the_later_of_end_and_approval():
    """R000-08 with R000-05: a request made after the activity must not lose its credit to the review time."""
    from ce_tracker.rules import approved_recording_deadline

    ended = date(2026, 3, 1)
    assert approved_recording_deadline(CMI, ended, date(2026, 2, 1)) == date(2026, 3, 31)
    assert approved_recording_deadline(CMI, ended, ended) == date(2026, 3, 31)
    assert approved_recording_deadline(CMI, ended, date(2026, 3, 20)) == date(2026, 4, 19)
