"""Import of past records: preview naming every problem by line, then all or nothing.

Imported credits count in the term like any other (R000-10, R000-16) and the record says they were imported.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import func, select

from ce_tracker.models import AuditEntry, CreditClaim, Role
from ce_tracker.services.accounts.members import profile
from ce_tracker.services.errors import Invalid, NotAllowed
from ce_tracker.services.record import credit_record, past_records
from tests.utils import factories as f

NOW = f.at(date(2026, 10, 12))
HEADER = "member_number,category,hours,completed_on,title,provider\n"


def _people(session):
    staff = f.person(session, Role.STAFF)
    ada = f.person(session, name="Ada", certified_on=date(2022, 1, 10))
    bob = f.person(session, name="Bob", certified_on=date(2022, 1, 10))
    return staff, ada, bob, profile(session=session, actor=ada).member_number, profile(session=session,
                                                                                           actor=bob).member_number


def _claims(session) -> int:
    return session.exec(select(func.count()).select_from(CreditClaim)).one()


def test_r000_10_two_members_credits_import_and_show_as_imported_in_the_record(session):
    staff, ada, bob, a, b = _people(session)
    text = HEADER + (f"{a},Art,6,2025-03-14,Watercolour anatomy,City Art School\n"
                     f"{a},business,1.5,2024-11-02,Pricing your work,\n"
                     f"{b},Biomedical,14,2023-05-20,\"Neuroanatomy, part 1\",University\n")
    preview = past_records.preview(session=session, actor=staff, csv_text=text, now=NOW)
    assert preview.problems == () and [line.line for line in preview.lines] == [2, 3, 4]
    assert _claims(session) == 0  # a preview changes nothing

    assert past_records.commit(session=session, actor=staff, csv_text=text, now=NOW) == 3
    ada_record = credit_record.credit_record(session=session, actor=ada, now=NOW)
    assert {(line.title, line.source, line.category) for line in ada_record.lines} == {
        ("Watercolour anatomy", credit_record.IMPORTED, "Art"), ("Pricing your work", credit_record.IMPORTED, "Business")}
    assert ada_record.standing.counted_total == 7.5
    assert {c.source for c in session.exec(select(CreditClaim))} == {"imported"}
    assert session.exec(select(AuditEntry).where(AuditEntry.action == "past_credits_imported")).one().detail == {
        "lines": "3", "members": "2"}


def test_bad_input_one_bad_line_names_every_problem_by_line_and_imports_nothing(session):
    staff, ada, bob, a, b = _people(session)
    text = HEADER + (f"{a},Art,6,2025-03-14,Good line,\n"
                     f"M-NOBODY,Art,6,2025-03-14,Unknown member,\n"
                     f"{a},Sculpture,6,2025-03-14,Unknown category,\n"
                     f"{a},Art,-2,2025-03-14,Negative,\n"
                     f"{a},Art,abc,2025-02-30,Bad hours and date,\n"
                     f"{a},Art,6,2027-01-01,Future,\n"
                     f"{a},Art,1.1,2025-03-14,Not in quarter hours,\n"
                     f"{a},Art,6,2025-03-14,,\n"
                     "\n"
                     f"{a},Art,6,2025-03-14,Good line,\n")
    preview = past_records.preview(session=session, actor=staff, csv_text=text, now=NOW)
    lines = [int(p.split(":")[0].split()[1]) for p in preview.problems]
    assert lines == [3, 4, 5, 6, 7, 8, 9, 11]
    joined = "\n".join(preview.problems)
    for words in ("no member has the number 'M-NOBODY'", "'Sculpture' is not a category", "cannot be negative",
                  "'abc' is not a number", "'2025-02-30' is not a date", "in the future", "steps of 0.25",
                  "the title is empty", "Line 11: the same credit as line 2."):
        assert words in joined
    with pytest.raises(Invalid, match="Nothing was imported: the file has 8 problems"):
        past_records.commit(session=session, actor=staff, csv_text=text, now=NOW)
    assert _claims(session) == 0


def test_importing_the_same_file_twice_changes_nothing_the_second_time(session):
    staff, ada, bob, a, b = _people(session)
    text = HEADER + f"{a},Art,6,2025-03-14,Watercolour anatomy,\n"
    past_records.commit(session=session, actor=staff, csv_text=text, now=NOW)
    with pytest.raises(Invalid, match="already has the imported credit"):
        past_records.commit(session=session, actor=staff, csv_text=text, now=NOW)
    assert _claims(session) == 1


@pytest.mark.parametrize("text, message", [
    ("", "Choose a CSV file"),
    (None, "Choose a CSV file"),
    ("member_number,hours\nx,1\n", "lacks the columns category, completed_on, title"),
    (HEADER, "no credits"),
    (HEADER + "x" * (past_records.MAX_BYTES + 1), "larger than 2 MB"),
    (HEADER + '"unterminated,Art,1,2025-01-01,t,\n' * 2 + "\0", "not valid CSV"),
])
def test_bad_input_files_that_are_not_imports_are_refused_with_a_message(session, text, message):
    staff, *_ = _people(session)
    with pytest.raises(Invalid, match=message):
        past_records.preview(session=session, actor=staff, csv_text=text, now=NOW)


def test_only_staff_import(session):
    _, ada, _, a, _ = _people(session)
    with pytest.raises(NotAllowed):
        past_records.commit(session=session, actor=ada, csv_text=HEADER + f"{a},Art,6,2025-03-14,Mine,\n", now=NOW)
    assert _claims(session) == 0
