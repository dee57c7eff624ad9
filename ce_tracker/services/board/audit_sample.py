"""The Board's random audit of verified renewals, and the evidence pack of each one drawn.

A certifying body audits a sample of renewals to check that headquarters' verification holds up. The
sample must be random and provably so: the seed, the period and the size are recorded with the picks,
and ``pick`` over the same population (renewals verified in the period, by id) with the same seed gives
the same members, so anyone can redraw it. Each pick has an evidence pack: the term's transcript (the
same PDF the member downloads, made from the same credit_record) and the attachments of the approval requests
behind its credits, in one zip with a manifest of what is inside and its SHA-256.

The sample audits headquarters, so it is the Board's alone: staff neither draw nor see it, and a Board member
who also verified renewals of the period leaves its draw to another. Nothing chooses among draws either: every
draw is kept and listed, and drawing again over a period an earlier sample covers needs a reason, which is
kept with the sample, audited and shown beside it.
"""

from __future__ import annotations

import hashlib
import random
import secrets
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from io import BytesIO
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import func, text
from sqlmodel import Session, select

from ce_tracker import formatting as fmt
from ce_tracker.models import (
    ApprovalAttachment,
    AuditSample,
    CertificationTerm,
    ClaimStatus,
    CreditClaim,
    Member,
    RenewalApplication,
    RenewalStatus,
    Role,
)
from ce_tracker.rules import local_date
from ce_tracker.services import audit
from ce_tracker.services.accounts.actors import Actor
from ce_tracker.services.errors import Invalid, NotAllowed, NotFound
from ce_tracker.services.programs.store import default_program, load_program
from ce_tracker.services.record import credit_record, transcript

MAX_SIZE = 500
MAX_PERIOD = timedelta(days=366 * 10)
MAX_REASON = 500
PER_PAGE = 20
NO_PACK = "No such evidence pack."
BOARD_ONLY = ("The audit sample is the Board of Certification's own: it audits headquarters' verifications, so "
              "only the Board draws and sees it.")


def require_board_member(actor: Actor) -> None:
    """The Board's role itself; staff, who verify the renewals audited, are refused."""
    if not actor.has(Role.BOARD):
        raise NotAllowed(BOARD_ONLY)


def pick(population: list[int], size: int, seed: int) -> list[int]:
    """The ``size`` ids ``seed`` draws from ``population`` (in id order), smallest first; all if fewer."""
    ordered = sorted(population)
    return sorted(random.Random(seed).sample(ordered, min(size, len(ordered))))


@dataclass(frozen=True)
class SampledRenewal:
    application_id: int
    full_name: str
    member_number: str
    term_starts_on: date
    term_ends_on: date
    verified_on: date
    fee_reference: str


@dataclass(frozen=True)
class SampleView:
    id: int
    drawn_on: date
    drawn_by: str
    verified_from: date
    verified_to: date
    size: int
    seed: int
    population: int
    renewals: list[SampledRenewal]
    redraw_of: int | None = None  # the earlier sample of the period, when this one was drawn again
    reason: str = ""  # why it was drawn again


@dataclass(frozen=True)
class SamplePage:
    """One page of every sample drawn, newest first: nothing drawn is ever left off the list."""

    samples: list[SampleView]
    total: int
    page: int
    pages: int


def _day(value: object, label: str) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise Invalid(f"{label}: enter a date as YYYY-MM-DD.")


def _zone(session: Session) -> ZoneInfo:
    return ZoneInfo(load_program(session, default_program(session).id).timezone)


def suggested_period(*, session: Session, actor: Actor, now: datetime) -> tuple[date, date]:
    """The period the draw form offers: the last twelve months of the society's calendar."""
    require_board_member(actor)
    today = local_date(load_program(session, default_program(session).id), now)
    return today - timedelta(days=365), today


def _verified_between(session: Session, first: date, last: date) -> list[tuple[int, int | None]]:
    """Renewals verified on the society's calendar days ``first`` to ``last``: (id, who verified it)."""
    zone = _zone(session)
    start = datetime.combine(first, time(0), zone).astimezone(timezone.utc)
    end = datetime.combine(last + timedelta(days=1), time(0), zone).astimezone(timezone.utc)
    return [tuple(row) for row in session.exec(select(RenewalApplication.id, RenewalApplication.verified_by).where(
        RenewalApplication.status == RenewalStatus.VERIFIED, RenewalApplication.verified_at >= start,
        RenewalApplication.verified_at < end)).all()]


def _one_draw_at_a_time(session: Session) -> None:
    """Draws take turns, so two first draws of a period at once cannot both skip the reason. SQLite has one
    writer at a time already; PostgreSQL is told to lock the table (reads of samples go on meanwhile)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("LOCK TABLE audit_sample IN SHARE ROW EXCLUSIVE MODE"))


def _earlier_sample(session: Session, first: date, last: date) -> AuditSample | None:
    """The latest sample whose period overlaps ``first`` to ``last``."""
    return session.exec(select(AuditSample).where(AuditSample.verified_from <= last, AuditSample.verified_to >= first)
                        .order_by(AuditSample.drawn_at.desc(), AuditSample.id.desc()).limit(1)).first()


def _redraw_reason(earlier: AuditSample | None, reason: object) -> str:
    """The reason for drawing again, required when ``earlier`` covers part of the period; "" otherwise."""
    reason = " ".join(reason.split()) if isinstance(reason, str) else ""
    if earlier is None:
        return reason[:MAX_REASON]
    if not 1 <= len(reason) <= MAX_REASON:
        raise Invalid(f"Sample {earlier.id} already covers renewals verified from {fmt.day(earlier.verified_from)} "
                      f"to {fmt.day(earlier.verified_to)}: give the reason for drawing again (at most {MAX_REASON} "
                      "characters); it is kept and shown with the sample.", field="reason")
    return reason


def draw_sample(*, session: Session, actor: Actor, verified_from: object, verified_to: object, size: object,
                now: datetime, reason: object = "", seed: int | None = None) -> AuditSample:
    """Draw and record ``size`` renewals verified in the period, at random (``seed`` only for tests and demo).

    Drawing again over a period an earlier sample covers needs ``reason``; a Board member who verified any
    renewal of the period does not draw its sample."""
    require_board_member(actor)
    first, last = _day(verified_from, "From"), _day(verified_to, "To")
    if last < first:
        raise Invalid("The period ends before it starts.")
    if last - first > MAX_PERIOD:
        raise Invalid("Choose a period of at most ten years.")
    if isinstance(size, str) and size.strip().isdigit():
        size = int(size.strip())
    if not isinstance(size, int) or isinstance(size, bool) or not 1 <= size <= MAX_SIZE:
        raise Invalid(f"Choose how many renewals to audit: 1 to {MAX_SIZE}.")
    _one_draw_at_a_time(session)
    verified = _verified_between(session, first, last)
    if not verified:
        raise Invalid(f"No renewal was verified from {fmt.day(first)} to {fmt.day(last)}.")
    own = sum(1 for _, verifier in verified if verifier == actor.member_id)
    if own:
        raise NotAllowed(f"You verified {own} of the {len(verified)} renewals verified in this period: another "
                         "Board member draws its sample.")
    earlier = _earlier_sample(session, first, last)
    reason = _redraw_reason(earlier, reason)
    population = [application_id for application_id, _ in verified]
    seed = secrets.randbits(63) if seed is None else seed
    sample = AuditSample(drawn_at=now, drawn_by=actor.member_id, verified_from=first, verified_to=last, size=size,
                         seed=seed, population=len(population), application_ids=pick(population, size, seed),
                         redraw_of=earlier.id if earlier else None, reason=reason)
    session.add(sample)
    session.flush()
    audit.record(session, actor_id=actor.member_id, action="audit_sample_drawn", entity="audit_sample",
                 entity_id=sample.id, seed=seed, size=size, population=len(population),
                 period=f"{first.isoformat()}..{last.isoformat()}",
                 **({"redraw_of": earlier.id, "reason": reason} if earlier else {}))
    return sample


def _renewals(session: Session, ids: list[int], zone: ZoneInfo) -> list[SampledRenewal]:
    rows = session.exec(select(RenewalApplication, CertificationTerm, Member)
                        .join(CertificationTerm, CertificationTerm.id == RenewalApplication.term_id)
                        .join(Member, Member.id == RenewalApplication.member_id)
                        .where(RenewalApplication.id.in_(ids)).order_by(Member.full_name)).all()
    return [SampledRenewal(a.id, m.full_name, m.member_number, t.starts_on, t.ends_on,
                           a.verified_at.astimezone(zone).date(), a.fee_reference) for a, t, m in rows]


def samples(*, session: Session, actor: Actor, page: object = 1, per_page: int = PER_PAGE) -> SamplePage:
    """One page of every sample drawn, newest first, each with its renewals; a page past the end is the last."""
    require_board_member(actor)
    total = session.exec(select(func.count()).select_from(AuditSample)).one()
    pages = max(1, -(-total // per_page))
    number = min(page, pages) if isinstance(page, int) and not isinstance(page, bool) and page >= 1 else 1
    rows = session.exec(select(AuditSample, Member).join(Member, Member.id == AuditSample.drawn_by)
                        .order_by(AuditSample.drawn_at.desc(), AuditSample.id.desc())
                        .offset((number - 1) * per_page).limit(per_page)).all()
    zone = _zone(session) if rows else None
    views = [SampleView(s.id, s.drawn_at.astimezone(zone).date(), m.full_name, s.verified_from, s.verified_to,
                        s.size, s.seed, s.population, _renewals(session, list(s.application_ids), zone),
                        s.redraw_of, s.reason)
             for s, m in rows]
    return SamplePage(views, total, number, pages)


def evidence_pack(*, session: Session, actor: Actor, sample_id: object, application_id: object, now: datetime,
                  society_name: str, logo: Path | None = None) -> tuple[str, bytes]:
    """The zip for one renewal of one sample: only a renewal the sample drew (no browsing by id)."""
    require_board_member(actor)
    ids_ok = all(isinstance(v, int) and not isinstance(v, bool) for v in (sample_id, application_id))
    sample = session.get(AuditSample, sample_id) if ids_ok else None
    if sample is None or application_id not in sample.application_ids:
        raise NotFound(NO_PACK)
    application = session.get(RenewalApplication, application_id)
    term = session.get(CertificationTerm, application.term_id)
    member = session.get(Member, application.member_id)
    today = local_date(load_program(session, term.program_id), now)
    rec = credit_record.term_record(session, term, today)
    pdf = transcript.record_pdf(rec, member_name=member.full_name, member_number=member.member_number,
                                society_name=society_name, logo=logo)
    files = [("transcript.pdf", pdf)]
    claims = session.exec(select(CreditClaim.approval_request_id).where(
        CreditClaim.member_id == member.id, CreditClaim.status == ClaimStatus.RECORDED,
        CreditClaim.approval_request_id.is_not(None), CreditClaim.completed_on >= term.starts_on,
        CreditClaim.completed_on <= term.ends_on)).all()
    for file in session.exec(select(ApprovalAttachment).where(ApprovalAttachment.request_id.in_(claims))
                             .order_by(ApprovalAttachment.request_id, ApprovalAttachment.id)).all():
        files.append((f"attachments/request-{file.request_id}/{file.id}-{file.filename}", file.data))
    manifest = [f"{society_name}: renewal audit evidence",
                f"Audit sample {sample.id}: seed {sample.seed}, {sample.size} of {sample.population} renewals "
                f"verified {sample.verified_from.isoformat()} to {sample.verified_to.isoformat()}",
                *([f"Drawn again over sample {sample.redraw_of}'s period: {sample.reason}"]
                  if sample.redraw_of else []),
                f"Member: {member.full_name} (member ID {member.member_number})",
                f"Term: {term.starts_on.isoformat()} to {term.ends_on.isoformat()}",
                f"Verified: {application.verified_at.isoformat()}; fee reference: {application.fee_reference}",
                f"Counted {fmt.hours(rec.standing.counted_total)} of {fmt.hours(rec.standing.program.total_hours)} h",
                "", "Files (SHA-256):"]
    manifest += [f"{hashlib.sha256(data).hexdigest()}  {name}" for name, data in files]
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("MANIFEST.txt", "\n".join(manifest) + "\n")
        for name, data in files:
            archive.writestr(name, data)
    audit.record(session, actor_id=actor.member_id, action="evidence_pack_downloaded", entity="renewalapplication",
                 entity_id=application.id, sample=sample.id)
    return f"evidence-sample{sample.id}-{member.member_number}.zip", out.getvalue()
