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

from sqlalchemy import and_, func, select
from sqlmodel import Session

from ce_tracker.config import settings
from ce_tracker.models import (
    ApprovalRequest,
    AuditEntry,
    CertificationTerm,
    CreditClaim,
    EventSubmission,
    Member,
    ProgramRow,
    RenewalApplication,
    RenewalStatus,
    RequestStatus,
    TermStatus,
)
from ce_tracker.rules import Program, Standing, grace_last_day, hours_needed
from ce_tracker.rules.board import quarter_of
from ce_tracker.rules.planning import evaluate_lines
from ce_tracker.rules.status import Status, Verdict, judge_term
from ce_tracker.services.programs.store import load_program
from ce_tracker.services.record.credit_record import term_hours
from ce_tracker.services.renewal.window import term_state

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
    """One current term of one certificant as the Board sees it: a member in two programs has two."""

    member_id: int
    full_name: str
    member_number: str
    term_id: int
    program_name: str
    starts_on: date
    ends_on: date
    quarter: str
    verdict: Verdict  # the member's own: the same two calls as their pages (``renewal.window.term_state``)

    @property
    def status(self) -> Status:
        return self.verdict.status

    @property
    def standing(self) -> Standing:
        return self.verdict.standing

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
    """Each member's latest term that has started by ``today`` in each program they hold: the terms their own
    pages show (``accounts.members.terms_by_program``), one per program."""
    started = CertificationTerm.starts_on <= today
    if only is not None:
        started = and_(started, CertificationTerm.member_id.in_(only))
    latest = (select(CertificationTerm.member_id, CertificationTerm.program_id,
                     func.max(CertificationTerm.starts_on).label("starts_on"))
              .where(started).group_by(CertificationTerm.member_id, CertificationTerm.program_id).subquery())
    return (select(CertificationTerm.id, CertificationTerm.member_id, CertificationTerm.program_id,
                   CertificationTerm.starts_on, CertificationTerm.ends_on, CertificationTerm.status)
            .join(latest, and_(latest.c.member_id == CertificationTerm.member_id,
                               latest.c.program_id == CertificationTerm.program_id,
                               latest.c.starts_on == CertificationTerm.starts_on))
            .cte("current_term"))


def _verdict(session: Session, today: date, program: Program, standing: Standing, row, application,
             undecided: bool) -> Verdict:
    """The member's own verdict on the term. An ended term still active may be kept in grace by approved
    requests still to record: the member's page reads those per term, and so does this (few terms are there);
    before the end, only dates decide the phase, and ``judge_term`` is called as ``term_state`` calls it."""
    term_id, _, _, starts_on, ends_on, status = row
    if today > ends_on and TermStatus(status) is TermStatus.ACTIVE and application is not RenewalStatus.VERIFIED:
        return term_state(session, session.get(CertificationTerm, term_id), None, settings, today=today).verdict
    return judge_term(standing, stored=TermStatus(status).value, starts_on=starts_on, ends_on=ends_on, today=today,
                      window_months=settings.renewal_window_months, grace_until=grace_last_day(program, ends_on),
                      undecided_requests=int(undecided), applied=application is RenewalStatus.SUBMITTED,
                      verified=application is RenewalStatus.VERIFIED)


def _read(session: Session, today: date, standings: dict, only: set[int] | None) -> list[Certificant]:
    """Judge the current terms of every active member (or of the members ``only``)."""
    term = _current_terms(today, only)
    hours = term_hours(session, term, only)
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
    names = dict(session.execute(select(ProgramRow.id, ProgramRow.name)).all())
    people = []
    for row in rows:
        term_id, member_id, program_id, starts_on, ends_on, status, full_name, number = row
        lines = tuple(sorted(hours.get(term_id, []), key=lambda line: (line[0] is None, line[0] or "")))
        if program_id not in programs:
            programs[program_id] = load_program(session, program_id)
        program = programs[program_id]
        kept = standings.get((program_id, lines))  # many members share the same hours: judge them once
        if kept is None or kept[0] is not program:  # a program edited since is a new Program object
            kept = standings[(program_id, lines)] = (program, evaluate_lines(program, lines))
        verdict = _verdict(session, today, program, kept[1], row[:6], applications.get(term_id), term_id in waiting)
        people.append(Certificant(
            member_id=member_id, full_name=full_name, member_number=number, term_id=term_id,
            program_name=names[program_id], starts_on=starts_on, ends_on=ends_on, quarter=quarter_of(ends_on),
            verdict=verdict))
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
    return person.ends_on, person.full_name, person.member_id, person.term_id


def society(session: Session, today: date) -> list[Certificant]:
    """Every active account's current terms (one per program) with their status, soonest term end first."""
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
