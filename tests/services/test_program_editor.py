"""Staff create and edit programs; an edit never rewrites a running term unless applied."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from ce_tracker.models import AuditEntry, CertificationTerm, ProgramRow, Role
from ce_tracker.rules.program_check import CategoryDraft as C
from ce_tracker.rules.program_check import GroupDraft as G
from ce_tracker.rules.program_check import ProgramDraft
from ce_tracker.services.accounts import members
from ce_tracker.services.errors import Conflict, Invalid, NotAllowed, NotFound
from ce_tracker.services.programs import editor as admin
from ce_tracker.services.programs.store import load_program
from ce_tracker.services.record.credit_record import term_standing
from tests.utils import factories as f

NOW = f.at(date(2026, 12, 2))
US = ProgramDraft(code="US-CME", name="Ultrasound CME", term_years="3", total_hours="30")


def _cmi_edit(session, staff, *, apply: bool = False, **changes):
    row = f.program(session)
    draft = admin.program_draft(session=session, actor=staff, program_id=row.id)
    return admin.update_program(session=session, actor=staff, program_id=row.id,
                                draft=ProgramDraft(**{**draft.__dict__, **changes}), apply_to_running=apply, now=NOW)


def test_staff_create_a_second_program_and_a_member_holds_terms_in_both(session):
    staff = f.person(session, Role.STAFF)
    member = f.person(session, certified_on=date(2024, 1, 1))
    row = admin.create_program(session=session, actor=staff, draft=US, now=NOW)
    members.open_term(session, member_id=member.member_id, program=row, starts_on=date(2025, 1, 1))
    session.flush()
    f.course_credit(session, member, "Art", "20", date(2025, 6, 1))
    f.course_credit(session, member, "History", "12", date(2025, 7, 1))

    cmi = members.term_in_program(session, member.member_id, f.program(session).id, date(2026, 12, 2))
    us = members.term_in_program(session, member.member_id, row.id, date(2026, 12, 2))
    assert members.first_program_id(session, member.member_id) == cmi.program_id  # the CMI pages' program
    assert term_standing(session, cmi).counted_total == 27  # Art 20, History 7 (capped with Business)
    assert term_standing(session, us).counted_total == 32 and term_standing(session, us).may_renew  # any hours
    assert us.ends_on == date(2027, 12, 31)
    entry = session.exec(select(AuditEntry).where(AuditEntry.action == "program_created")).one()
    assert entry.actor_id == staff.member_id and entry.detail["code"] == "US-CME"


def test_an_edit_keeps_running_terms_on_their_version(session):
    staff = f.person(session, Role.STAFF)
    member = f.person(session, certified_on=date(2023, 1, 1))
    f.enough_to_renew(session, member, date(2024, 5, 1))
    term = members.term_in_program(session, member.member_id, f.program(session).id)
    assert term_standing(session, term).may_renew

    version = _cmi_edit(session, staff, total_hours="40")

    assert version.number == 2
    assert load_program(session, f.program(session).id).total_hours == 40  # new terms follow the edit
    session.refresh(term)
    assert term_standing(session, term).may_renew  # the running term keeps 35 hours
    newcomer = f.person(session, certified_on=date(2026, 12, 1))
    new_term = members.term_in_program(session, newcomer.member_id, f.program(session).id)
    assert not term_standing(session, new_term).may_renew
    entry = session.exec(select(AuditEntry).where(AuditEntry.action == "program_changed")).one()
    assert entry.actor_id == staff.member_id and entry.detail["total_hours"] == "35 → 40"
    assert entry.detail["applied_to_running_terms"] == "0"


def test_staff_may_apply_an_edit_to_running_terms(session):
    staff = f.person(session, Role.STAFF)
    member = f.person(session, certified_on=date(2023, 1, 1))
    f.enough_to_renew(session, member, date(2024, 5, 1))
    _cmi_edit(session, staff, apply=True, total_hours="40", term_years="6")
    term = members.term_in_program(session, member.member_id, f.program(session).id)
    assert not term_standing(session, term).may_renew and term.ends_on == date(2028, 12, 31)
    entry = session.exec(select(AuditEntry).where(AuditEntry.action == "program_changed")).one()
    assert entry.detail["applied_to_running_terms"] == "1"


def test_a_second_edit_leaves_terms_pinned_to_the_first_version(session):
    staff = f.person(session, Role.STAFF)
    member = f.person(session, certified_on=date(2023, 1, 1))
    _cmi_edit(session, staff, total_hours="40")
    _cmi_edit(session, staff, total_hours="45")
    term = members.term_in_program(session, member.member_id, f.program(session).id)
    assert term_standing(session, term).total_shortfall == 35


def test_a_self_contradicting_program_is_refused_and_changes_nothing(session):
    staff = f.person(session, Role.STAFF)
    with pytest.raises(Invalid, match=r"Art: its minimum \(40\) is above the program's total \(35\)"):
        _cmi_edit(session, staff, categories=(C("Art", "40"), C("Biomedical", "14", "21"),
                                              C("Business", "0", "", "Business & History"),
                                              C("History", "0", "", "Business & History")))
    with pytest.raises(Invalid, match="add up to 42 hours"):
        admin.create_program(session=session, actor=staff, now=NOW, draft=ProgramDraft(
            code="X", name="X", term_years="2", total_hours="35", categories=(C("A", "21"), C("B", "21"))))
    assert session.exec(select(ProgramRow)).all() == [f.program(session)]
    assert load_program(session, f.program(session).id).total_hours == 35


def test_a_category_in_use_cannot_be_removed_and_codes_are_unique(session):
    staff = f.person(session, Role.STAFF)
    member = f.person(session, certified_on=date(2023, 1, 1))
    f.course_credit(session, member, "History", "2", date(2024, 5, 1))
    with pytest.raises(Conflict, match="“History” has credits"):
        _cmi_edit(session, staff, categories=(C("Art", "14", "21"), C("Biomedical", "14", "21"),
                                              C("Business", "0", "", "B&H")), groups=(G("B&H", "7"),))
    admin.create_program(session=session, actor=staff, draft=US, now=NOW)
    with pytest.raises(Conflict, match="exists already"):
        admin.create_program(session=session, actor=staff, draft=ProgramDraft(**{**US.__dict__, "code": "us-cme"}),
                             now=NOW)
    with pytest.raises(Invalid, match="Nothing changed"):
        _cmi_edit(session, staff)


def test_an_unused_category_can_be_removed_and_a_new_one_added(session):
    staff = f.person(session, Role.STAFF)
    _cmi_edit(session, staff, categories=(C("Art", "14", "21"), C("Biomedical", "14", "21"),
                                          C("Business", "0", "", "B&H"), C("Ethics", "2", "", "B&H")),
              groups=(G("B&H", "9"),))
    program = load_program(session, f.program(session).id)
    assert program.category_names == ("Art", "Biomedical", "Business", "Ethics")
    assert program.groups[0].categories == ("Business", "Ethics") and program.groups[0].max_hours == 9


def test_only_staff_edit_programs(session):
    member = f.person(session)
    row = f.program(session)
    with pytest.raises(NotAllowed):
        admin.create_program(session=session, actor=member, draft=US, now=NOW)
    with pytest.raises(NotAllowed):
        admin.update_program(session=session, actor=member, program_id=row.id, draft=US, apply_to_running=True,
                             now=NOW)
    with pytest.raises(NotFound):
        admin.program_draft(session=session, actor=f.person(session, Role.STAFF), program_id="1")


def test_a_rolled_back_edit_leaves_no_stale_rules(engine):
    from sqlmodel import Session
    with Session(engine, expire_on_commit=False) as session:
        staff = f.person(session, Role.STAFF)
        session.commit()
        _cmi_edit(session, staff, total_hours="50")
        assert load_program(session, f.program(session).id).total_hours == 50
        session.rollback()
    with Session(engine) as session:
        assert load_program(session, f.program(session).id).total_hours == 35
        assert session.exec(select(CertificationTerm)).all() == []
