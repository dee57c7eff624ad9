"""R002-07: parsing and checking a conference day's CME credits."""

from decimal import Decimal as D

import pytest

from ce_tracker.rules import HoursError, check_day_credit, parse_hours

# --- parse_hours ---------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", "\t\n"])
def test_r002_07_blank_is_not_zero(text):
    with pytest.raises(HoursError, match="enter 0 for a day without credit"):
        parse_hours(text)


def test_r002_07_hours_error_is_a_value_error():
    assert issubclass(HoursError, ValueError)


def test_r002_07_zero_is_accepted():
    value = parse_hours("0")
    assert value == D(0)
    assert isinstance(value, D)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1", D(1)),
        ("1.5", D("1.5")),
        (" 7.25 ", D("7.25")),
        (".5", D("0.5")),
        ("0.75", D("0.75")),
        ("12345.6789", D("12345.6789")),  # exactly 10 characters
    ],
)
def test_r002_07_plain_decimals_are_accepted(text, expected):
    assert parse_hours(text) == expected


def test_r002_07_longer_than_10_characters_refused():
    with pytest.raises(HoursError, match="10 characters"):
        parse_hours("12345.67890")


def test_r002_07_surrounding_whitespace_not_counted_in_length():
    assert parse_hours("   12345.6789   ") == D("12345.6789")


@pytest.mark.parametrize("text", ["-1", "-0.25", "-.5"])
def test_r002_07_negative_refused(text):
    with pytest.raises(HoursError, match="cannot be negative"):
        parse_hours(text)


@pytest.mark.parametrize(
    "text",
    ["NaN", "nan", "Infinity", "inf", "1e2", "1E2", "1,5", "abc", "1.", "+1",
     "1.2.3", "1 5", "٣", "0x10", "--1", "-abc"],
)
def test_r002_07_non_plain_decimals_refused(text):
    with pytest.raises(HoursError, match="is not a number"):
        parse_hours(text)


# --- check_day_credit -----------------------------------------------------------


def test_r002_07_credit_equal_to_maximum_accepted():
    assert check_day_credit(D(8), D(8)) == D("8.00")


def test_r002_07_credit_above_maximum_by_one_step_refused():
    with pytest.raises(HoursError, match="at most 8 credits for this day"):
        check_day_credit(D("8.25"), D(8))


def test_r002_07_credit_off_increment_refused():
    with pytest.raises(HoursError, match="in steps of 0.25"):
        check_day_credit(D("0.3"), D(8))


@pytest.mark.parametrize("value", ["0", "0.25", "0.5", "0.75", "1", "7.75"])
def test_r002_07_credit_on_increment_accepted(value):
    assert check_day_credit(D(value), D(8)) == D(value)


def test_r002_07_credit_normalized_to_two_places():
    result = check_day_credit(D("0.5"), D(8))
    assert result == D("0.5")
    assert str(result) == "0.50"
    assert str(check_day_credit(D("1.500"), D(8))) == "1.50"
    assert str(check_day_credit(D(0), D(8))) == "0.00"


def test_r002_07_custom_increment():
    assert check_day_credit(D("0.5"), D(8), D("0.5")) == D("0.5")
    with pytest.raises(HoursError, match="in steps of 0.5"):
        check_day_credit(D("0.25"), D(8), D("0.5"))


def test_r002_07_negative_credit_refused():
    with pytest.raises(HoursError, match="cannot be negative"):
        check_day_credit(D("-0.25"), D(8))


def test_r002_07_negative_zero_normalized():
    assert str(check_day_credit(D("-0"), D(8))) == "0.00"


@pytest.mark.parametrize("value", ["NaN", "sNaN", "Infinity", "-Infinity"])
def test_r002_07_non_finite_credit_refused(value):
    with pytest.raises(HoursError):
        check_day_credit(D(value), D(8))


def test_r002_07_parse_then_check_round_trip():
    assert check_day_credit(parse_hours(" 6.5 "), D(8)) == D("6.50")


def test_r002_07_messages_show_stored_maximums_plainly():
    """A maximum read back from the database as 8.00 reads "8" to the member."""
    with pytest.raises(HoursError, match=r"at most 8 credits"):
        check_day_credit(D("8.25"), D("8.00"), D("0.25"))
    with pytest.raises(HoursError, match=r"steps of 0.5\."):
        check_day_credit(D("0.25"), D("8.00"), D("0.50"))
