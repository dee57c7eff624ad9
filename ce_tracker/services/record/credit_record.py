"""A member's CE credit record for their current term, and where it leaves them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlmodel import Session, select

from ce_tracker.models import (
    Activity,
    Category,
    CertificationTerm,
    ClaimStatus,
    CreditClaim,
    EventSubmission,
    ProgramRow,
)
from ce_tracker.rules import Standing
from ce_tracker.rules.planning import evaluate_lines
from ce_tracker.services.accounts import members
from ce_tracker.services.accounts.actors import Actor
from ce_tracker.services.events.designated_sessions import submission_split
from ce_tracker.services.events.facts import today_for
from ce_tracker.services.programs.store import load_program, term_program

PRE_APPROVED = "Pre-approved course"
APPROVED_REQUEST = "Approved request"
CONFERENCE = "Conference submission"
IMPORTED = "Imported past record"


@dataclass(frozen=True)
class CreditLine:
    """One recorded credit: a course claim or a submitted conference."""

    source: str  # how it was obtained: PRE_APPROVED, APPROVED_REQUEST or CONFERENCE
    title: str
    category: str | None
    hours: Decimal
    starts_on: date
    completed_on: date
    counts: bool  # inside the term and in a program category
    why_not: str = ""  # why it does not count, in words


@dataclass(frozen=True)
class CreditRecord:
    """The term, every credit in it, and the rules' verdict (R000-10, R000-16)."""

    program_name: str
    term_starts_on: date
    term_ends_on: date
    term_status: str
    today: date
    days_left: int
    lines: tuple[CreditLine, ...]
    standing: Standing


def _claim_lines(session: Session, member_id: int) -> list[CreditLine]:
    rows = session.exec(select(CreditClaim, Activity, Category)
                        .join(Activity, Activity.id == CreditClaim.activity_id)
                        .join(Category, Category.id == CreditClaim.category_id)
                        .where(CreditClaim.member_id == member_id,
                               CreditClaim.status == ClaimStatus.RECORDED)).all()
    return [CreditLine(IMPORTED if claim.source == "imported" else
                       APPROVED_REQUEST if claim.approval_request_id else PRE_APPROVED, a.title, c.name,
                       claim.hours, a.starts_on, claim.completed_on, True)
            for claim, a, c in rows]


def _event_lines(session: Session, member_id: int) -> list[CreditLine]:
    """One line per submitted event and category: a designated session counts in its own."""
    rows = session.exec(select(EventSubmission, Activity, Category)
                        .join(Activity, Activity.id == EventSubmission.activity_id)
                        .join(Category, Category.id == Activity.category_id, isouter=True)
                        .where(EventSubmission.member_id == member_id,
                               EventSubmission.withdrawn_at.is_(None))).all()  # struck by headquarters
    split = submission_split(session, [submission.id for submission, _, _ in rows])
    return [CreditLine(CONFERENCE, activity.title, name, hours, activity.starts_on, activity.ends_on,
                       name is not None, "" if name else "CME only: the event carries no CE category")
            for submission, activity, category in rows
            for name, hours in split.get(submission.id) or [(category.name if category else None, submission.total)]]


def _term_lines(session: Session, member_id: int,
                term: CertificationTerm) -> tuple[list[CreditLine], dict[str, Decimal]]:
    """The member's credit lines completed within ``term``, newest first, and the hours per category that count.

    A credit counts in the term in which it was completed, never in none (R000-24).
    """
    lines = [line for line in _claim_lines(session, member_id) + _event_lines(session, member_id)
             if term.starts_on <= line.completed_on <= term.ends_on]
    lines.sort(key=lambda line: (line.completed_on, line.title), reverse=True)
    hours: dict[str, Decimal] = {}
    for line in lines:
        if line.counts:
            hours[line.category] = hours.get(line.category, Decimal(0)) + line.hours
    return lines, hours


def term_lines(session: Session, term: CertificationTerm) -> list[CreditLine]:
    """Every credit line of the term's member completed within the term, whatever program it came from."""
    return _term_lines(session, term.member_id, term)[0]


def term_standing(session: Session, term: CertificationTerm) -> Standing:
    """The rules' verdict on one term of one member: what headquarters checks before renewing (R000-17).

    The term's own rules (its pinned program version) judge every credit line the program accepts.
    """
    return evaluate_lines(term_program(session, term), [(line.category, line.hours)
                                                       for line in term_lines(session, term)])


def credit_record(*, session: Session, actor: Actor, now: datetime) -> CreditRecord | None:
    """The acting member's record for the term they are in; None without a term."""
    program_id = members.first_program_id(session, actor.member_id)
    if program_id is None:
        return None
    today = today_for(load_program(session, program_id), now)
    term = members.term_in_program(session, actor.member_id, program_id, today)
    lines, hours = _term_lines(session, actor.member_id, term)
    return CreditRecord(program_name=session.get(ProgramRow, term.program_id).name,
                        term_starts_on=term.starts_on, term_ends_on=term.ends_on, term_status=term.status.value,
                        today=today, days_left=(term.ends_on - today).days, lines=tuple(lines),
                        standing=evaluate_lines(term_program(session, term),
                                                [(line.category, line.hours) for line in lines]))


def term_record(session: Session, term: CertificationTerm, today: date) -> CreditRecord:
    """The record of any one term as of ``today``, for the Board's evidence pack (no permission check here:
    the caller has checked the Board role)."""
    lines, _ = _term_lines(session, term.member_id, term)
    return CreditRecord(program_name=session.get(ProgramRow, term.program_id).name,
                        term_starts_on=term.starts_on, term_ends_on=term.ends_on, term_status=term.status.value,
                        today=today, days_left=(term.ends_on - today).days, lines=tuple(lines),
                        standing=evaluate_lines(term_program(session, term),
                                                [(line.category, line.hours) for line in lines]))
