"""A member's CE credit record for their current term, and where it leaves them.

Two readings of the same credit: ``term_lines`` lists every line for the member to read (titles, dates, why a
line does not count); ``term_hours`` sums those lines per term and category in the database, for one term or
for the whole society at once. Every standing (the member's pages, the renewal, the planner, the Board) is
``rules.planning.evaluate_lines`` over ``term_hours``, so no two pages can count the same term differently.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Integer, and_, func, type_coerce
from sqlmodel import Session, select

from ce_tracker.models import (
    Activity,
    Category,
    CertificationTerm,
    ClaimStatus,
    CreditClaim,
    DayCredit,
    EventDay,
    EventSubmission,
    ProgramRow,
)
from ce_tracker.rules import Standing
from ce_tracker.rules.planning import evaluate_lines
from ce_tracker.services.accounts import members
from ce_tracker.services.accounts.actors import Actor
from ce_tracker.services.events.designated_sessions import effective_category, submission_split
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


def _term_lines(session: Session, member_id: int, term: CertificationTerm) -> list[CreditLine]:
    """The member's credit lines completed within ``term``, newest first.

    A credit counts in the term in which it was completed, never in none (R000-24).
    """
    lines = [line for line in _claim_lines(session, member_id) + _event_lines(session, member_id)
             if term.starts_on <= line.completed_on <= term.ends_on]
    lines.sort(key=lambda line: (line.completed_on, line.title), reverse=True)
    return lines


def term_lines(session: Session, term: CertificationTerm) -> list[CreditLine]:
    """Every credit line of the term's member completed within the term, whatever program it came from."""
    return _term_lines(session, term.member_id, term)


Line = tuple[str | None, Decimal]


def terms_table(term_ids: list[int]):
    """The terms ``term_hours`` reads, as the table it joins: id, member, first and last day."""
    return (select(CertificationTerm.id, CertificationTerm.member_id, CertificationTerm.starts_on,
                   CertificationTerm.ends_on).where(CertificationTerm.id.in_(term_ids)).cte("terms"))


def term_hours(session: Session, terms, only: set[int] | None = None) -> dict[int, list[Line]]:
    """Per term of ``terms`` (a table with id, member_id, starts_on, ends_on), the hours of its credit lines
    summed per category name (None: CME only): the lines ``term_lines`` lists, in two grouped statements.

    Recorded course claims count on the day they were completed, a submitted conference that headquarters
    have not struck on its last day, each sealed day in its designated session's category or else the
    event's (R000-11, R000-24: every credit in the term in which it was earned). ``only`` restricts the
    reading to those members (said on the credit tables themselves, so their member indexes are used).
    """
    claims = (select(terms.c.id, CreditClaim.category_id, type_coerce(func.sum(CreditClaim.hours), Integer))
              .join(terms, and_(terms.c.member_id == CreditClaim.member_id,
                                CreditClaim.completed_on >= terms.c.starts_on,
                                CreditClaim.completed_on <= terms.c.ends_on))
              .where(CreditClaim.status == ClaimStatus.RECORDED).group_by(terms.c.id, CreditClaim.category_id))
    category = effective_category()
    events = (select(terms.c.id, category, type_coerce(func.sum(DayCredit.credits), Integer))
              .join(EventSubmission, EventSubmission.id == DayCredit.submission_id)
              .join(EventDay, EventDay.id == DayCredit.event_day_id)
              .join(Activity, Activity.id == EventDay.activity_id)
              .join(terms, and_(terms.c.member_id == DayCredit.member_id,
                                Activity.ends_on >= terms.c.starts_on, Activity.ends_on <= terms.c.ends_on))
              .where(EventSubmission.withdrawn_at.is_(None))
              .group_by(terms.c.id, category))
    if only is not None:
        claims = claims.where(CreditClaim.member_id.in_(only))
        events = events.where(DayCredit.member_id.in_(only))
    names = dict(session.execute(select(Category.id, Category.name)).all())
    found: dict[int, dict[str | None, int]] = {}
    for statement in (claims, events):
        for term_id, category_id, hundredths in session.execute(statement):
            by_name = found.setdefault(term_id, {})
            name = names.get(category_id)
            by_name[name] = by_name.get(name, 0) + hundredths
    return {term_id: [(name, Decimal(h) / 100) for name, h in by_name.items()] for term_id, by_name in found.items()}


def term_standing(session: Session, term: CertificationTerm) -> Standing:
    """The rules' verdict on one term of one member: what headquarters checks before renewing (R000-17).

    The term's own rules (its pinned program version) judge every credit line the program accepts;
    the Board judges every term by the same two calls (``services.board.society``).
    """
    lines = term_hours(session, terms_table([term.id]), {term.member_id}).get(term.id, [])
    return evaluate_lines(term_program(session, term), lines)


def credit_record(*, session: Session, actor: Actor, now: datetime) -> CreditRecord | None:
    """The acting member's record for the term they are in; None without a term."""
    program_id = members.first_program_id(session, actor.member_id)
    if program_id is None:
        return None
    today = today_for(load_program(session, program_id), now)
    term = members.term_in_program(session, actor.member_id, program_id, today)
    lines = _term_lines(session, actor.member_id, term)
    return CreditRecord(program_name=session.get(ProgramRow, term.program_id).name,
                        term_starts_on=term.starts_on, term_ends_on=term.ends_on, term_status=term.status.value,
                        today=today, days_left=(term.ends_on - today).days, lines=tuple(lines),
                        standing=term_standing(session, term))


def term_record(session: Session, term: CertificationTerm, today: date) -> CreditRecord:
    """The record of any one term as of ``today``, for the Board's evidence pack (no permission check here:
    the caller has checked the Board role)."""
    lines = _term_lines(session, term.member_id, term)
    return CreditRecord(program_name=session.get(ProgramRow, term.program_id).name,
                        term_starts_on=term.starts_on, term_ends_on=term.ends_on, term_status=term.status.value,
                        today=today, days_left=(term.ends_on - today).days, lines=tuple(lines),
                        standing=term_standing(session, term))
