"""Verification with the evidence, striking a credit, and the fee (R000-17)."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlmodel import select

from ce_tracker.config import settings as app_settings
from ce_tracker.models import (
    AuditEntry,
    ClaimStatus,
    CreditClaim,
    OutboxEmail,
    RenewalApplication,
    Role,
)
from ce_tracker.services.approvals import attachments, review
from ce_tracker.services.courses import claims
from ce_tracker.services.errors import Conflict, Invalid, NotAllowed, NotFound
from ce_tracker.services.renewal import applications, payments
from ce_tracker.services.renewal import evidence as renewal_evidence
from ce_tracker.services.renewal.documents import invoice_pdf, my_fee_document, receipt_pdf
from tests.utils import factories as f

CERTIFIED = date(2022, 1, 10)
NOW = f.at(date(2026, 11, 25))
SETTINGS = replace(app_settings, renewal_fee_cents=15000, currency="USD")
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


def _applied(session, *roles):
    member = f.person(session, *roles, certified_on=CERTIFIED)
    f.enough_to_renew(session, member, date(2025, 6, 1))
    application = applications.apply_for_renewal(session=session, actor=member, attested=True, now=NOW,
                                            settings=SETTINGS)
    return member, application


def test_r000_17_staff_see_every_credit_line_with_its_request_and_attachments(session):
    member = f.person(session, certified_on=CERTIFIED)
    staff, reviewer = f.person(session, Role.STAFF), f.person(session, Role.REVIEWER)
    f.enough_to_renew(session, member, date(2025, 6, 1))
    ends = date(2026, 9, 10)
    request = f.approval_request(session, member, ends_on=ends, hours="3", title="Sketching Workshop")
    attachments.add_attachment(session=session, actor=member, request_id=request.id, filename="agenda.pdf", data=PDF,
                             now=f.at(ends + timedelta(days=2)), max_bytes=10_000)
    activity = review.approve(session=session, actor=reviewer, request_id=request.id, criteria=f.judged(),
                                 now=f.at(ends + timedelta(days=3)), settings=SETTINGS)
    claims.claim_course(session=session, actor=member, activity_id=activity.id, category_id=activity.category_id,
                        hours="3", now=f.at(ends + timedelta(days=5)))
    application = applications.apply_for_renewal(session=session, actor=member, attested=True, now=NOW,
                                            settings=SETTINGS)
    lines = renewal_evidence.evidence(session=session, actor=staff, application_id=application.id)
    assert {line.category for line in lines} == {"Art", "Biomedical", "Business"}
    [workshop] = [line for line in lines if line.title == "Sketching Workshop"]
    assert (workshop.source, workshop.request_id, workshop.counts) == ("Approved request", request.id, True)
    assert [name for _, name in workshop.attachments] == ["agenda.pdf"]
    assert workshop.completed_on == ends and workshop.hours == 3
    with pytest.raises(NotAllowed):
        renewal_evidence.evidence(session=session, actor=member, application_id=application.id)


def test_r000_17_striking_a_credit_withdraws_it_recomputes_emails_and_audits(session):
    member, application = _applied(session)
    staff = f.person(session, Role.STAFF)
    [art] = [line for line in renewal_evidence.evidence(session=session, actor=staff, application_id=application.id)
             if line.category == "Art"]
    for reason in ("", "   ", None):
        with pytest.raises(Invalid, match="reason"):
            renewal_evidence.strike_credit(session=session, actor=staff, application_id=application.id, kind=art.kind,
                                  line_id=art.id, reason=reason, now=NOW, settings=SETTINGS)
    with pytest.raises(NotAllowed):  # a member calling the staff handler
        renewal_evidence.strike_credit(session=session, actor=member, application_id=application.id, kind=art.kind,
                              line_id=art.id, reason="x", now=NOW, settings=SETTINGS)
    with pytest.raises(NotFound):
        renewal_evidence.strike_credit(session=session, actor=staff, application_id=application.id, kind="claim",
                              line_id=10**9, reason="x", now=NOW, settings=SETTINGS)
    renewal_evidence.strike_credit(session=session, actor=staff, application_id=application.id, kind=art.kind,
                          line_id=art.id, reason="The course was not attended.", now=NOW, settings=SETTINGS)
    claim = session.get(CreditClaim, art.id)
    assert claim.status is ClaimStatus.WITHDRAWN and claim.withdrawn_reason == "The course was not attended."
    view = applications.application_detail(session=session, actor=staff, application_id=application.id)
    assert not view.standing.may_renew and view.standing.categories["Art"].counted == 0
    [struck] = [line for line in renewal_evidence.evidence(session=session, actor=staff, application_id=application.id)
                if line.id == art.id]
    assert not struck.counts and struck.withdrawn_reason
    assert [e for e in session.exec(select(OutboxEmail)) if "struck" in e.subject]
    assert session.exec(select(AuditEntry).where(AuditEntry.action == "credit_struck")).one()
    with pytest.raises(Conflict, match="already struck"):
        renewal_evidence.strike_credit(session=session, actor=staff, application_id=application.id, kind=art.kind,
                              line_id=art.id, reason="again", now=NOW, settings=SETTINGS)
    payments.record_payment(session=session, actor=staff, application_id=application.id, reference="R-1", now=NOW,
                           settings=SETTINGS)
    with pytest.raises(Invalid, match="no longer has the hours"):
        applications.verify_renewal(session=session, actor=staff, application_id=application.id, now=NOW,
                               settings=SETTINGS)


def test_staff_cannot_record_their_own_fee_nor_verify_or_strike_their_own_renewal(session):
    staff_member, application = _applied(session, Role.STAFF, Role.MEMBER)
    line = renewal_evidence.evidence(session=session, actor=staff_member, application_id=application.id)[0]
    calls = [
        lambda: payments.record_payment(session=session, actor=staff_member, application_id=application.id,
                                       reference="R-1", now=NOW, settings=SETTINGS),
        lambda: applications.verify_renewal(session=session, actor=staff_member, application_id=application.id, now=NOW,
                                       settings=SETTINGS),
        lambda: applications.return_renewal(session=session, actor=staff_member, application_id=application.id,
                                       reason="x", now=NOW, settings=SETTINGS),
        lambda: renewal_evidence.strike_credit(session=session, actor=staff_member, application_id=application.id,
                                      kind=line.kind, line_id=line.id, reason="x", now=NOW, settings=SETTINGS),
        lambda: payments.import_payments(session=session, actor=staff_member, now=NOW, settings=SETTINGS,
                                        text=f"{application.invoice_reference},150.00,R-1"),
    ]
    for call in calls:
        with pytest.raises((NotAllowed, Invalid), match="own renewal"):
            call()
    session.refresh(application)
    assert application.paid_at is None and application.status.value == "submitted"


def test_payment_csv_import_is_all_or_nothing_and_names_each_bad_line(session):
    staff = f.person(session, Role.STAFF)
    (_, first), (_, second) = _applied(session), _applied(session)
    bad = (f"invoice,amount,payment\n{first.invoice_reference},150.00,BANK-1\nREN-NOPE,150.00,BANK-2\n"
           f"{second.invoice_reference},15.00,BANK-3\n{first.invoice_reference},150.00,BANK-4\nonly,two\n")
    with pytest.raises(Invalid) as refused:
        payments.import_payments(session=session, actor=staff, text=bad, now=NOW, settings=SETTINGS)
    message = refused.value.message
    assert message.startswith("Nothing was imported.")
    assert "Line 2: the reference \u201cREN-NOPE\u201d matches no renewal application" in message
    assert "Line 3: 15.00 does not match the fee" in message
    assert "Line 4" in message and "also on line 1" in message and "Line 5: expected 3 columns" in message
    assert all(a.paid_at is None for a in session.exec(select(RenewalApplication)))
    good = f"{first.invoice_reference.lower()},150,BANK-1\n{second.invoice_reference},150.00,BANK-3\n"
    assert payments.import_payments(session=session, actor=staff, text=good, now=NOW, settings=SETTINGS) == 2
    session.refresh(first)
    assert first.fee_reference == "BANK-1" and first.payment_method == "imported by staff"
    with pytest.raises(Invalid, match="already recorded as paid"):
        payments.import_payments(session=session, actor=staff, text=good, now=NOW, settings=SETTINGS)
    member = f.person(session)
    with pytest.raises(NotAllowed):
        payments.import_payments(session=session, actor=member, text=good, now=NOW, settings=SETTINGS)
    for empty in ("", "invoice,amount,payment\n", None):
        with pytest.raises(Invalid):
            payments.import_payments(session=session, actor=staff, text=empty, now=NOW, settings=SETTINGS)


def test_r000_17_invoice_and_receipt_pdfs_for_the_member_only(session):
    member, application = _applied(session)
    staff = f.person(session, Role.STAFF)
    name, pdf = my_fee_document(session=session, actor=member, now=NOW, settings=SETTINGS, kind="invoice")
    assert name == f"invoice-{application.invoice_reference}.pdf" and pdf.startswith(b"%PDF")
    with pytest.raises(NotFound, match="no receipt yet"):
        my_fee_document(session=session, actor=member, now=NOW, settings=SETTINGS, kind="receipt")
    payments.record_payment(session=session, actor=staff, application_id=application.id, reference="R-9", now=NOW,
                           settings=SETTINGS)
    name, pdf = my_fee_document(session=session, actor=member, now=NOW, settings=SETTINGS, kind="receipt")
    assert name.startswith("receipt-") and pdf.startswith(b"%PDF")
    view = applications.application_detail(session=session, actor=staff, application_id=application.id)
    assert invoice_pdf(view, SETTINGS) and receipt_pdf(view, SETTINGS)
    other = f.person(session, certified_on=CERTIFIED)
    with pytest.raises(NotFound, match="Apply for renewal first"):
        my_fee_document(session=session, actor=other, now=NOW, settings=SETTINGS, kind="invoice")


@pytest.mark.postgres
@pytest.mark.parametrize("engine", ["postgres"], indirect=True)
def test_two_staff_recording_one_payment_at_once_record_it_once(units, engine):
    with units() as session:
        _, application = _applied(session)
        staff = [f.person(session, Role.STAFF), f.person(session, Role.STAFF)]
    barrier, outcomes = threading.Barrier(2), []

    def record(actor, reference):
        try:
            with units() as session:
                barrier.wait(timeout=10)
                payments.record_payment(session=session, actor=actor, application_id=application.id,
                                       reference=reference, now=NOW, settings=SETTINGS)
            outcomes.append("recorded")
        except Conflict:
            outcomes.append("refused")

    threads = [threading.Thread(target=record, args=(actor, f"R-{i}")) for i, actor in enumerate(staff)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["recorded", "refused"]
    with units() as session:
        emails = [e for e in session.exec(select(OutboxEmail)) if "fee received" in e.subject]
        audits = session.exec(select(AuditEntry).where(AuditEntry.action == "renewal_fee_recorded")).all()
        assert len(emails) == 1 and len(audits) == 1
