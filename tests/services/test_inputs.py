"""Browser input becomes typed values in one place (services/inputs.py), refusals carry a kind and a field.

Every refusal is an ``Invalid`` whose ``kind`` says what went wrong and whose
``field`` says where, so no caller rewrites a message by matching its text.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from ce_tracker.services import inputs
from ce_tracker.services.errors import Invalid

# Digits of other scripts and typographic digits: str.isdigit() is True for each, int() fails or differs.
UNICODE_DIGITS = ["²", "٣", "１２", "३", "1²", "⁴⁵", "①"]


@pytest.mark.parametrize("value", UNICODE_DIGITS)
def test_browser_int_refuses_unicode_digits_instead_of_raising(value):
    """"²".isdigit() is True but int("²") raises: pages/forms.py browser_int passed it on and a handler crashed."""
    from ce_tracker.pages.forms import browser_int

    assert browser_int(value) is None
    assert inputs.browser_int(value) is None


@pytest.mark.parametrize("value, expected", [
    ("7", 7), ("0012", 12), (7, 7), (True, None), ("", None), (" 7", None), ("-1", None), ("1.0", None),
    ("9" * 12, None), (None, None), (7.0, None), (-3, None),
])
def test_browser_int(value, expected):
    assert inputs.browser_int(value) == expected


@pytest.mark.parametrize("value", UNICODE_DIGITS + ["1e3", "NaN", "Infinity", "1,5", "", "  ", "0x10"])
def test_r000_07_any_non_number_gets_the_same_clear_message(value):
    with pytest.raises(Invalid) as refused:
        inputs.hours(value, field="hours", label="hours you earned", maximum=Decimal(6))
    assert refused.value.field == "hours"
    if value.strip():
        assert refused.value.kind == "not_number"
        assert "is not a number" in refused.value.message
    else:
        assert refused.value.kind == "blank"


@pytest.mark.parametrize("value, kind", [
    ("0", "not_positive"), ("-1", "negative"), ("6.25", "too_many"), ("1.1", "step"), ("9" * 11, "too_long"),
    (3, "not_text"), (None, "not_text"),
])
def test_r000_07_hour_refusals_have_kinds(value, kind):
    with pytest.raises(Invalid) as refused:
        inputs.hours(value, field="hours", label="hours you earned", maximum=Decimal(6))
    assert (refused.value.kind, refused.value.field) == (kind, "hours")


def test_r000_07_hours_are_decimals_with_two_places():
    assert inputs.hours(" 1.5 ", field="hours", label="hours", maximum=Decimal(6)) == Decimal("1.50")


@pytest.mark.parametrize("value, expected", [
    ("2026-10-08", date(2026, 10, 8)), (" 2026-10-08 ", date(2026, 10, 8)), (date(2026, 10, 8), date(2026, 10, 8)),
])
def test_iso_date_accepts_a_day(value, expected):
    assert inputs.iso_date(value, field="starts_on", label="first day") == expected


@pytest.mark.parametrize("value", [
    "2026-02-30", "20261008", "2026-W41-4", "10/08/2026", "２０２６-10-08", "2026-1-8", 20261008, None,
    datetime(2026, 10, 8, 9), "2026-10-08T00:00",
])
def test_iso_date_refuses_anything_else_with_one_message(value):
    with pytest.raises(Invalid, match="as a date, such as 2026-10-08") as refused:
        inputs.iso_date(value, field="starts_on", label="first day")
    assert (refused.value.kind, refused.value.field) == ("not_date", "starts_on")


def test_text_is_bounded_and_tidied():
    assert inputs.text("  a  b ", field="t", label="title", limit=10) == "a  b"
    assert inputs.text("  a \n b ", field="t", label="title", limit=10, collapse=True) == "a b"
    assert inputs.text(None, field="t", label="title", limit=10) == ""


@pytest.mark.parametrize("value, required, kind, message", [
    ("   ", True, "blank", "Enter the title."), (None, True, "blank", "Enter the title."),
    ("x" * 11, False, "too_long", "The title can be at most 10 characters."),
    (["x"], False, "not_text", "Enter the title as text."),
])
def test_text_refusals_have_kinds(value, required, kind, message):
    with pytest.raises(Invalid) as refused:
        inputs.text(value, field="title", label="title", limit=10, required=required)
    assert (refused.value.kind, refused.value.field, refused.value.message) == (kind, "title", message)


@pytest.mark.parametrize("value, expected", [(3, True), (0, False), (-1, False), (True, False), ("3", False),
                                             (3.0, False), (None, False)])
def test_is_id(value, expected):
    assert inputs.is_id(value) is expected


@pytest.mark.parametrize("value, expected", [
    ("7.5", Decimal("7.5")), (" 8 ", Decimal(8)), (Decimal("0.25"), Decimal("0.25")), (3, Decimal(3)),
    ("-1", Decimal(-1)),
])
def test_decimal_reads_plain_numbers(value, expected):
    assert inputs.decimal(value, field="max", label="maximum credits") == expected


@pytest.mark.parametrize("value", ["٣", "²", "1e1", "NaN", "", Decimal("NaN"), 7.5, None, True])
def test_decimal_refuses_anything_else(value):
    with pytest.raises(Invalid, match="as a number") as refused:
        inputs.decimal(value, field="max", label="maximum credits")
    assert refused.value.field == "max"
