"""How hours and dates read on pages, emails and certificates (one style everywhere)."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal


def format_credits(value: Decimal) -> str:
    """Credits to at most two decimals, without trailing zeros: 8 -> "8", 7.50 -> "7.5"."""
    text = f"{Decimal(value).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):f}"
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return "0" if text in ("-0", "") else text


def long_date(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def format_date_range(start: date, end: date) -> str:
    """"October 8-10, 2026", "September 30 - October 2, 2026", or "October 8, 2026" for one day."""
    if end < start:
        raise ValueError("A date range cannot end before it starts.")
    if start == end:
        return long_date(start)
    if start.year != end.year:
        return f"{long_date(start)} - {long_date(end)}"
    if start.month != end.month:
        return f"{start:%B} {start.day} - {long_date(end)}"
    return f"{start:%B} {start.day}-{end.day}, {end.year}"


def hours(value: Decimal | None) -> str:
    """Like ``format_credits``, with "" for no value."""
    return "" if value is None else format_credits(value)


def day(value: date | None) -> str:
    """Oct 8, 2026."""
    return f"{value:%b} {value.day}, {value.year}" if value else ""


def weekday(value: date) -> str:
    """Thu, Oct 8: how a conference day is named on its row and its buttons."""
    return f"{value:%a}, {value:%b} {value.day}"
