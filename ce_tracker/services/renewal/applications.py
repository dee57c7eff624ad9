"""The member applies in the renewal window or in grace; headquarters verify or return (R000-16 to R000-18).

The rules engine decides whether a term's credits are enough, both when the member applies and again when staff
verify, so a credit struck in between cannot slip through. Every status change is one conditional UPDATE on the
status it expects, so two tabs or two staff members never act twice; each is emailed and audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from ce_tracker import formatting as fmt
from ce_tracker.config import Settings
from ce_tracker.models import (
    CertificationTerm,
    Member,
    ProgramRow,
    RenewalApplication,
    RenewalStatus,
    Role,
    TermStatus,
)
from ce_tracker.rules import Standing, TermPhase, local_date
from ce_tracker.rules.status import Status, Verdict, needed_words
from ce_tracker.services import audit
from ce_tracker.services.accounts.actors import Actor
from ce_tracker.services.accounts.members import first_program_id, open_term, term_in_program
from ce_tracker.services.errors import Conflict, Invalid, NotFound
from ce_tracker.services.programs.store import load_program
from ce_tracker.services.renewal.common import (
    NO_APPLICATION,
    exam_again,
    fee_text,
    local_day,
    not_own,
    notify,
    term_words,
)
from ce_tracker.services.renewal.window import TermState, effective_status, status_words, term_state


@dataclass(frozen=True)
class ApplicationView:
    """A renewal application as its member and headquarters see it; dates in the society's calendar."""

    id: int
    member_id: int
    member_name: str
    member_number: str
    status: RenewalStatus
    submitted_at: datetime
    submitted_on: date
    fee: str
    paid: bool
    paid_on: date | None
    payment_reference: str
    invoice_reference: str
    return_reason: str
    term_starts_on: date
    term_ends_on: date
    next_term: tuple[date, date] | None
    standing: Standing


@dataclass(frozen=True)
class RenewalOverview:
    """Everything the member's renewal page shows."""

    term_starts_on: date
    term_ends_on: date
    term_status: TermStatus  # effective: an ended term the rules lapse is lapsed even before the sweep
    phase: TermPhase
    status_words: str
    opens_on: date
    standing: Standing
    may_apply: bool
    why_not: str
    fee: str
    application: ApplicationView | None
    verdict: Verdict  # the term's status and figures, as Home and the Board say them


def view_of(session: Session, application: RenewalApplication, term: CertificationTerm) -> ApplicationView:
    from ce_tracker.services.record.credit_record import term_standing

    member = session.get(Member, application.member_id)
    next_term = session.get(CertificationTerm, application.next_term_id) if application.next_term_id else None
    return ApplicationView(
        id=application.id, member_id=member.id, member_name=member.full_name, member_number=member.member_number,
        status=application.status, submitted_at=application.submitted_at,
        submitted_on=local_day(session, term, application.submitted_at),
        fee=fee_text(application.fee_cents, application.currency), paid=application.paid_at is not None,
        paid_on=local_day(session, term, application.paid_at) if application.paid_at else None,
        payment_reference=application.fee_reference, invoice_reference=application.invoice_reference or "",
        return_reason=application.return_reason, term_starts_on=term.starts_on, term_ends_on=term.ends_on,
        next_term=(next_term.starts_on, next_term.ends_on) if next_term else None,
        standing=term_standing(session, term))


def why_not(state: TermState, settings: Settings) -> str:
    """Why the member cannot apply now, in words; empty exactly when the term's verdict is "eligible" (R000-16,
    R000-17): the renewal page, Home's button and the planner all ask ``state.verdict``, never their own rule."""
    status = state.verdict.status
    if status is Status.ELIGIBLE:
        return ""
    if status is Status.LAPSED:
        return exam_again(settings)
    if status is Status.RENEWED:
        return "This term has been renewed."
    if status is Status.APPLIED:
        return "Your application is with headquarters for verification."
    short = needed_words(state.standing)
    if state.phase is TermPhase.COLLECTING:
        return (f"Applying opens on {fmt.day(state.opens_on)}, {settings.renewal_window_months} months before your "
                f"term ends on {fmt.day(state.term.ends_on)}." + (f" Still needed: {short}." if short else ""))
    return f"You do not have the hours needed to renew yet; still needed: {short}."


def member_term(session: Session, actor: Actor, now: datetime) -> CertificationTerm:
    """The acting member's term for the society's today (the one they are in, or the one just ended)."""
    actor.require(Role.MEMBER)
    program_id = first_program_id(session, actor.member_id)
    if program_id is None:
        raise NotFound("You have no certification term to renew.")
    today = local_date(load_program(session, program_id), now)
    return term_in_program(session, actor.member_id, program_id, today)


def renewal_overview(*, session: Session, actor: Actor, now: datetime, settings: Settings) -> RenewalOverview:
    """Where the acting member stands for renewal, and their application if any (R000-16)."""
    term = member_term(session, actor, now)
    state = term_state(session, term, now, settings)
    reason = why_not(state, settings)
    words = status_words(state, settings)
    application = view_of(session, state.application, term) if state.application else None
    if application and application.next_term:  # the member's pages say when the next term starts
        words += (f" This term runs to {fmt.day(term.ends_on)}; your next term runs from "
                  f"{fmt.day(application.next_term[0])} to {fmt.day(application.next_term[1])}.")
    return RenewalOverview(
        term_starts_on=term.starts_on, term_ends_on=term.ends_on, term_status=effective_status(state),
        phase=state.phase, status_words=words, opens_on=state.opens_on,
        standing=state.standing, may_apply=not reason, why_not=reason,
        fee=fee_text(settings.renewal_fee_cents, settings.currency), application=application,
        verdict=state.verdict)


def apply_for_renewal(*, session: Session, actor: Actor, attested: object, now: datetime,
                      settings: Settings) -> RenewalApplication:
    """File (or, after a return, re-file) the application for the member's term, in its window or grace."""
    term = member_term(session, actor, now)
    if attested is not True:
        raise Invalid("Confirm that your CE credits were earned and properly recorded during this term.")
    state = term_state(session, term, now, settings)
    reason = why_not(state, settings)
    application = state.application
    if reason:
        raise (Conflict if application and application.status is not RenewalStatus.REJECTED else Invalid)(reason)
    member = session.get(Member, actor.member_id)
    values = dict(status=RenewalStatus.SUBMITTED, submitted_at=now, attested_at=now,
                  fee_cents=settings.renewal_fee_cents, currency=settings.currency, return_reason="")
    if application is None:
        application = RenewalApplication(member_id=actor.member_id, term_id=term.id,
                                         invoice_reference=f"REN-{member.member_number}-{term.id}", **values)
        session.add(application)
        try:
            session.flush()
        except IntegrityError as error:
            raise Conflict("Your application was just filed elsewhere; reload the page.") from error
    else:
        refiled = session.execute(update(RenewalApplication).where(
            RenewalApplication.id == application.id, RenewalApplication.status == RenewalStatus.REJECTED)
            .values(**values))
        if refiled.rowcount != 1:
            raise Conflict("Your application was just filed elsewhere; reload the page.")
        session.refresh(application)
    audit.record(session, actor_id=actor.member_id, action="renewal_applied", entity="renewalapplication",
                 entity_id=application.id, fee=fee_text(application.fee_cents, application.currency))
    fee = fee_text(application.fee_cents, application.currency)
    paid = "" if application.paid_at else (f"\n\nThe renewal fee is {fee}. {settings.fee_instructions} Your "
                                           f"reference: {application.invoice_reference}.")
    notify(session, actor.member_id, "renewal application received",
           f"We received your application to renew your certification for the term {term_words(term)}. "
           f"Headquarters will verify your CE record and email you.{paid}", settings)
    return application


# --- Headquarters ----------------------------------------------------------------------------------------

def verification_queue(*, session: Session, actor: Actor, now: datetime) -> list[ApplicationView]:
    """Applications waiting for headquarters, oldest first, each with its standing by the same rules."""
    actor.require(Role.STAFF)
    rows = session.exec(select(RenewalApplication, CertificationTerm)
                        .join(CertificationTerm, CertificationTerm.id == RenewalApplication.term_id)
                        .where(RenewalApplication.status == RenewalStatus.SUBMITTED)
                        .order_by(RenewalApplication.submitted_at, RenewalApplication.id)).all()
    return [view_of(session, application, term) for application, term in rows]


def staff_application(session: Session, actor: Actor, application_id: object) -> RenewalApplication:
    actor.require(Role.STAFF)
    if not isinstance(application_id, int) or isinstance(application_id, bool):
        raise NotFound(NO_APPLICATION)
    application = session.get(RenewalApplication, application_id)
    if application is None:
        raise NotFound(NO_APPLICATION)
    return application


def application_detail(*, session: Session, actor: Actor, application_id: object) -> ApplicationView:
    application = staff_application(session, actor, application_id)
    return view_of(session, application, session.get(CertificationTerm, application.term_id))


ALREADY_DECIDED = "This application was already decided; reload the page."


def hold_open(session: Session, application: RenewalApplication, refused: str = ALREADY_DECIDED) -> None:
    """Lock the application while it is still waiting for headquarters, or refuse with ``refused``.

    A verification and a strike of one of its credits both start here, so they take turns on the application's
    row: a strike waiting for a verification finds it decided and is refused; a verification waiting for a
    strike reads the record after it, and the rules see the credit gone. The UPDATE changes nothing (SQLite
    has one writer at a time anyway; PostgreSQL locks the row until the unit of work ends).
    """
    held = session.execute(update(RenewalApplication).where(
        RenewalApplication.id == application.id, RenewalApplication.status == RenewalStatus.SUBMITTED)
        .values(status=RenewalApplication.status))
    if held.rowcount != 1:
        session.refresh(application)
        raise Conflict(refused)


def move(session: Session, application: RenewalApplication, expected: RenewalStatus, **values) -> None:
    """Change an application only if it still has the status the staff member saw."""
    moved = session.execute(update(RenewalApplication).where(RenewalApplication.id == application.id,
                                                             RenewalApplication.status == expected).values(**values))
    if moved.rowcount != 1:
        raise Conflict(ALREADY_DECIDED)
    session.refresh(application)


def verify_renewal(*, session: Session, actor: Actor, application_id: object, now: datetime,
                   settings: Settings) -> CertificationTerm:
    """Verify the record and open the next 5-year term the day after this one ends (R000-17, R000-18).

    The current term keeps every credit completed up to its last day; the next one owns everything after.
    """
    from ce_tracker.services.record.credit_record import term_standing

    application = staff_application(session, actor, application_id)
    not_own(actor, application.member_id)
    term = session.get(CertificationTerm, application.term_id)
    hold_open(session, application)  # before reading the record: a strike landing now is seen, not missed
    if application.paid_at is None:
        raise Invalid("Record the renewal fee as paid before verifying.")
    standing = term_standing(session, term)
    if not standing.may_renew:
        raise Invalid("The member's record no longer has the hours needed to renew; return the application "
                      "with the reason.")
    move(session, application, RenewalStatus.SUBMITTED, status=RenewalStatus.VERIFIED, verified_at=now,
         verified_by=actor.member_id)
    next_term = open_term(session, member_id=term.member_id, program=session.get(ProgramRow, term.program_id),
                          starts_on=term.ends_on + timedelta(days=1))
    term.status = TermStatus.RENEWED
    session.flush()
    application.next_term_id = next_term.id
    audit.record(session, actor_id=actor.member_id, action="renewal_verified", entity="renewalapplication",
                 entity_id=application.id, next_term_starts=next_term.starts_on)
    notify(session, term.member_id, "certification renewed",
           f"Headquarters verified your CE record. Your certification is renewed. Your current term runs to "
           f"{fmt.day(term.ends_on)} and keeps every credit completed until then; your next term runs from "
           f"{fmt.day(next_term.starts_on)} to {fmt.day(next_term.ends_on)}. Start collecting another "
           f"{fmt.hours(standing.program.total_hours)} hours!", settings)
    return next_term


def return_renewal(*, session: Session, actor: Actor, application_id: object, reason: object, now: datetime,
                   settings: Settings) -> None:
    """Send the application back with a reason; the member may fix the record and apply again."""
    application = staff_application(session, actor, application_id)
    not_own(actor, application.member_id)
    reason = reason.strip() if isinstance(reason, str) else ""
    if not 1 <= len(reason) <= 2000:
        raise Invalid("Give the member the reason the application is returned.")
    move(session, application, RenewalStatus.SUBMITTED, status=RenewalStatus.REJECTED, return_reason=reason)
    audit.record(session, actor_id=actor.member_id, action="renewal_returned", entity="renewalapplication",
                 entity_id=application.id, reason=reason)
    notify(session, application.member_id, "renewal application returned",
           f"Headquarters returned your renewal application: {reason}\n\nYou can apply again once this is "
           "resolved.", settings)
