"""Renewal: the member applies, headquarters verifies, the next term begins (R000-11, R000-15 to R000-18).

The rules engine decides whether a term's credits are enough, both when the
member applies and again when staff verify, so a revoked certificate in between
cannot slip through. Every status change is one conditional UPDATE on the
status it expects, so two tabs or two staff members never act twice, and it
is emailed to the member and written to the audit log.
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
from ce_tracker.rules import Standing, local_date
from ce_tracker.services import audit, mail
from ce_tracker.services.actors import Actor
from ce_tracker.services.errors import Conflict, Invalid, NotFound
from ce_tracker.services.members import current_term, open_term
from ce_tracker.services.programs import load_program
from ce_tracker.services.record import term_standing

NO_APPLICATION = "No such renewal application."
EXAM_AGAIN = ("The required CE hours were not earned during the term, so your certification has lapsed. The "
              "certification exam must be taken again, in its entirety, to regain certified status.")


@dataclass(frozen=True)
class ApplicationView:
    """A renewal application as its member and headquarters see it."""

    id: int
    member_name: str
    member_number: str
    status: RenewalStatus
    submitted_at: datetime
    fee: str
    paid: bool
    payment_reference: str
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
    term_status: TermStatus  # effective: an ended term without the hours is lapsed even before the sweep
    standing: Standing
    may_apply: bool
    why_not: str
    fee: str
    application: ApplicationView | None


def fee_text(cents: int, currency: str) -> str:
    return f"{cents // 100}.{cents % 100:02d} {currency}"


def _today(session: Session, term: CertificationTerm, now: datetime) -> date:
    return local_date(load_program(session, term.program_id), now)


def effective_status(term: CertificationTerm, standing: Standing, today: date) -> TermStatus:
    """A term that ended without enough hours is lapsed, whether or not the sweep has run yet (R000-15)."""
    if term.status is TermStatus.ACTIVE and today > term.ends_on and not standing.may_renew:
        return TermStatus.LAPSED
    return term.status


def _application(session: Session, term_id: int) -> RenewalApplication | None:
    return session.exec(select(RenewalApplication).where(RenewalApplication.term_id == term_id)).first()


def _view(session: Session, application: RenewalApplication, term: CertificationTerm) -> ApplicationView:
    member = session.get(Member, application.member_id)
    next_term = session.get(CertificationTerm, application.next_term_id) if application.next_term_id else None
    return ApplicationView(
        id=application.id, member_name=member.full_name, member_number=member.member_number,
        status=application.status, submitted_at=application.submitted_at,
        fee=fee_text(application.fee_cents, application.currency), paid=application.paid_at is not None,
        payment_reference=application.fee_reference, return_reason=application.return_reason,
        term_starts_on=term.starts_on, term_ends_on=term.ends_on,
        next_term=(next_term.starts_on, next_term.ends_on) if next_term else None,
        standing=term_standing(session, term))


def _why_not(status: TermStatus, standing: Standing, application: RenewalApplication | None) -> str:
    """Why the member cannot apply now, in words; empty when they can."""
    if status is TermStatus.LAPSED:
        return EXAM_AGAIN
    if status is TermStatus.RENEWED or (application and application.status is RenewalStatus.VERIFIED):
        return "This term has been renewed."
    if application and application.status is RenewalStatus.SUBMITTED:
        return "Your application is with headquarters for verification."
    if not standing.may_renew:
        missing = [f"{fmt.hours(c.shortfall)} h more {c.name}" for c in standing.categories.values() if c.shortfall]
        if standing.total_shortfall:
            missing.append(f"{fmt.hours(standing.total_shortfall)} h more in total")
        return "You do not have the hours needed to renew yet: " + "; ".join(missing) + "."
    return ""


def _member_term(session: Session, actor: Actor, now: datetime) -> CertificationTerm:
    actor.require(Role.MEMBER)
    latest = current_term(session, actor.member_id)
    if latest is None:
        raise NotFound("You have no certification term to renew.")
    return current_term(session, actor.member_id, _today(session, latest, now))


def renewal_overview(*, session: Session, actor: Actor, now: datetime, settings: Settings) -> RenewalOverview:
    """Where the acting member stands for renewal, and their application if any (R000-16)."""
    term = _member_term(session, actor, now)
    standing = term_standing(session, term)
    status = effective_status(term, standing, _today(session, term, now))
    application = _application(session, term.id)
    why_not = _why_not(status, standing, application)
    return RenewalOverview(
        term_starts_on=term.starts_on, term_ends_on=term.ends_on, term_status=status, standing=standing,
        may_apply=not why_not, why_not=why_not, fee=fee_text(settings.renewal_fee_cents, settings.currency),
        application=_view(session, application, term) if application else None)


def _notify(session: Session, member_id: int, subject: str, body: str, settings: Settings) -> None:
    member = session.get(Member, member_id)
    mail.queue(session, to=member.email, subject=f"{settings.society_name}: {subject}",
               body=f"Dear {member.full_name},\n\n{body}\n\nCE Tracker\n{settings.public_url}/renewal\n")


def apply_for_renewal(*, session: Session, actor: Actor, attested: object, now: datetime,
                      settings: Settings) -> RenewalApplication:
    """File (or, after a return, re-file) the application for the member's current term (R000-17)."""
    term = _member_term(session, actor, now)
    if attested is not True:
        raise Invalid("Confirm that your CE credits were earned and properly recorded during this term.")
    standing = term_standing(session, term)
    application = _application(session, term.id)
    why_not = _why_not(effective_status(term, standing, _today(session, term, now)), standing, application)
    if why_not:
        raise (Conflict if application else Invalid)(why_not)
    values = dict(status=RenewalStatus.SUBMITTED, submitted_at=now, attested_at=now,
                  fee_cents=settings.renewal_fee_cents, currency=settings.currency, return_reason="")
    if application is None:
        application = RenewalApplication(member_id=actor.member_id, term_id=term.id, **values)
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
    _notify(session, actor.member_id, "renewal application received",
            f"We received your application to renew your certification for the term {fmt.day(term.starts_on)} "
            f"to {fmt.day(term.ends_on)}. The renewal fee is "
            f"{fee_text(application.fee_cents, application.currency)}. Headquarters will verify your CE record "
            "and email you.", settings)
    return application


# --- Headquarters ----------------------------------------------------------------------------------------

def verification_queue(*, session: Session, actor: Actor, now: datetime) -> list[ApplicationView]:
    """Applications waiting for headquarters, oldest first, each with its standing by the same rules."""
    actor.require(Role.STAFF)
    rows = session.exec(select(RenewalApplication, CertificationTerm)
                        .join(CertificationTerm, CertificationTerm.id == RenewalApplication.term_id)
                        .where(RenewalApplication.status == RenewalStatus.SUBMITTED)
                        .order_by(RenewalApplication.submitted_at, RenewalApplication.id)).all()
    return [_view(session, application, term) for application, term in rows]


def _staff_application(session: Session, actor: Actor, application_id: object) -> RenewalApplication:
    actor.require(Role.STAFF)
    if not isinstance(application_id, int) or isinstance(application_id, bool):
        raise NotFound(NO_APPLICATION)
    application = session.get(RenewalApplication, application_id)
    if application is None:
        raise NotFound(NO_APPLICATION)
    return application


def application_detail(*, session: Session, actor: Actor, application_id: object) -> ApplicationView:
    application = _staff_application(session, actor, application_id)
    return _view(session, application, session.get(CertificationTerm, application.term_id))


def _move(session: Session, application: RenewalApplication, expected: RenewalStatus, **values) -> None:
    """Change an application only if it still has the status the staff member saw."""
    moved = session.execute(update(RenewalApplication).where(RenewalApplication.id == application.id,
                                                             RenewalApplication.status == expected).values(**values))
    if moved.rowcount != 1:
        raise Conflict("This application was already decided; reload the page.")
    session.refresh(application)


def record_payment(*, session: Session, actor: Actor, application_id: object, reference: object, now: datetime,
                   settings: Settings) -> None:
    """Headquarters records the fee as received; only its reference is kept, never card data."""
    application = _staff_application(session, actor, application_id)
    reference = reference.strip() if isinstance(reference, str) else ""
    if not 1 <= len(reference) <= 100:
        raise Invalid("Enter the payment's reference (a receipt, cheque or transaction number).")
    if application.paid_at is not None:
        raise Conflict("The fee for this application is already recorded as paid.")
    _move(session, application, RenewalStatus.SUBMITTED, paid_at=now, fee_reference=reference,
          payment_method="recorded by staff", payment_recorded_by=actor.member_id)
    audit.record(session, actor_id=actor.member_id, action="renewal_fee_recorded", entity="renewalapplication",
                 entity_id=application.id, reference=reference)
    _notify(session, application.member_id, "renewal fee received",
            f"We received your renewal fee of {fee_text(application.fee_cents, application.currency)} "
            f"(reference {reference}).", settings)


def verify_renewal(*, session: Session, actor: Actor, application_id: object, now: datetime,
                   settings: Settings) -> CertificationTerm:
    """Verify the record and open the next 5-year term the day after this one ends (R000-17, R000-18)."""
    application = _staff_application(session, actor, application_id)
    term = session.get(CertificationTerm, application.term_id)
    if application.status is RenewalStatus.SUBMITTED and application.paid_at is None:
        raise Invalid("Record the renewal fee as paid before verifying.")
    standing = term_standing(session, term)
    if application.status is RenewalStatus.SUBMITTED and not standing.may_renew:
        raise Invalid("The member's record no longer has the hours needed to renew; return the application "
                      "with the reason.")
    _move(session, application, RenewalStatus.SUBMITTED, status=RenewalStatus.VERIFIED, verified_at=now,
          verified_by=actor.member_id)
    next_term = open_term(session, member_id=term.member_id, program=session.get(ProgramRow, term.program_id),
                          starts_on=term.ends_on + timedelta(days=1))
    term.status = TermStatus.RENEWED
    session.flush()
    application.next_term_id = next_term.id
    audit.record(session, actor_id=actor.member_id, action="renewal_verified", entity="renewalapplication",
                 entity_id=application.id, next_term_starts=next_term.starts_on)
    _notify(session, term.member_id, "certification renewed",
            f"Headquarters verified your CE record. Your certification is renewed: your next term runs from "
            f"{fmt.day(next_term.starts_on)} to {fmt.day(next_term.ends_on)}. Start collecting another "
            f"{fmt.hours(standing.program.total_hours)} hours!", settings)
    return next_term


def return_renewal(*, session: Session, actor: Actor, application_id: object, reason: object, now: datetime,
                   settings: Settings) -> None:
    """Send the application back with a reason; the member may fix the record and apply again."""
    application = _staff_application(session, actor, application_id)
    reason = reason.strip() if isinstance(reason, str) else ""
    if not 1 <= len(reason) <= 2000:
        raise Invalid("Give the member the reason the application is returned.")
    _move(session, application, RenewalStatus.SUBMITTED, status=RenewalStatus.REJECTED, return_reason=reason)
    audit.record(session, actor_id=actor.member_id, action="renewal_returned", entity="renewalapplication",
                 entity_id=application.id, reason=reason)
    _notify(session, application.member_id, "renewal application returned",
            f"Headquarters returned your renewal application: {reason}\n\nYou can apply again once this is "
            "resolved.", settings)


# --- Terms that end without the hours ----------------------------------------------------------------------

def lapse_ended_terms(*, session: Session, now: datetime, settings: Settings) -> int:
    """Turn every ended active term without enough hours to lapsed and tell its member (R000-15).

    Safe to run from several workers at once: each term changes by a
    conditional UPDATE, and only the worker whose update took sends the email.
    """
    lapsed = 0
    # A coarse UTC cut first; the society's local "today" (which may lead UTC) decides below.
    ended = session.exec(select(CertificationTerm).where(CertificationTerm.status == TermStatus.ACTIVE,
                                                         CertificationTerm.ends_on <= now.date())).all()
    for term in ended:
        if effective_status(term, term_standing(session, term), _today(session, term, now)) is not TermStatus.LAPSED:
            continue
        moved = session.execute(update(CertificationTerm).where(CertificationTerm.id == term.id,
                                                                CertificationTerm.status == TermStatus.ACTIVE)
                                .values(status=TermStatus.LAPSED))
        if moved.rowcount != 1:
            continue
        lapsed += 1
        audit.record(session, actor_id=None, action="term_lapsed", entity="certificationterm", entity_id=term.id)
        _notify(session, term.member_id, "certification lapsed",
                f"Your certification term ended on {fmt.day(term.ends_on)} without the required CE hours. "
                + EXAM_AGAIN, settings)
    return lapsed
