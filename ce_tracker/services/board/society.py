"""Every certificant judged by the rules, read once and then kept up to date member by member.

Judging 50,000 members means reading every credit line and running the rules on every distinct set of
hours: seconds. The Board's views need it on each click, so the judged society is kept per database and
society calendar day, and on each view ``_changes`` asks the database what changed since: rows added
(each table's newest id) and changes the services made (every service change writes an audit row; the
project's rule). Only the members those touch are read and judged again. A change this module cannot tie
to a member (a staff edit of an event's dates, an action it does not know) reads everything again, so an
unknown change is never missed; so does a new day, and ``MAX_AGE`` bounds what a PostgreSQL transaction
committing an older audit id after a newer one could leave behind.
"""

from __future__ import annotations

import bisect
import threading
import time
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import Integer, and_, func, select, type_coerce
from sqlmodel import Session

from ce_tracker.models import (
    Activity,
    ApprovalRequest,
    AuditEntry,
    Category,
    CertificationTerm,
    ClaimStatus,
    CreditClaim,
    DayCredit,
    EventDay,
    EventSubmission,
    Member,
    RenewalApplication,
    RenewalStatus,
    RequestStatus,
    TermStatus,
)
from ce_tracker.rules import Program, Standing, evaluate, hours_needed
from ce_tracker.rules.board import BoardStatus, board_status, quarter_of
from ce_tracker.services.events.designated_sessions import effective_category
from ce_tracker.services.programs.store import load_program

MAX_AGE = 300.0  # seconds
# Tables whose new rows carry the member they belong to (Member: its own id).
ROWS = (CreditClaim, EventSubmission, CertificationTerm, RenewalApplication, ApprovalRequest, Member)
# Audit entities whose row names its member, and actions that change nothing the Board counts.
OWNED = {"member": Member, "renewalapplication": RenewalApplication, "certificationterm": CertificationTerm,
         "approval_request": ApprovalRequest, "creditclaim": CreditClaim, "eventsubmission": EventSubmission}
OWN_RECORDS = {"course_claimed", "cme_submitted", "cme_day_saved"}  # the acting member's own credits
NO_HOURS = {"audit_sample_drawn", "certificate_issued", "certificate_revoked", "course_created",
            "event_created", "registrations_imported", "demo_seeded"}


@dataclass(frozen=True)
class Certificant:
    """One certificant's current term as the Board sees it."""

    member_id: int
    full_name: str
    member_number: str
    term_id: int
    starts_on: date
    ends_on: date
    quarter: str
    status: BoardStatus
    standing: Standing

    @property
    def needed(self) -> Decimal:
        return hours_needed(self.standing)


@dataclass
class _Kept:
    stamp: tuple
    read_at: float
    people: list[Certificant]
    standings: dict  # (program id, hours) -> (Program, Standing): the same hours, the same verdict


_kept: dict[tuple, _Kept] = {}
_lock = threading.Lock()


def _current_terms(today: date, only: set[int] | None):
    """Each member's latest term that has started by ``today`` (the term the member's pages show)."""
    started = CertificationTerm.starts_on <= today
    if only is not None:
        started = and_(started, CertificationTerm.member_id.in_(only))
    latest = (select(CertificationTerm.member_id, func.max(CertificationTerm.starts_on).label("starts_on"))
              .where(started).group_by(CertificationTerm.member_id).subquery())
    return (select(CertificationTerm.id, CertificationTerm.member_id, CertificationTerm.program_id,
                   CertificationTerm.starts_on, CertificationTerm.ends_on, CertificationTerm.status)
            .join(latest, and_(latest.c.member_id == CertificationTerm.member_id,
                               latest.c.starts_on == CertificationTerm.starts_on))
            .cte("current_term"))


def _hours(session: Session, term, only: set[int] | None) -> dict[int, dict[int, int]]:
    """Hundredths of hours per current term and category, as ``services.record`` counts them: recorded
    claims by completion date, CE conference submissions by the event's last day (summed as stored)."""
    claims = (select(term.c.id, CreditClaim.category_id, type_coerce(func.sum(CreditClaim.hours), Integer))
              .join(term, and_(term.c.member_id == CreditClaim.member_id,
                               CreditClaim.completed_on >= term.c.starts_on,
                               CreditClaim.completed_on <= term.c.ends_on))
              .where(CreditClaim.status == ClaimStatus.RECORDED).group_by(term.c.id, CreditClaim.category_id))
    if only is not None:  # said on the credit table itself, so its member index is used
        claims = claims.where(CreditClaim.member_id.in_(only))
    # A submitted event's sealed days, each in its designated session's category or else the event's.
    category = effective_category()
    events = (select(term.c.id, category, type_coerce(func.sum(DayCredit.credits), Integer))
              .join(EventDay, EventDay.id == DayCredit.event_day_id)
              .join(Activity, Activity.id == EventDay.activity_id)
              .join(term, and_(term.c.member_id == DayCredit.member_id,
                               Activity.ends_on >= term.c.starts_on, Activity.ends_on <= term.c.ends_on))
              .where(DayCredit.submission_id.is_not(None), category.is_not(None))
              .group_by(term.c.id, category))
    if only is not None:
        events = events.where(DayCredit.member_id.in_(only))
    hours: dict[int, dict[int, int]] = {}
    for statement in (claims, events):
        for term_id, category_id, total in session.execute(statement):
            by_category = hours.setdefault(term_id, {})
            by_category[category_id] = by_category.get(category_id, 0) + total
    return hours


def _read(session: Session, today: date, standings: dict, only: set[int] | None) -> list[Certificant]:
    """Judge the current term of every active member (or of the members ``only``)."""
    term = _current_terms(today, only)
    names = {c.id: (c.program_id, c.name) for c in session.execute(select(Category)).scalars()}
    hours = _hours(session, term, only)
    applications = dict(session.execute(select(RenewalApplication.term_id, RenewalApplication.status)
                                        .join(term, term.c.id == RenewalApplication.term_id)).all())
    waiting = {row[0] for row in session.execute(
        select(term.c.id).join(ApprovalRequest, and_(
            ApprovalRequest.member_id == term.c.member_id, ApprovalRequest.ends_on >= term.c.starts_on,
            ApprovalRequest.ends_on <= term.c.ends_on))
        .where(ApprovalRequest.status.in_((RequestStatus.PENDING, RequestStatus.RETURNED)),
               *([ApprovalRequest.member_id.in_(only)] if only is not None else [])))}
    rows = session.execute(select(term, Member.full_name, Member.member_number)
                           .join(Member, Member.id == term.c.member_id).where(Member.is_active.is_(True))).all()
    programs: dict[int, Program] = {}
    people = []
    for term_id, member_id, program_id, starts_on, ends_on, status, full_name, number in rows:
        earned = tuple(sorted((names[c][1], h) for c, h in hours.get(term_id, {}).items()
                              if names[c][0] == program_id))
        if program_id not in programs:
            programs[program_id] = load_program(session, program_id)
        program = programs[program_id]
        kept = standings.get((program_id, earned))  # many members share the same hours: judge them once
        if kept is None or kept[0] is not program:  # a program edited since is a new Program object
            kept = standings[(program_id, earned)] = (program, evaluate(
                program, {name: Decimal(hundredths) / 100 for name, hundredths in earned}))
        standing = kept[1]
        application = applications.get(term_id)
        people.append(Certificant(
            member_id=member_id, full_name=full_name, member_number=number, term_id=term_id, starts_on=starts_on,
            ends_on=ends_on, quarter=quarter_of(ends_on), standing=standing,
            status=board_status(standing, starts_on=starts_on, ends_on=ends_on, today=today,
                                renewed=TermStatus(status) is TermStatus.RENEWED
                                or application is RenewalStatus.VERIFIED,
                                applied=application is RenewalStatus.SUBMITTED,
                                undecided_request=term_id in waiting)))
    return people


def _stamp(session: Session) -> tuple:
    """The newest audit row and the newest row of each table read: each an index's last entry."""
    newest = [select(func.max(model.id)).scalar_subquery() for model in (AuditEntry, *ROWS)]
    return tuple(value or 0 for value in session.execute(select(*newest)).one())


def _changes(session: Session, since: tuple) -> set[int] | None:
    """The members whose standing may have changed since the stamp ``since``; None when it cannot tell."""
    touched: set[int] = set()
    for model, last in zip(ROWS, since[1:]):
        owner = model.id if model is Member else model.member_id
        touched.update(session.execute(select(owner).where(model.id > last)).scalars())
    by_entity: dict[str, set[int]] = {}
    for action, entity, entity_id, actor_id in session.execute(
            select(AuditEntry.action, AuditEntry.entity, AuditEntry.entity_id, AuditEntry.actor_id)
            .where(AuditEntry.id > since[0])):
        if action in OWN_RECORDS and actor_id is not None:
            touched.add(actor_id)
        elif entity in OWNED and entity_id is not None:
            by_entity.setdefault(entity, set()).add(entity_id)
        elif action not in NO_HOURS:
            return None
    for entity, ids in by_entity.items():
        model = OWNED[entity]
        owner = model.id if model is Member else model.member_id
        touched.update(session.execute(select(owner).where(model.id.in_(ids))).scalars())
    return touched


def _order(person: Certificant) -> tuple:
    return person.ends_on, person.full_name, person.member_id


def society(session: Session, today: date) -> list[Certificant]:
    """Every active account's current term with its Board status, soonest term end first."""
    engine = session.get_bind()
    key, stamp = (id(engine), str(engine.url), today), _stamp(session)
    with _lock:
        kept = _kept.get(key)
    if kept and kept.stamp == stamp and time.monotonic() - kept.read_at < MAX_AGE:
        return kept.people
    changed = _changes(session, kept.stamp) if kept and time.monotonic() - kept.read_at < MAX_AGE else None
    standings = kept.standings if kept else {}
    if changed is None:
        people, read_at = sorted(_read(session, today, standings, None), key=_order), time.monotonic()
    else:
        people = [p for p in kept.people if p.member_id not in changed]
        for person in _read(session, today, standings, changed) if changed else []:
            bisect.insort(people, person, key=_order)
        read_at = kept.read_at  # MAX_AGE counts from the last full reading
    with _lock:
        _kept.clear()  # one database, one day: older entries are dead weight
        _kept[key] = _Kept(stamp, read_at, people, standings)
    return people


def forget() -> None:
    """Drop what is kept (the benchmark times a first reading with it)."""
    with _lock:
        _kept.clear()
