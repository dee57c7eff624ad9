"""Verification with the evidence: every credit line behind each category, and striking a wrong one.

Headquarters verify that the credits were "earned and properly recorded during the term" (R000-17), so they see
each line: the activity, its dates and hours, how it was obtained, whether it counts (and why not), and the
approval request with its attachments where there is one. A wrongly recorded credit is struck with a reason: it
is marked withdrawn (never deleted), the standing is recomputed at once (it is computed on every read), the
member is emailed and the audit log has it. Struck lines stay listed, marked, so the record tells the story.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import update
from sqlmodel import Session, select

from ce_tracker import formatting as fmt
from ce_tracker.config import Settings
from ce_tracker.models import (
    Activity,
    ApprovalAttachment,
    Category,
    CertificationTerm,
    ClaimStatus,
    CreditClaim,
    EventSubmission,
    RenewalApplication,
    RenewalStatus,
)
from ce_tracker.services import audit
from ce_tracker.services.accounts.actors import Actor
from ce_tracker.services.errors import Conflict, Invalid, NotFound
from ce_tracker.services.events import certificates
from ce_tracker.services.record.credit_record import APPROVED_REQUEST, CONFERENCE, PRE_APPROVED
from ce_tracker.services.renewal.applications import hold_open, staff_application
from ce_tracker.services.renewal.common import not_own, notify

CLAIM, SUBMISSION = "claim", "submission"
NO_LINE = "No such credit in this member's term."
# A verified term is closed: striking behind the decision would change it silently. Strike only while open.
CLOSED = {RenewalStatus.VERIFIED: "This renewal was already verified: its credits can no longer be struck.",
          RenewalStatus.REJECTED: "This application was returned to the member: strike credits while verifying the "
                                  "next application."}


@dataclass(frozen=True)
class EvidenceLine:
    """One credit behind a category."""

    kind: str  # CLAIM or SUBMISSION
    id: int
    category: str | None
    title: str
    provider: str
    starts_on: date
    completed_on: date
    hours: Decimal
    source: str  # how it was obtained
    counts: bool
    why_not: str
    withdrawn_reason: str  # "" unless struck
    request_id: int | None
    attachments: tuple[tuple[int, str], ...]  # (attachment id, filename)


def _claims(session: Session, term: CertificationTerm) -> list[EvidenceLine]:
    rows = session.exec(select(CreditClaim, Activity, Category)
                        .join(Activity, Activity.id == CreditClaim.activity_id)
                        .join(Category, Category.id == CreditClaim.category_id)
                        .where(CreditClaim.member_id == term.member_id, CreditClaim.completed_on >= term.starts_on,
                               CreditClaim.completed_on <= term.ends_on)).all()
    request_ids = [claim.approval_request_id for claim, _, _ in rows if claim.approval_request_id]
    files: dict[int, list[tuple[int, str]]] = {}
    if request_ids:
        for att_id, request_id, name in session.exec(select(
                ApprovalAttachment.id, ApprovalAttachment.request_id, ApprovalAttachment.filename)
                .where(ApprovalAttachment.request_id.in_(request_ids))):
            files.setdefault(request_id, []).append((att_id, name))
    lines = []
    for claim, activity, category in rows:
        struck = claim.status is ClaimStatus.WITHDRAWN
        lines.append(EvidenceLine(
            CLAIM, claim.id, category.name, activity.title, activity.provider, activity.starts_on,
            claim.completed_on, claim.hours, APPROVED_REQUEST if claim.approval_request_id else PRE_APPROVED,
            not struck, "Struck by headquarters" if struck else "", claim.withdrawn_reason if struck else "",
            claim.approval_request_id, tuple(files.get(claim.approval_request_id, ()))))
    return lines


def _submissions(session: Session, term: CertificationTerm) -> list[EvidenceLine]:
    rows = session.exec(select(EventSubmission, Activity, Category)
                        .join(Activity, Activity.id == EventSubmission.activity_id)
                        .join(Category, Category.id == Activity.category_id, isouter=True)
                        .where(EventSubmission.member_id == term.member_id, Activity.ends_on >= term.starts_on,
                               Activity.ends_on <= term.ends_on)).all()
    lines = []
    for submission, activity, category in rows:
        struck = submission.withdrawn_at is not None
        why = ("Struck by headquarters" if struck else
               "" if category else "CME only: the event carries no CE category")
        lines.append(EvidenceLine(
            SUBMISSION, submission.id, category.name if category else None, activity.title, activity.provider,
            activity.starts_on, activity.ends_on, submission.total, CONFERENCE, category is not None and not struck,
            why, submission.withdrawn_reason if struck else "", None, ()))
    return lines


def evidence(*, session: Session, actor: Actor, application_id: object) -> list[EvidenceLine]:
    """Every credit line completed in the application's term, by category then date (R000-17)."""
    application = staff_application(session, actor, application_id)
    term = session.get(CertificationTerm, application.term_id)
    lines = _claims(session, term) + _submissions(session, term)
    lines.sort(key=lambda line: (line.category or "~", line.completed_on, line.title))
    return lines


def _refuse_unless_open(application: RenewalApplication) -> None:
    if application.status in CLOSED:
        raise Conflict(CLOSED[application.status])


def strike_credit(*, session: Session, actor: Actor, application_id: object, kind: object, line_id: object,
                  reason: object, now: datetime, settings: Settings) -> None:
    """Mark one wrongly recorded credit withdrawn, with the reason; emailed and audited; once only; and only
    while the application waits for headquarters (``hold_open``), never behind a verified or returned one."""
    application = staff_application(session, actor, application_id)
    not_own(actor, application.member_id)
    _refuse_unless_open(application)
    reason = reason.strip() if isinstance(reason, str) else ""
    if not 1 <= len(reason) <= 2000:
        raise Invalid("Give the reason the credit is struck; the member will read it.")
    if not isinstance(line_id, int) or isinstance(line_id, bool):
        raise NotFound(NO_LINE)
    term = session.get(CertificationTerm, application.term_id)
    line = next((x for x in (_claims(session, term) if kind == CLAIM else _submissions(session, term)
                             if kind == SUBMISSION else []) if x.id == line_id), None)
    if line is None:
        raise NotFound(NO_LINE)
    try:
        hold_open(session, application)
    except Conflict:
        _refuse_unless_open(application)  # decided meanwhile: say how
        raise
    if kind == CLAIM:
        moved = session.execute(update(CreditClaim).where(CreditClaim.id == line_id,
                                                          CreditClaim.status == ClaimStatus.RECORDED)
                                .values(status=ClaimStatus.WITHDRAWN, withdrawn_at=now,
                                        withdrawn_by=actor.member_id, withdrawn_reason=reason))
    else:
        moved = session.execute(update(EventSubmission).where(EventSubmission.id == line_id,
                                                              EventSubmission.withdrawn_at.is_(None))
                                .values(withdrawn_at=now, withdrawn_by=actor.member_id, withdrawn_reason=reason))
    if moved.rowcount != 1:
        raise Conflict("This credit was already struck.")
    if kind == SUBMISSION:  # its certificate no longer holds: revoked, and so marked in the status list
        certificates.revoke_struck(session, submission_id=line_id, actor_id=actor.member_id, reason=reason, now=now,
                                   settings=settings)
    audit.record(session, actor_id=actor.member_id, action="credit_struck", entity=kind, entity_id=line_id,
                 application=application.id, reason=reason, hours=line.hours)
    notify(session, application.member_id, "a CE credit was struck",
           f"While verifying your renewal, headquarters struck \u201c{line.title}\u201d ({fmt.hours(line.hours)} h, "
           f"completed {fmt.day(line.completed_on)}) from your record: {reason}\n\nIt no longer counts toward your "
           "renewal. If you think this is a mistake, reply to this email.", settings)
