"""Where browser input becomes typed values: bounded text, an ISO date, an id, hours.

A browser can send anything: a list where a string was expected, "²" (which
``str.isdigit()`` accepts and ``int()`` refuses), a date in any spelling. Every
service that takes browser input cleans it here, so one kind of mistake gets one
message wherever it is made. Each refusal is an ``Invalid`` with a ``kind`` (what
is wrong) and a ``field`` (which input), so a caller that wants other words picks
them by kind, never by matching the message's text.

Values a page has already cleaned (a ``date``, a stripped ``str``) pass through
unchanged, so pages may clean early or leave it to the service.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

from ce_tracker.rules.hours import HoursError, check_claim_hours, parse_hours, plain
from ce_tracker.services.errors import Invalid

__all__ = ["browser_int", "decimal", "hours", "is_id", "iso_date", "save_id", "text"]

MAX_ID_DIGITS = 11  # below 10**11: more is no id of ours, and int() of a huge string costs time
_ASCII_DIGITS = re.compile(r"[0-9]+")  # not \d and not str.isdigit(): both accept other scripts' digits
_ISO_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")  # fromisoformat() also takes 20261008 and weeks
QUARTER = Decimal("0.25")
_SAVE_ID = re.compile(r"[A-Za-z0-9_-]{8,64}")  # a phone's own id for one save: a UUID, or any such token


def is_id(value: object) -> bool:
    """A database id as services take it: a positive int, never a bool."""
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def browser_int(value: object) -> int | None:
    """A browser-sent id as an int, or None (the service then refuses it as not found).

    Only ASCII digits count: "²", "٣" and full-width "１２" are no number here.
    """
    if is_id(value):
        return value
    if isinstance(value, str) and len(value) <= MAX_ID_DIGITS and _ASCII_DIGITS.fullmatch(value):
        number = int(value)
        return number if number > 0 else None
    return None


def save_id(value: object) -> str | None:
    """The id a phone gave one save (so a retry is applied once), or None when the browser sent none.

    8 to 64 letters, digits, "-" or "_": a UUID fits; anything else is refused rather than stored.
    """
    if value is None or value == "":
        return None
    if isinstance(value, str) and _SAVE_ID.fullmatch(value):
        return value
    raise Invalid("This save came without a valid id; reload the page and save again.", kind="bad_save_id",
                  field="save_id")


def text(value: object, *, field: str, label: str, limit: int, required: bool = False,
         collapse: bool = False) -> str:
    """Text trimmed at both ends (``collapse``: every run of white space made one space), at most ``limit``.

    None counts as blank: a form that left a field out sent nothing.
    """
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise Invalid(f"Enter the {label} as text.", kind="not_text", field=field)
    value = " ".join(value.split()) if collapse else value.strip()
    if required and not value:
        raise Invalid(f"Enter the {label}.", kind="blank", field=field)
    if len(value) > limit:
        raise Invalid(f"The {label} can be at most {limit} characters.", kind="too_long", field=field)
    return value


def iso_date(value: object, *, field: str, label: str) -> date:
    """A calendar day typed as YYYY-MM-DD (what a date input sends), or a ``date`` a page already parsed."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    match = _ISO_DAY.fullmatch(value.strip()) if isinstance(value, str) else None
    if match:
        try:
            return date(*(int(part) for part in match.groups()))
        except ValueError:
            pass
    raise Invalid(f"Enter the {label} as a date, such as 2026-10-08.", kind="not_date", field=field)


def decimal(value: object, *, field: str, label: str) -> Decimal:
    """A plain non-negative number: typed text (ASCII digits, as ``rules.parse_hours`` reads it) or a
    finite Decimal or int a page already parsed. Range and step are the caller's rule to check.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        value = Decimal(value)
    if isinstance(value, Decimal) and value.is_finite():
        return value
    if isinstance(value, str):
        try:
            return parse_hours(value)
        except HoursError as error:
            if error.kind == "negative":
                return -parse_hours(value.strip()[1:])
            raise Invalid(f"Enter the {label} as a number, such as 7.5.", kind=error.kind, field=field) from error
    raise Invalid(f"Enter the {label} as a number, such as 7.5.", kind="not_number", field=field)


def hours(value: object, *, field: str, label: str, maximum: Decimal, step: Decimal = QUARTER) -> Decimal:
    """Hours for an activity, by the claim-hours rule (``rules.check_claim_hours``): above 0, at most
    ``maximum``, in whole steps; parsed by ``rules.parse_hours`` (plain ASCII decimals only).

    The rule's refusal is reworded for ``label`` by its kind; every non-number, whatever its script,
    gets the same "is not a number" message.
    """
    if not isinstance(value, str):
        raise Invalid(f"Enter the {label} as a number, such as 1.5.", kind="not_text", field=field)
    try:
        return check_claim_hours(parse_hours(value), maximum, step)
    except HoursError as error:
        raise Invalid(_hours_message(error, value.strip(), label), kind=error.kind, field=field) from error


def _hours_message(error: HoursError, typed: str, label: str) -> str:
    if error.kind in ("blank", "not_positive"):
        return f"Enter the {label}, more than 0."
    if error.kind == "negative":
        return f"The {label} cannot be negative."
    if error.kind == "too_long":
        return f"Enter at most {error.limit} characters for the {label}."
    if error.kind == "too_many":
        return f"Enter at most {plain(error.limit)} hours."
    if error.kind == "step":
        return f"Enter the {label} in steps of {plain(error.limit)}" + (
            " (a quarter hour)." if error.limit == QUARTER else ".")
    return f"{typed[:20]!r} is not a number; enter the {label} in digits, such as 1.5."
