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
from ce_tracker.rules import Standing, evaluate
from ce_tracker.services.actors import Actor
from ce_tracker.services.events import today_for
from ce_tracker.services.members import current_term
from ce_tracker.services.programs import load_program


@dataclass(frozen=True)
class CreditLine:
    """One recorded credit: a course claim or a submitted event."""

    source: str  # "Course" or "Event"
    title: str
    category: str | None
    hours: Decimal
    completed_on: date
    counts: bool  # inside the term and in a program category


@dataclass(frozen=True)
class CreditRecord:
    """The term, every credit in it, and the rules' verdict (R000-10, R000-16)."""

    program_name: str
    term_starts_on: date
    term_ends_on: date
    term_status: str
    days_left: int
    lines: tuple[CreditLine, ...]
    standing: Standing


def _claim_lines(session: Session, member_id: int) -> list[tuple[CreditLine, date]]:
    rows = session.exec(select(CreditClaim, Activity, Category)
                        .join(Activity, Activity.id == CreditClaim.activity_id)
                        .join(Category, Category.id == CreditClaim.category_id)
                        .where(CreditClaim.member_id == member_id,
                               CreditClaim.status == ClaimStatus.RECORDED)).all()
    return [(CreditLine("Course", a.title, c.name, claim.hours, claim.completed_on, True), claim.completed_on)
            for claim, a, c in rows]


def _event_lines(session: Session, member_id: int) -> list[tuple[CreditLine, date]]:
    rows = session.exec(select(EventSubmission, Activity, Category)
                        .join(Activity, Activity.id == EventSubmission.activity_id)
                        .join(Category, Category.id == Activity.category_id, isouter=True)
                        .where(EventSubmission.member_id == member_id)).all()
    return [(CreditLine("Event", activity.title, category.name if category else None, submission.total,
                        activity.ends_on, category is not None), activity.ends_on)
            for submission, activity, category in rows]


def _term_lines(session: Session, member_id: int, term: CertificationTerm) -> tuple[list[CreditLine], dict[str, Decimal]]:
    """Every credit line of the member, newest first, with the hours that count in ``term`` per category."""
    lines = []
    hours: dict[str, Decimal] = {}
    for line, on in sorted(_claim_lines(session, member_id) + _event_lines(session, member_id),
                           key=lambda pair: pair[1], reverse=True):
        counts = line.counts and term.starts_on <= on <= term.ends_on
        lines.append(CreditLine(line.source, line.title, line.category, line.hours, line.completed_on, counts))
        if counts:
            hours[line.category] = hours.get(line.category, Decimal(0)) + line.hours
    return lines, hours


def term_standing(session: Session, term: CertificationTerm) -> Standing:
    """The rules' verdict on one term of one member: what headquarters checks before renewing (R000-17)."""
    _, hours = _term_lines(session, term.member_id, term)
    return evaluate(load_program(session, term.program_id), hours)


def credit_record(*, session: Session, actor: Actor, now: datetime) -> CreditRecord | None:
    """The acting member's record for the term they are in; None without a term."""
    first = current_term(session, actor.member_id)
    if first is None:
        return None
    program = load_program(session, first.program_id)
    today = today_for(program, now)
    term = current_term(session, actor.member_id, today)
    lines, hours = _term_lines(session, actor.member_id, term)
    return CreditRecord(program_name=session.get(ProgramRow, term.program_id).name,
                        term_starts_on=term.starts_on, term_ends_on=term.ends_on, term_status=term.status.value,
                        days_left=(term.ends_on - today).days, lines=tuple(lines), standing=evaluate(program, hours))
