"""Reinstatement and new certificants: a passed exam starts a new 5-year term on its date.

The Board of Certification administers the exam (seed 000) and headquarters keep the records, so either records
the pass. A lapsed member keeps their account and every old term with its credits; the new term starts on the
exam date. Terms never overlap (R000-11): the exam date must fall after the member's last term, and a member
whose last term could still renew (not lapsed) cannot be given a second one. Audited and emailed.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session, select

from ce_tracker import formatting as fmt
from ce_tracker import routes
from ce_tracker.config import Settings
from ce_tracker.models import CertificationTerm, Member, ProgramRow, Role
from ce_tracker.rules import TermPhase, local_date
from ce_tracker.services import audit
from ce_tracker.services.accounts.actors import Actor
from ce_tracker.services.accounts.members import first_program_id, open_term, term_in_program
from ce_tracker.services.errors import Conflict, Invalid, NotAllowed, NotFound
from ce_tracker.services.programs.store import default_program, load_program
from ce_tracker.services.renewal.common import notify
from ce_tracker.services.renewal.window import term_state


def _exam_date(value: object) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value.strip()) if isinstance(value, str) else None
    except ValueError:
        pass
    raise Invalid("Enter the date the exam was passed, such as 2026-11-30.")


def may_record_exams(actor: Actor) -> bool:
    """Staff or the Board of Certification record passed exams (the Board administers the exam)."""
    return actor.has(Role.STAFF) or actor.has(Role.BOARD)


def require_exam_recorder(actor: Actor) -> None:
    """Refuse anyone who may not record a passed exam (the page asks before showing its form)."""
    if not may_record_exams(actor):
        raise NotAllowed("This needs the staff or Board role.")


def check_exam(*, session: Session, actor: Actor, member_id: object, passed_on: object, now: datetime,
               settings: Settings) -> tuple[date, ProgramRow, CertificationTerm | None]:
    """Every refusal of recording a pass, before anything changes: (the exam date, the program, the last term).

    Shared by the confirmation (which shows whose account it is first) and the recording itself.
    """
    if not may_record_exams(actor):
        raise NotAllowed("Recording an exam result needs the staff or Board role.")
    if not isinstance(member_id, int) or isinstance(member_id, bool) or session.get(Member, member_id) is None:
        raise NotFound("No such account.")
    if member_id == actor.member_id:
        raise NotAllowed("You cannot record your own exam result; ask another staff or Board member.")
    day = _exam_date(passed_on)
    program_row = default_program(session)
    if day > local_date(load_program(session, program_row.id), now):
        raise Invalid("The exam date cannot be in the future.")
    held = first_program_id(session, member_id)
    latest = term_in_program(session, member_id, held) if held is not None else None
    if latest is not None:
        if day <= latest.ends_on:
            raise Invalid(f"The exam date falls inside the member's term {fmt.day(latest.starts_on)} to "
                          f"{fmt.day(latest.ends_on)}; it must come after the term ends.")
        if term_state(session, latest, now, settings).phase is not TermPhase.LAPSED:
            raise Conflict("The member's last term has not lapsed: it can still be renewed.")
    return day, session.get(ProgramRow, program_row.id), latest


def record_exam_pass(*, session: Session, actor: Actor, member_id: object, passed_on: object, now: datetime,
                     settings: Settings) -> CertificationTerm:
    """Start a new term from the exam date for an existing account (reinstated) or a new certificant."""
    day, program_row, latest = check_exam(session=session, actor=actor, member_id=member_id, passed_on=passed_on,
                                          now=now, settings=settings)
    term = open_term(session, member_id=member_id, program=program_row, starts_on=day)
    session.flush()
    action = "term_reinstated" if latest else "term_started"
    audit.record(session, actor_id=actor.member_id, action=action, entity="certificationterm", entity_id=term.id,
                 member=member_id, exam_passed_on=day)
    notify(session, member_id, "certification term started",
           f"We recorded that you passed the certification exam on {fmt.day(day)}. Your certification term runs "
           f"from {fmt.day(term.starts_on)} to {fmt.day(term.ends_on)}. Collect the required CE hours during it "
           "to renew.", settings, page=routes.HOME)
    return term


def member_by_number(session: Session, actor: Actor, member_number: object) -> Member:
    """The account with the member ID staff typed (printed on certificates), for those who record exams."""
    if not may_record_exams(actor):
        raise NotAllowed("Recording an exam result needs the staff or Board role.")
    number = member_number.strip() if isinstance(member_number, str) else ""
    member = session.exec(select(Member).where(Member.member_number == number)).first() if number else None
    if member is None:
        raise NotFound("No account has that member ID.")
    return member


def record_exam_pass_by_number(*, session: Session, actor: Actor, member_number: object, passed_on: object,
                               now: datetime, settings: Settings) -> tuple[str, CertificationTerm]:
    """The same, for the member ID staff type; returns the person's name and the term."""
    member = member_by_number(session, actor, member_number)
    term = record_exam_pass(session=session, actor=actor, member_id=member.id, passed_on=passed_on, now=now,
                            settings=settings)
    return member.full_name, term
