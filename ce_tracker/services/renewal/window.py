"""A term's phase from the records: the renewal window, grace while something is pending, lapse (R000-15, R000-17).

The rules (``rules.term``) decide; this module gathers what they need in a handful of queries: the standing, the
undecided approval requests for activities inside the term, the approved ones not yet recorded, and whether an
application is with headquarters. The hourly sweep lapses a term once, by a conditional UPDATE, only when the
rules say nothing is pending and it is short.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import update
from sqlmodel import Session, select

from ce_tracker import formatting as fmt
from ce_tracker.config import Settings
from ce_tracker.models import (
    Activity,
    ApprovalRequest,
    CertificationTerm,
    CreditClaim,
    RenewalApplication,
    RenewalStatus,
    RequestStatus,
    TermStatus,
)
from ce_tracker.rules import Program, Standing, TermPhase, grace_last_day
from ce_tracker.rules.status import Verdict, judge_term, needed_words
from ce_tracker.services import audit
from ce_tracker.services.courses.claims import claim_window
from ce_tracker.services.programs.store import load_program
from ce_tracker.services.record.credit_record import term_standing
from ce_tracker.services.renewal.common import exam_again, notify, today_for_term

UNDECIDED = (RequestStatus.PENDING, RequestStatus.RETURNED)


@dataclass(frozen=True)
class TermState:
    """Everything about one term on one day, judged by the rules."""

    term: CertificationTerm
    program: Program
    today: date
    standing: Standing
    phase: TermPhase
    opens_on: date  # first day of the renewal window
    grace_until: date  # last day of grace when nothing is undecided
    undecided: tuple[str, ...]  # titles of approval requests for activities in the term, not yet decided
    to_record: tuple[tuple[str, date], ...]  # approved activities in the term not yet recorded, with last day
    application: RenewalApplication | None
    verdict: Verdict  # the status and figures every page, list and email says (``rules.status``)


def _application(session: Session, term_id: int) -> RenewalApplication | None:
    return session.exec(select(RenewalApplication).where(RenewalApplication.term_id == term_id)).first()


def _requests(session: Session, term: CertificationTerm, program: Program, statuses) -> list[ApprovalRequest]:
    return list(session.exec(select(ApprovalRequest).where(
        ApprovalRequest.member_id == term.member_id, ApprovalRequest.status.in_(statuses),
        ApprovalRequest.ends_on >= term.starts_on, ApprovalRequest.ends_on <= term.ends_on)))


def _to_record(session: Session, term: CertificationTerm, program: Program) -> list[tuple[str, date]]:
    """Approved activities inside the term the member has not recorded, with the last day to record them."""
    recorded = set(session.exec(select(CreditClaim.activity_id).where(CreditClaim.member_id == term.member_id)))
    result = []
    for request in _requests(session, term, program, (RequestStatus.APPROVED,)):
        if request.activity_id is None or request.activity_id in recorded:
            continue
        activity = session.get(Activity, request.activity_id)
        result.append((activity.title, claim_window(program, activity, request)[1]))
    return result


def term_state(session: Session, term: CertificationTerm, now: datetime | None, settings: Settings, *,
               today: date | None = None) -> TermState:
    """The term's phase on the society's today (or ``today``), with what keeps it in grace (R000-15).

    The member's pages, the renewal page, the reminders, the planner and the Board's ended terms all ask this,
    so each says the same status for the same term (``rules.status.judge_term``).
    """
    program = load_program(session, term.program_id)
    today = today or today_for_term(session, term, now)
    standing = term_standing(session, term)
    application = _application(session, term.id)
    ended = today > term.ends_on
    undecided = tuple(r.title for r in _requests(session, term, program, UNDECIDED)) if ended else ()
    to_record = tuple(_to_record(session, term, program)) if ended else ()
    grace_until = grace_last_day(program, term.ends_on, [last for _, last in to_record])
    pending = application is not None and application.status is RenewalStatus.SUBMITTED
    verified = application is not None and application.status is RenewalStatus.VERIFIED
    verdict = judge_term(standing, stored=term.status.value, starts_on=term.starts_on, ends_on=term.ends_on,
                         today=today, window_months=settings.renewal_window_months, grace_until=grace_until,
                         undecided_requests=len(undecided), applied=pending, verified=verified)
    return TermState(term=term, program=program, today=today, standing=standing, phase=verdict.phase,
                     opens_on=verdict.opens_on, grace_until=grace_until, undecided=undecided, to_record=to_record,
                     application=application, verdict=verdict)


def pending_words(state: TermState) -> str:
    """What keeps a term in grace, in words, with dates."""
    parts = []
    if state.today <= state.grace_until:
        parts.append(f"credit for an activity completed in the term may still be recorded until "
                     f"{fmt.day(state.grace_until)}")
    parts += [f"the committee has not yet decided on \u201c{title}\u201d" for title in state.undecided]
    parts += [f"\u201c{title}\u201d is approved and can be recorded until {fmt.day(last)}"
              for title, last in state.to_record]
    if state.application is not None and state.application.status is RenewalStatus.SUBMITTED:
        parts.append("your renewal application is with headquarters")
    return "; ".join(parts)


def status_words(state: TermState, settings: Settings) -> str:
    """The term's status and its last date in words (R000-15, R000-16)."""
    term, short = state.term, needed_words(state.standing)
    if state.phase is TermPhase.RENEWED:
        return "Renewed."
    if state.phase is TermPhase.LAPSED:
        return f"Lapsed: the term ended on {fmt.day(term.ends_on)} without the required hours. " + exam_again(settings)
    if state.phase is TermPhase.COLLECTING:
        return (f"Your term ends on {fmt.day(term.ends_on)}. Applying to renew opens on {fmt.day(state.opens_on)}."
                + (f" Still needed: {short}." if short else ""))
    if state.phase is TermPhase.WINDOW:
        return (f"Applying to renew is open until your term ends on {fmt.day(term.ends_on)}."
                + (f" Still needed: {short}." if short else ""))
    if state.phase is TermPhase.GRACE:
        return (f"In grace: your term ended on {fmt.day(term.ends_on)}"
                + (f"; still needed: {short}" if short else "") + f". Pending: {pending_words(state)}."
                + (" Recording the missing hours now makes it eligible; if nothing is pending and hours are still "
                   "missing, it lapses." if short else " You may apply now."))
    return f"Your term ended on {fmt.day(term.ends_on)} with the hours needed: apply to renew now."


def lapse_ended_terms(*, session: Session, now: datetime, settings: Settings) -> int:
    """Turn each ended term that is short with nothing pending to lapsed, once, and tell its member (R000-15).

    Safe with several workers at once: each term changes by a conditional UPDATE on the status it had, and only
    the worker whose update took writes the audit row and the email.
    """
    lapsed = 0
    # A coarse cut first (the society's today is at most a day from UTC's); the rules decide each term below.
    ended = session.exec(select(CertificationTerm).where(
        CertificationTerm.status == TermStatus.ACTIVE,
        CertificationTerm.ends_on < now.date() + timedelta(days=1))).all()
    for term in ended:
        if term_state(session, term, now, settings).phase is not TermPhase.LAPSED:
            continue
        moved = session.execute(update(CertificationTerm).where(CertificationTerm.id == term.id,
                                                                CertificationTerm.status == TermStatus.ACTIVE)
                                .values(status=TermStatus.LAPSED))
        if moved.rowcount != 1:
            continue
        lapsed += 1
        audit.record(session, actor_id=None, action="term_lapsed", entity="certificationterm", entity_id=term.id)
        notify(session, term.member_id, "certification lapsed",
               f"Your certification term ended on {fmt.day(term.ends_on)} without the required CE hours, and "
               "nothing that could still complete it is pending. " + exam_again(settings), settings)
    return lapsed


def effective_status(state: TermState) -> TermStatus:
    """The stored status, or lapsed when the rules say so before the sweep has run (R000-15)."""
    if state.phase is TermPhase.LAPSED:
        return TermStatus.LAPSED
    if state.phase is TermPhase.RENEWED:
        return TermStatus.RENEWED
    return TermStatus.ACTIVE
