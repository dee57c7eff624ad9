"""Certificates of participation: issued at submit, viewed, verified, revoked."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlmodel import Session, select

from ce_tracker.config import Settings
from ce_tracker.config import settings as default_settings
from ce_tracker.models import Activity, Certificate, DayCredit, EventDay, EventSubmission, Member, Role
from ce_tracker.services import audit, throttle
from ce_tracker.services.accounts.actors import Actor
from ce_tracker.services.credentials import status_list
from ce_tracker.services.errors import Conflict, Invalid, NotFound, Throttled
from ce_tracker.services.events.designated_sessions import submission_split

# No 0/O, 1/I/L: people read these off paper.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
# 14 of 31 symbols is 69 bits (at least 64 are wanted); certificates issued before kept their 6-character codes,
# which still verify. The column holds 16.
CODE_LENGTH = 14
VERIFY_WINDOW = timedelta(hours=1)


def _random(length: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def issue_certificate(session: Session, *, submission: EventSubmission, now: datetime) -> Certificate:
    """Create the certificate for a fresh submission, with a unique number."""
    for _ in range(5):
        number = f"CME-{now:%Y}-{_random(8)}"
        if session.exec(select(Certificate.id).where(Certificate.number == number)).first() is None:
            break
    certificate = Certificate(number=number, verification_code=_random(CODE_LENGTH), submission_id=submission.id,
                              member_id=submission.member_id, activity_id=submission.activity_id, issued_at=now)
    session.add(certificate)
    session.flush()
    audit.record(session, actor_id=submission.member_id, action="certificate_issued", entity="certificate",
                 entity_id=certificate.id, number=number)
    return certificate


@dataclass(frozen=True)
class CertificateDay:
    day: date
    credits: Decimal


@dataclass(frozen=True)
class CertificateView:
    """What the certificate shows; the verification page never shows more."""

    number: str
    verification_code: str
    member_name: str
    member_number: str
    event_title: str
    provider: str
    location: str
    starts_on: date
    ends_on: date
    days: tuple[CertificateDay, ...]
    total: Decimal
    designation: str
    issued_at: datetime
    revoked_at: datetime | None
    revoked_reason: str | None
    # Credits per category when the event had designated sessions; empty otherwise.
    categories: tuple[tuple[str, Decimal], ...] = ()


def _view(session: Session, certificate: Certificate) -> CertificateView:
    member = session.get(Member, certificate.member_id)
    activity = session.get(Activity, certificate.activity_id)
    submission = session.get(EventSubmission, certificate.submission_id)
    rows = session.exec(select(EventDay.day, DayCredit.credits).join(DayCredit, DayCredit.event_day_id == EventDay.id)
                        .where(DayCredit.submission_id == submission.id).order_by(EventDay.day)).all()
    return CertificateView(
        number=certificate.number, verification_code=certificate.verification_code,
        member_name=member.full_name, member_number=member.member_number, event_title=activity.title,
        provider=activity.provider, location=activity.location, starts_on=activity.starts_on,
        ends_on=activity.ends_on, days=tuple(CertificateDay(d, c) for d, c in rows), total=submission.total,
        designation=activity.designation, issued_at=certificate.issued_at, revoked_at=certificate.revoked_at,
        revoked_reason=certificate.revoked_reason, categories=_split(session, submission.id))


def _split(session: Session, submission_id: int) -> tuple[tuple[str, Decimal], ...]:
    """The credits per category, shown only when the days counted in more than one ("CME only" for none)."""
    parts = submission_split(session, [submission_id]).get(submission_id, [])
    if len(parts) < 2:
        return ()
    return tuple((name or "CME only", credits) for name, credits in parts)


def _by_number(session: Session, number: object) -> Certificate | None:
    if not isinstance(number, str) or len(number) > 32:
        return None
    return session.exec(select(Certificate).where(Certificate.number == number.strip().upper())).first()


def certificate_for(*, session: Session, actor: Actor, number: object) -> CertificateView:
    """The member's own certificate (staff may open any)."""
    certificate = _by_number(session, number)
    if certificate is None or (certificate.member_id != actor.member_id and not actor.has(Role.STAFF)):
        raise NotFound("No such certificate in your record.")
    return _view(session, certificate)


@dataclass(frozen=True)
class Verification:
    """The public answer about a certificate number.

    With the number alone: whether it exists, its issue date and status. With
    the verification code printed beside it (the QR code carries both): the
    certificate's own content, nothing more.
    """

    found: bool
    number: str = ""
    issued_on: date | None = None
    revoked: bool = False
    revoked_reason: str | None = None
    details: CertificateView | None = None


def refuse_if_guessing(session: Session, *, client: str | None = None, account: str | None = None,
                       now: datetime, settings: Settings | None = None) -> None:
    """Refuse a client (or a staff account) that missed CE_VERIFY_CLIENT_LIMIT times within the hour.

    Every way of checking a certificate's secret counts here alike: the verification page, the credential
    download address and the credential check by address, so codes cannot be enumerated through whichever
    is not watched.
    """
    settings = settings or default_settings
    if not throttle.within(session, kind=throttle.VERIFY, now=now, window=VERIFY_WINDOW,
                           limit=settings.verify_client_limit, client=client, account=account, failures_only=True):
        raise Throttled("Too many certificate checks from your connection. Try again in an hour, or "
                        "contact us to confirm a certificate.")


def count_miss(session: Session, *, now: datetime, client: str = "", account: str = "") -> None:
    """One wrong number or code. The caller must not refuse afterwards: a refusal would roll the count back."""
    throttle.record(session, kind=throttle.VERIFY, account=account, client=client, now=now, succeeded=False)


def verify(*, session: Session, number: object, code: object = "", client: str | None = None,
           now: datetime | None = None, settings: Settings | None = None) -> Verification:
    """Check a certificate number (and optionally its code); needs no login.

    With ``client`` (the public page passes it) misses are counted: an unknown number or a wrong code. After
    CE_VERIFY_CLIENT_LIMIT misses in an hour that client is refused until the hour has passed, so
    codes cannot be enumerated from one address. A right answer costs nothing.
    """
    if client is not None:
        refuse_if_guessing(session, client=client, now=now, settings=settings)
    certificate = _by_number(session, number)
    code = code.strip().upper() if isinstance(code, str) else ""
    matches = certificate is not None and bool(code) and secrets.compare_digest(
        code.encode(), certificate.verification_code.encode())
    if client is not None and (certificate is None or (code and not matches)):
        count_miss(session, client=client, now=now)
    if certificate is None:
        return Verification(found=False)
    return Verification(found=True, number=certificate.number, issued_on=certificate.issued_at.date(),
                        revoked=certificate.revoked_at is not None, revoked_reason=certificate.revoked_reason,
                        details=_view(session, certificate) if matches else None)


def staff_look_up(*, session: Session, actor: Actor, number: object, now: datetime,
                  settings: Settings | None = None) -> Verification:
    """Staff look a certificate up by number alone, with its details; misses count against their account.

    Only staff may: a member could otherwise probe numbers here without the code. A staff account that misses
    CE_VERIFY_CLIENT_LIMIT times within the hour is refused like a public client.
    """
    actor.require(Role.STAFF)
    account = throttle.account_key(member_id=actor.member_id)
    refuse_if_guessing(session, account=account, now=now, settings=settings)
    certificate = _by_number(session, number)
    if certificate is None:
        count_miss(session, account=account, now=now)
        return Verification(found=False)
    return Verification(found=True, number=certificate.number, issued_on=certificate.issued_at.date(),
                        revoked=certificate.revoked_at is not None, revoked_reason=certificate.revoked_reason,
                        details=_view(session, certificate))


def _published_again(session: Session, certificate_ids: list[int], now: datetime, settings: Settings | None) -> None:
    """Regenerate the status lists that hold these certificates' bits, in the same transaction."""
    settings = settings or default_settings
    status_list.regenerate_for(session, certificate_ids=certificate_ids, key_path=settings.signing_key_file,
                               api_url=settings.api_url, now=now)


def revoke(*, session: Session, actor: Actor, number: object, reason: str, now: datetime,
           settings: Settings | None = None) -> None:
    """Staff withdraw a certificate, with a reason the verification page and the status list show."""
    actor.require(Role.STAFF)
    reason = " ".join(str(reason).split())
    if not 5 <= len(reason) <= 500:
        raise Invalid("Give a reason of 5 to 500 characters.")
    certificate = _by_number(session, number)
    if certificate is None:
        raise NotFound("No certificate with that number.")
    if certificate.revoked_at is not None:
        raise Conflict("That certificate was already revoked.")
    certificate.revoked_at, certificate.revoked_reason, certificate.revoked_by = now, reason, actor.member_id
    audit.record(session, actor_id=actor.member_id, action="certificate_revoked", entity="certificate",
                 entity_id=certificate.id, reason=reason)
    _published_again(session, [certificate.id], now, settings)


def revoke_struck(session: Session, *, submission_id: int, actor_id: int, reason: str, now: datetime,
                  settings: Settings | None = None) -> None:
    """The credits of a submission were struck: its certificate no longer holds, everywhere it is checked.

    Called by the strike itself, in its transaction; a certificate already revoked keeps its first reason.
    """
    certificate = session.exec(select(Certificate).where(Certificate.submission_id == submission_id,
                                                         Certificate.revoked_at.is_(None))).first()
    if certificate is None:
        return
    certificate.revoked_at, certificate.revoked_by = now, actor_id
    certificate.revoked_reason = f"The credits it records were struck: {reason}"[:500]
    session.add(certificate)
    audit.record(session, actor_id=actor_id, action="certificate_revoked", entity="certificate",
                 entity_id=certificate.id, reason=certificate.revoked_reason)
    _published_again(session, [certificate.id], now, settings)
