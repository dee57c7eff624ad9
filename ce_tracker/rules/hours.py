"""Parse and check the CME credits a person types for one conference day (R002-07) or a course (R000-07).

Parsing is deliberately narrower than ``Decimal()``: it refuses exponents,
NaN, Infinity, signs and locale separators so that what is stored is exactly
what the person meant, and a blank field is never mistaken for zero.
"""

from __future__ import annotations

import re
from decimal import Decimal

__all__ = ["HoursError", "parse_hours", "check_day_credit", "check_claim_hours"]

MAX_LENGTH = 10
# ASCII digits only: ``\d`` would also accept other scripts' digits.
_PLAIN_DECIMAL = re.compile(r"[0-9]+(\.[0-9]+)?|\.[0-9]+")
_CENT = Decimal("0.01")


class HoursError(ValueError):
    """Invalid hours input; ``str(error)`` is a message fit to show a person.

    ``kind`` names the refusal ("blank", "too_long", "not_number", "negative",
    "not_positive", "too_many", "step", "not_finite") and ``limit`` the number it
    was measured against, so a caller can word it for its own field without
    reading the message.
    """

    def __init__(self, message: str, *, kind: str, limit: Decimal | int | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.limit = limit


def parse_hours(text: str) -> Decimal:
    """Turn typed text into a Decimal, or raise HoursError saying what is wrong."""
    text = text.strip()
    if not text:  # R002-07: a day without credit is entered as 0, never left blank
        raise HoursError("Enter a number; enter 0 for a day without credit.", kind="blank")
    if len(text) > MAX_LENGTH:
        raise HoursError(f"Enter at most {MAX_LENGTH} characters.", kind="too_long", limit=MAX_LENGTH)
    if _PLAIN_DECIMAL.fullmatch(text):
        return Decimal(text)
    if text.startswith("-") and _PLAIN_DECIMAL.fullmatch(text[1:]):
        raise HoursError("Credits cannot be negative.", kind="negative")
    raise HoursError(f"{text!r} is not a number; use digits such as 1.5.", kind="not_number")


def check_day_credit(
    value: Decimal, maximum: Decimal, increment: Decimal = Decimal("0.25")
) -> Decimal:
    """Check one day's credits against the day's maximum and the step size (R002-07, R002-09: each day alone).

    Returns the value with two decimal places so equal amounts are stored
    identically ("1.5" and "1.50" both become Decimal("1.50")).
    """
    if not isinstance(value, Decimal):
        raise TypeError(f"value must be a Decimal, not {type(value).__name__}")
    if not increment > 0:
        raise ValueError("increment must be positive")
    if not value.is_finite():
        raise HoursError("Enter a finite number of credits.", kind="not_finite")
    if value < 0:
        raise HoursError("Credits cannot be negative.", kind="negative")
    if value > maximum:
        raise HoursError(f"Enter at most {plain(maximum)} credits for this day.", kind="too_many", limit=maximum)
    if value % increment != 0:
        raise HoursError(f"Enter credits in steps of {plain(increment)}.", kind="step", limit=increment)
    if value.is_zero():
        value = Decimal(0)  # drop a negative sign on zero
    return value.quantize(_CENT)


def plain(value: Decimal) -> str:
    """8.00 -> "8", 7.50 -> "7.5": how a person writes a number in a message."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def check_claim_hours(value: Decimal, maximum: Decimal, increment: Decimal = Decimal("0.25")) -> Decimal:
    """Check hours claimed for a course: more than zero, at most its hours, in whole steps (R000-07).

    Unlike a conference day, a course claim of 0 records nothing, so it is refused.
    """
    if not isinstance(value, Decimal):
        raise TypeError(f"value must be a Decimal, not {type(value).__name__}")
    if not value.is_finite() or value <= 0:
        raise HoursError("Enter the hours you earned, more than 0.", kind="not_positive")
    if value > maximum:
        raise HoursError(f"This activity is worth at most {plain(maximum)} hours.", kind="too_many", limit=maximum)
    if value % increment != 0:
        raise HoursError(f"Enter hours in steps of {plain(increment)} (a quarter hour).", kind="step",
                         limit=increment)
    return value.quantize(_CENT)
