"""What headquarters' irreversible steps will do, said before they are taken (R000-11, R000-17, R000-18).

Verifying a renewal opens the member's next term, striking a credit takes it out of their standing, recording a
passed exam starts a new term: none can be taken back from the page. Each confirmation shows, in staff's words,
whose record it is and what will follow; these functions only read, and the step itself checks everything again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session

from ce_tracker import formatting as fmt
from ce_tracker.config import Settings
from ce_tracker.models import CertificationTerm, Member, ProgramRow, RenewalStatus
from ce_tracker.rules import Standing, term_end
from ce_tracker.rules.planning import evaluate_lines
from ce_tracker.rules.status import needed_words
from ce_tracker.services.accounts.actors import Actor
from ce_tracker.services.errors import Invalid, NotFound
from ce_tracker.services.events.designated_sessions import submission_split
from ce_tracker.services.programs.store import load_program, term_program
from ce_tracker.services.record.credit_record import term_lines
from ce_tracker.services.renewal import reinstatement
from ce_tracker.services.renewal.applications import staff_application
from ce_tracker.services.renewal.common import OWN_RECORD
from ce_tracker.services.renewal.evidence import CLAIM, NO_LINE, SUBMISSION, evidence
from ce_tracker.services.renewal.window import effective_status, term_state


def _span(starts_on: date, ends_on: date) -> str:
    return f"{fmt.day(starts_on)} to {fmt.day(ends_on)}"


def _counted(standing: Standing) -> str:
    """ "42 of 35 h counted" """
    return f"{fmt.hours(standing.counted_total)} of {fmt.hours(standing.program.total_hours)} h counted"


def _verdict(standing: Standing) -> str:
    return "enough to renew" if standing.may_renew else f"not enough to renew (still needed: {needed_words(standing)})"


@dataclass(frozen=True)
class VerifyPreview:
    blocked: str  # why Verify cannot be pressed now, in staff's words; "" when it can
    summary: str  # what verifying will do: the member, the new term's dates, the email


def verify_preview(*, session: Session, actor: Actor, application_id: object,
                   standing: Standing | None = None) -> VerifyPreview:
    """Why Verify is not possible yet (the fee, the hours, one's own renewal), and what it will do once it is.

    ``standing``: the application's term standing when the caller has it already (the page computed it).
    """
    application = staff_application(session, actor, application_id)
    term = session.get(CertificationTerm, application.term_id)
    member = session.get(Member, application.member_id)
    program = load_program(session, term.program_id)
    standing = standing or evaluate_lines(term_program(session, term),
                                          [(line.category, line.hours) for line in term_lines(session, term)])
    starts_on = term.ends_on + timedelta(days=1)
    summary = (f"You are verifying the renewal of {member.full_name} (member ID {member.member_number}). Their "
               f"record has {_counted(standing)} in the term {_span(term.starts_on, term.ends_on)}: "
               f"{_verdict(standing)}. Their next term will run from {fmt.day(starts_on)} to "
               f"{fmt.day(term_end(program, starts_on))}, and they will be emailed that they are renewed.")
    paid = application.paid_at is not None
    if application.status is not RenewalStatus.SUBMITTED:
        blocked = "This application was already decided."
    elif actor.member_id == application.member_id:
        blocked = OWN_RECORD
    elif not standing.may_renew and not paid:
        blocked = (f"The record does not have the hours needed to renew (still needed: {needed_words(standing)}), "
                   "and the fee is not recorded yet.")
    elif not standing.may_renew:
        blocked = (f"The record does not have the hours needed to renew (still needed: {needed_words(standing)}): "
                   "return the application with the reason.")
    elif not paid:
        blocked = "The fee is not recorded yet: the record has the hours needed, so record the payment first."
    else:
        blocked = ""
    return VerifyPreview(blocked, summary)


def strike_preview(*, session: Session, actor: Actor, application_id: object, kind: object, line_id: object,
                   reason: object) -> str:
    """What striking one credit line does: the line, the standing it leaves, the email with the reason."""
    application = staff_application(session, actor, application_id)
    reason = reason.strip() if isinstance(reason, str) else ""
    if not 1 <= len(reason) <= 2000:
        raise Invalid("Give the reason the credit is struck; the member will read it.")
    line = next((x for x in evidence(session=session, actor=actor, application_id=application.id)
                 if x.kind == kind and x.id == line_id and x.counts), None)
    if line is None or kind not in (CLAIM, SUBMISSION):
        raise NotFound(NO_LINE)
    term = session.get(CertificationTerm, application.term_id)
    lines = [(x.category, x.hours) for x in term_lines(session, term)]
    before = evaluate_lines(term_program(session, term), lines)
    gone = ([(line.category, line.hours)] if kind == CLAIM
            else submission_split(session, [line.id]).get(line.id) or [(line.category, line.hours)])
    for part in gone:
        if part in lines:
            lines.remove(part)
    after = evaluate_lines(term_program(session, term), lines)
    member = session.get(Member, application.member_id)
    return (f"You are striking \u201c{line.title}\u201d ({line.category or 'no CE category'}, "
            f"{fmt.hours(line.hours)} h, completed {fmt.day(line.completed_on)}) from the record of "
            f"{member.full_name}. It stays listed, marked as struck, and no longer counts. Their standing goes from "
            f"{_counted(before)} to {_counted(after)}: {_verdict(after)}. They will be emailed your reason: "
            f"\u201c{reason}\u201d")


@dataclass(frozen=True)
class ExamPreview:
    member_name: str
    summary: str  # whose account, their current term, the new term's dates, the email


def exam_preview(*, session: Session, actor: Actor, member_number: object, passed_on: object, now: datetime,
                 settings: Settings) -> ExamPreview:
    """Whose member ID it is and what recording the pass will start; refused exactly as the recording would be."""
    member = reinstatement.member_by_number(session, actor, member_number)
    day, program_row, latest = reinstatement.check_exam(session=session, actor=actor, member_id=member.id,
                                                        passed_on=passed_on, now=now, settings=settings)
    program = load_program(session, program_row.id)
    if latest is None:
        before = "They hold no certification term yet: this is their first."
    else:
        status = effective_status(term_state(session, latest, now, settings)).value
        before = (f"Their last term ran from {_span(latest.starts_on, latest.ends_on)} and is {status}; it and its "
                  "credits are kept.")
    program_name = session.get(ProgramRow, program_row.id).name
    summary = (f"This member ID is {member.full_name}'s ({member.email}). {before} Recording that they passed "
               f"the exam on {fmt.day(day)} starts a new {program_name} term from {fmt.day(day)} to "
               f"{fmt.day(term_end(program, day))}, and they will be emailed.")
    return ExamPreview(member.full_name, summary)

