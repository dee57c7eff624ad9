"""The staff event form's Days box, read from the text as typed (the service parses it, never the page).

Dates and numbers become typed values only through ``services.inputs``: a digit of another script ("٣",
"３") is refused like any other non-number, with the same message, and the message names the line.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ce_tracker.services.errors import Invalid
from ce_tracker.services.events.admin import DayForm
from ce_tracker.services.events.days_text import MAX_DAYS, fill_lines, read_days


def days(box: str, default_max: str = "8", starts_on: str = "2026-11-10", ends_on: str = "2026-11-11"):
    return read_days(box, default_max=default_max, starts_on=starts_on, ends_on=ends_on)


def refusal(**kwargs) -> Invalid:
    with pytest.raises(Invalid) as refused:
        days(**kwargs)
    return refused.value


def test_r002_10_a_blank_box_is_every_day_at_the_maximum_per_day():
    assert days("", "7.5") == (DayForm(date(2026, 11, 10), Decimal("7.5")), DayForm(date(2026, 11, 11), Decimal("7.5")))


def test_r002_10_each_line_is_a_date_and_its_maximum_or_the_maximum_per_day():
    assert days("2026-11-10 6.25\n\n 2026-11-11 ") == (DayForm(date(2026, 11, 10), Decimal("6.25")),
                                                     DayForm(date(2026, 11, 11), Decimal(8)))


@pytest.mark.parametrize("typed", ["٣", "３", "²", "x", "1e1"])
def test_a_maximum_in_other_digits_gets_the_same_message_as_any_non_number(typed):
    assert refusal(box=f"2026-11-10 {typed}").message == refusal(box="2026-11-10 abc").message == (
        "Days, line 1: enter the maximum credits as a number, e.g. 2026-11-10 7.5.")
    assert refusal(box="", default_max=typed).message == refusal(box="", default_max="abc").message == (
        "Enter the maximum credits per day as a number, such as 7.5.")


@pytest.mark.parametrize("typed", ["٢٠٢٦-١١-١٠", "２０２６-11-10", "2026-11-1", "10/11/2026"])
def test_a_date_in_other_digits_or_spellings_gets_the_one_date_message(typed):
    assert refusal(box=f"{typed} 7").message == "Days, line 1: Enter the date as a date, such as 2026-10-08."
    assert refusal(box="", starts_on=typed).message == "Enter the start date as a date, such as 2026-10-08."
    assert refusal(box="", starts_on=typed).field == "starts_on"


def test_the_box_names_the_line_to_fix_and_its_limits():
    assert refusal(box="2026-11-10 7\n2026-11-11 7 8").message.startswith("Days, line 2: write a date and its")
    assert refusal(box="2026-11-10", default_max="").message.startswith("Days, line 1: add the day's maximum")
    assert refusal(box="", ends_on="2026-11-09").message == "The event cannot end before it starts."
    assert "at most 60 days" in refusal(box="", ends_on="2027-01-09").message
    assert "at most 60 days" in refusal(box="2026-11-10\n" * (MAX_DAYS + 1)).message


def test_fill_lines_writes_one_line_a_day_and_falls_back_to_the_default_maximum():
    assert fill_lines(starts_on="2026-11-10", ends_on="2026-11-11", default_max="7.5") == (
        "2026-11-10 7.5\n2026-11-11 7.5")
    assert fill_lines(starts_on="2026-11-10", ends_on="2026-11-10", default_max="٣") == "2026-11-10 8"
    with pytest.raises(Invalid, match="start date"):
        fill_lines(starts_on="", ends_on="2026-11-10", default_max="8")
