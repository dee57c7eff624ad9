"""The Days box of the staff event form, read from the text staff typed into DayForms.

Each line is ``YYYY-MM-DD`` and optionally that day's maximum credits; a blank
box means every day from the start date to the end date at the maximum per day.
The page passes the text as typed; dates and numbers become typed values only
here, through ``services.inputs``, so "٣" is refused like any other non-number,
and a refusal names the line to fix.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

from ce_tracker.formatting import format_credits
from ce_tracker.services.errors import Invalid
from ce_tracker.services.events.admin import DayForm
from ce_tracker.services.inputs import decimal, iso_date

MAX_DAYS = 60  # lines in the Days box, and days generated from the dates
DEFAULT_MAX = "8"  # the per-day maximum a new form starts with, and "fill in" uses when none is typed
_SEPARATORS = re.compile(r"[\s,;]+")


def _dates(starts_on: date, ends_on: date) -> list[date]:
    return [starts_on + timedelta(days=i) for i in range((ends_on - starts_on).days + 1)]


def _span(starts_text: object, ends_text: object) -> tuple[date, date]:
    """The event's first and last day, or Invalid naming the field; at most ``MAX_DAYS`` days."""
    starts_on = iso_date(starts_text, field="starts_on", label="start date")
    ends_on = iso_date(ends_text, field="ends_on", label="end date")
    if starts_on > ends_on:
        raise Invalid("The event cannot end before it starts.", field="ends_on")
    return starts_on, ends_on


def _default_max(text: object) -> Decimal | None:
    if not isinstance(text, str) or not text.strip():
        return None
    return decimal(text, field="default_max", label="maximum credits per day")


def read_days(days_text: str, *, default_max: str, starts_on: str, ends_on: str) -> tuple[DayForm, ...]:
    """The Days box as DayForms (typed), or Invalid naming the field or the line to fix.

    Range, step and duplicates are ``event_admin``'s rules, checked when the event is saved.
    """
    first, last = _span(starts_on, ends_on)
    maximum = _default_max(default_max)
    lines = [(n, line.strip()) for n, line in enumerate(days_text.splitlines(), 1) if line.strip()]
    if not lines:
        if (last - first).days >= MAX_DAYS:
            raise Invalid(f"An event can have at most {MAX_DAYS} days; list its days in the Days box.",
                          field="days")
        if maximum is None:
            raise Invalid("Enter the maximum credits per day, or list each day with its maximum in the Days box.",
                          field="default_max")
        return tuple(DayForm(d, maximum) for d in _dates(first, last))
    if len(lines) > MAX_DAYS:
        raise Invalid(f"An event can have at most {MAX_DAYS} days.", field="days")
    return tuple(_line(number, line, maximum) for number, line in lines)


def _line(number: int, line: str, maximum: Decimal | None) -> DayForm:
    parts = [p for p in _SEPARATORS.split(line) if p]
    try:
        day = iso_date(parts[0], field="days", label="date")
    except Invalid as error:
        raise Invalid(f"Days, line {number}: {error.message}", kind=error.kind, field="days") from error
    example = f"e.g. {day.isoformat()} 7.5"
    if len(parts) > 2:
        raise Invalid(f"Days, line {number}: write a date and its maximum credits, {example}.", field="days")
    if len(parts) == 1:
        if maximum is None:
            raise Invalid(f"Days, line {number}: add the day's maximum credits, {example}.", field="days")
        return DayForm(day, maximum)
    try:
        return DayForm(day, decimal(parts[1], field="days", label="maximum credits"))
    except Invalid as error:
        raise Invalid(f"Days, line {number}: enter the maximum credits as a number, {example}.",
                      kind=error.kind, field="days") from error


def fill_lines(*, starts_on: str, ends_on: str, default_max: str) -> str:
    """The Days box filled from the dates: one line per day with the maximum per day (or ``DEFAULT_MAX``)."""
    first, last = _span(starts_on, ends_on)
    if (last - first).days >= MAX_DAYS:
        raise Invalid(f"An event can have at most {MAX_DAYS} days.", field="days")
    try:
        maximum = _default_max(default_max)
    except Invalid:
        maximum = None
    per_day = format_credits(maximum) if maximum is not None and maximum > 0 else DEFAULT_MAX
    return "\n".join(f"{d.isoformat()} {per_day}" for d in _dates(first, last))
