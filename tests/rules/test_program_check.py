"""A program typed by staff is checked by the rules before it is stored."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ce_tracker.rules import CMI
from ce_tracker.rules.program_check import CategoryDraft as C
from ce_tracker.rules.program_check import GroupDraft as G
from ce_tracker.rules.program_check import ProgramDraft, ProgramInvalid, check_program


def _draft(**changes) -> ProgramDraft:
    base = dict(code="CMI", name="Certified Medical Illustrator", term_years="5", total_hours="35",
                categories=(C("Art", "14", "21"), C("Biomedical", "14", "21"), C("Business", "0", "", "B&H"),
                            C("History", "", "", "B&H")),
                groups=(G("B&H", "7"),))
    return ProgramDraft(**{**base, **changes})


def _problems(**changes) -> tuple[str, ...]:
    with pytest.raises(ProgramInvalid) as refused:
        check_program(_draft(**changes))
    return refused.value.problems


def test_the_cmi_typed_in_the_editor_is_the_cmi_the_engine_knows():
    program = check_program(_draft())
    assert program.categories == CMI.categories
    assert program.groups[0].categories == ("Business", "History") and program.groups[0].max_hours == 7
    assert program.total_hours == CMI.total_hours and program.term_years == 5


def test_a_program_without_categories():
    program = check_program(ProgramDraft(code="US", name="Ultrasound CME", term_years="3", total_hours="30"))
    assert program.categories == () and program.total_hours == Decimal(30)


def test_r000_11_a_category_minimum_above_the_total_is_refused():
    assert _problems(categories=(C("Art", "40"),), groups=()) == (
        "Art: its minimum (40) is above the program's total (35).",)


def test_minimums_adding_up_to_more_than_the_total_are_refused():
    assert _problems(categories=(C("Art", "20"), C("Biomedical", "20")), groups=()) == (
        "The categories' minimums add up to 40 hours, more than the total of 35.",)


def test_r000_12_a_cap_below_a_minimum_is_refused():
    assert _problems(categories=(C("Art", "14", "10"),), groups=()) == (
        "Art: its maximum (10) is below its minimum (14).",)
    assert _problems(categories=(C("Business", "5", "", "B&H"), C("History", "5", "", "B&H")),
                     groups=(G("B&H", "7"),)) == (
        "Combined cap “B&H”: its cap (7) is below its categories' minimums (10).",)


def test_negative_numbers_are_refused():
    problems = _problems(term_years="-5", total_hours="-35", recording_window_days="-1",
                         categories=(C("Art", "-1"),), groups=())
    assert "Term length in years cannot be negative." in problems
    assert "Total hours: hours cannot be negative." in problems
    assert "Days to record credit cannot be negative." in problems
    assert "Art minimum: hours cannot be negative." in problems


def test_empty_names_and_duplicate_categories_are_refused():
    problems = _problems(name=" ", categories=(C("Art", "14"), C("art ", "1"), C("", "3")), groups=())
    assert problems == ("Give the program a name (up to 120 characters).",
                        "Category “art” appears twice; list each category once.",
                        "Category 3: give it a name (up to 60 characters).")


def test_words_unicode_digits_and_unknown_caps_are_refused():
    problems = _problems(total_hours="٣٥", term_years="five",
                         categories=(C("Art", "14", "", "Nope"),), groups=(G("", "7"),))
    assert "Total hours: '٣٥' is not a number; use digits such as 1.5." in problems
    assert "Term length in years: enter a whole number from 1 to 10." in problems
    assert "Art: no combined cap is called “Nope”; add it below or clear the field." in problems
    assert "Combined cap 1: give it a name (up to 80 characters)." in problems


def test_blank_rows_are_ignored_and_zero_total_is_refused():
    assert check_program(_draft(categories=(C("Art", "14"), C(""), C("", "0")), groups=())).category_names == (
        "Art",)
    assert _problems(total_hours="0") == ("Total hours: enter more than 0.",)
