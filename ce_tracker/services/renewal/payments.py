"""The renewal fee: staff record a payment singly, or import a CSV of received payments (R000-17).

A payment is matched to an application by the invoice reference the member quoted. Recording is one conditional
UPDATE (still unpaid, still submitted), so two staff recording the same payment at once record it once and the
other is told. An import is all or nothing: every bad line is named and nothing is recorded. Only a payment's
reference is kept, never card data. Staff never record their own fee.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from decimal import Decimal, InvalidOperation

from sqlalchemy import func, update
from sqlmodel import Session, select

from ce_tracker.config import Settings
from ce_tracker.models import RenewalApplication, RenewalStatus, Role
from ce_tracker.services import audit
from ce_tracker.services.accounts.actors import Actor
from ce_tracker.services.errors import Conflict, Invalid
from ce_tracker.services.renewal.applications import staff_application
from ce_tracker.services.renewal.common import fee_text, not_own, notify

MAX_IMPORT_LINES = 2000
ALREADY_PAID = "The fee for this application is already recorded as paid."


def require_fee_recorder(actor: Actor) -> None:
    """Only headquarters staff record fees (the import page asks before showing its form)."""
    actor.require(Role.STAFF)


def _reference(value: object) -> str:
    reference = value.strip() if isinstance(value, str) else ""
    if not 1 <= len(reference) <= 100:
        raise Invalid("Enter the payment's reference (a receipt, cheque or transaction number).")
    return reference


def _mark_paid(session: Session, actor: Actor, application: RenewalApplication, reference: str, now: datetime,
               settings: Settings, method: str) -> None:
    """The conditional update: only an unpaid, submitted application becomes paid."""
    moved = session.execute(update(RenewalApplication).where(
        RenewalApplication.id == application.id, RenewalApplication.paid_at.is_(None),
        RenewalApplication.status == RenewalStatus.SUBMITTED).values(
        paid_at=now, fee_reference=reference, payment_method=method, payment_recorded_by=actor.member_id))
    if moved.rowcount != 1:
        session.refresh(application)
        raise Conflict(ALREADY_PAID if application.paid_at is not None
                       else "This application is no longer waiting for its fee; reload the page.")
    session.refresh(application)
    audit.record(session, actor_id=actor.member_id, action="renewal_fee_recorded", entity="renewalapplication",
                 entity_id=application.id, reference=reference, method=method)
    notify(session, application.member_id, "renewal fee received",
           f"We received your renewal fee of {fee_text(application.fee_cents, application.currency)} "
           f"(reference {reference}). Your receipt can be downloaded from your Renewal page.", settings)


def record_payment(*, session: Session, actor: Actor, application_id: object, reference: object, now: datetime,
                   settings: Settings) -> None:
    """Headquarters record one application's fee as received."""
    application = staff_application(session, actor, application_id)
    not_own(actor, application.member_id)
    reference = _reference(reference)
    if application.paid_at is not None:
        raise Conflict(ALREADY_PAID)
    _mark_paid(session, actor, application, reference, now, settings, "recorded by staff")


def _normal(reference: str) -> str:
    return reference.strip().upper()


def _check_line(session: Session, actor: Actor, number: int, row: list[str], seen: dict[str, int],
                settings: Settings) -> tuple[str | None, RenewalApplication | None, str]:
    """One CSV line: (error or None, the application it pays, the payment's reference)."""
    if len(row) != 3:
        return f"Line {number}: expected 3 columns (invoice reference, amount, payment reference).", None, ""
    invoice, amount, payment = (cell.strip() for cell in row)
    if not payment or len(payment) > 100:
        return f"Line {number}: the payment reference is missing or longer than 100 characters.", None, ""
    matches = session.exec(select(RenewalApplication).where(
        func.upper(RenewalApplication.invoice_reference) == _normal(invoice))).all()
    if not matches:
        return f"Line {number}: the reference \u201c{invoice}\u201d matches no renewal application.", None, ""
    if len(matches) > 1:
        return f"Line {number}: the reference \u201c{invoice}\u201d matches {len(matches)} applications.", None, ""
    application = matches[0]
    if _normal(invoice) in seen:
        return (f"Line {number}: the reference \u201c{invoice}\u201d is also on line {seen[_normal(invoice)]}.",
                None, "")
    seen[_normal(invoice)] = number
    try:
        cents = Decimal(amount) * 100
    except InvalidOperation:
        return f"Line {number}: \u201c{amount}\u201d is not an amount.", None, ""
    if cents != application.fee_cents:
        return (f"Line {number}: {amount} does not match the fee of "
                f"{fee_text(application.fee_cents, application.currency)}.", None, "")
    if application.member_id == actor.member_id:
        return f"Line {number}: this is your own renewal; another staff member must record it.", None, ""
    if application.paid_at is not None:
        return f"Line {number}: the fee for \u201c{invoice}\u201d is already recorded as paid.", None, ""
    if application.status is not RenewalStatus.SUBMITTED:
        return f"Line {number}: the application \u201c{invoice}\u201d is not waiting for its fee.", None, ""
    return None, application, payment


def import_payments(*, session: Session, actor: Actor, text: object, now: datetime, settings: Settings) -> int:
    """Record every payment in a CSV (invoice reference, amount, payment reference), or none of them.

    A header line starting with "invoice" is skipped. Returns how many payments were recorded.
    """
    actor.require(Role.STAFF)
    if not isinstance(text, str) or not text.strip():
        raise Invalid("Paste or upload the CSV of received payments.")
    rows = [row for row in csv.reader(io.StringIO(text.strip())) if any(cell.strip() for cell in row)]
    if rows and rows[0] and rows[0][0].strip().lower().startswith("invoice"):
        rows = rows[1:]
    if not rows:
        raise Invalid("The CSV has no payments in it.")
    if len(rows) > MAX_IMPORT_LINES:
        raise Invalid(f"Import at most {MAX_IMPORT_LINES} payments at a time.")
    errors, good, seen = [], [], {}
    for number, row in enumerate(rows, start=1):
        error, application, payment = _check_line(session, actor, number, row, seen, settings)
        if error:
            errors.append(error)
        else:
            good.append((application, payment))
    if errors:
        raise Invalid("Nothing was imported. " + " ".join(errors))
    for application, payment in good:
        _mark_paid(session, actor, application, payment, now, settings, "imported by staff")
    audit.record(session, actor_id=actor.member_id, action="renewal_fees_imported", entity="renewalapplication",
                 count=len(good))
    return len(good)
