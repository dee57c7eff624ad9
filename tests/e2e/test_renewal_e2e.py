"""A member in the renewal window applies and sees how to pay; staff see the evidence, strike a wrongly recorded
credit, record the fee and verify; the next term is recorded.

R000-11, R000-16, R000-17, R000-18, R000-19 on a desktop and on a phone.
"""

from __future__ import annotations

import re
from datetime import timedelta

from playwright.sync_api import expect

from ce_tracker.clock import utcnow
from ce_tracker.models import Member
from ce_tracker.rules import CMI, local_date
from tests.e2e.test_approvals_e2e import _wait_for_mail
from tests.utils import factories as f
from tests.utils.ui import assert_accessible, log_in


def _ready_member(units, name: str):
    """Certified 4 and a half years ago (inside the 12-month renewal window), with the 35 hours a CMI needs
    recorded last year, and one Art course recorded twice by mistake (for staff to strike)."""
    today = local_date(CMI, utcnow())
    with units() as session:
        member = f.person(session, name=name, certified_on=today - timedelta(days=4 * 365 + 180))
        f.enough_to_renew(session, member, today - timedelta(days=365))
        f.course_credit(session, member, "Art", "2", today - timedelta(days=300), title="Duplicate Art course")
        return session.get(Member, member.member_id).email, today


def test_r000_17_r000_18_apply_pay_verify_and_the_next_term_starts(page, browser, device, app, units, inbox):
    name = "Renata Renewer " + ("phone" if device.get("has_touch") else "desktop")
    email, today = _ready_member(units, name)
    log_in(page, app, email, f.PASSWORD)
    page.goto(f"{app.url}/renewal")
    expect(page.get_by_text("37 of 35 h")).to_be_visible()
    expect(page.get_by_text("Applying to renew is open until your term ends")).to_be_visible()
    apply = page.get_by_role("button", name="Apply for renewal")
    apply.click()  # without the attestation the browser refuses the form
    expect(page.get_by_role("heading", name="Your application")).to_have_count(0)
    page.get_by_label("I attest that the CE credits").check()
    assert_accessible(page)
    apply.click()
    expect(page.get_by_role("status").filter(has_text="Your application is filed")).to_be_visible()
    expect(page.get_by_text("Submitted: headquarters is verifying your CE record.")).to_be_visible()
    expect(page.get_by_text("How to pay:")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Your reference: REN-\d+-\d+"))).to_be_visible()
    expect(page.get_by_role("link", name="Download the invoice (PDF)")).to_be_visible()
    assert "renewal application received" in _wait_for_mail(inbox, email, "Association")["Subject"]

    staff_context = browser.new_context(**device)
    try:
        staff = staff_context.new_page()
        log_in(staff, app, "staff@demo.test", "demo-pass-2026")
        staff.goto(f"{app.url}/staff/renewals")
        staff.get_by_role("link", name=re.compile(name)).click()
        staff.wait_for_url(re.compile(r"/staff/renewals/\d+$"))
        expect(staff.get_by_text("37 of 35 h counted")).to_be_visible()
        # The evidence: every credit line, and striking the duplicate with a reason.
        expect(staff.get_by_role("heading", name="The credits behind the standing")).to_be_visible()
        expect(staff.get_by_text("Duplicate Art course", exact=True)).to_be_visible()
        staff.get_by_label("Reason to strike Duplicate Art course").fill("Recorded twice.")
        staff.get_by_role("button", name="Strike Duplicate Art course").click()
        staff.get_by_role("alertdialog").get_by_role("button", name="Yes, strike this credit").click()
        expect(staff.get_by_role("status").filter(has_text="The credit is struck")).to_be_visible()
        expect(staff.get_by_text("Struck: Recorded twice.")).to_be_visible()
        expect(staff.get_by_text("35 of 35 h counted")).to_be_visible()  # recomputed at once
        verify = staff.get_by_role("button", name="Verify and record the next term")
        expect(verify).to_be_disabled()  # the fee first
        staff.get_by_label("Payment reference").fill("RCPT-7781")
        staff.get_by_role("button", name="Record payment").click()
        expect(staff.get_by_role("status").filter(has_text="recorded as received")).to_be_visible()
        assert_accessible(staff)
        verify.click()
        staff.get_by_role("alertdialog").get_by_role("button", name="Yes, verify and record the next term").click()
        expect(staff.get_by_role("status").filter(has_text="Verified")).to_be_visible()
    finally:
        staff_context.close()

    assert "struck" in _wait_for_mail(inbox, email, "Association of Medical Illustrators: a CE credit was struck")[
        "Subject"]
    page.goto(f"{app.url}/renewal")
    expect(page.get_by_text("Verified: your certification is renewed.")).to_be_visible()
    expect(page.get_by_role("link", name="Download the receipt (PDF)")).to_be_visible()
    expect(page.get_by_text(re.compile("Your next term: .* Start collecting another 35 hours"))).to_be_visible()
    assert "renewed" in _wait_for_mail(inbox, email, "Association of Medical Illustrators: certification renewed") \
        .get_content()


def test_r000_16_before_the_window_the_renewal_page_says_once_when_applying_opens(page, app, units):
    """The term's line and a grey box under it both said when applying opens, in two wordings."""
    today = local_date(CMI, utcnow())
    with units() as session:
        member = f.person(session, name="Early Ella", certified_on=today - timedelta(days=2 * 365))
        email = session.get(Member, member.member_id).email
    log_in(page, app, email, f.PASSWORD)
    page.goto(f"{app.url}/renewal")
    expect(page.get_by_text(re.compile(r"Applying to renew opens on"))).to_be_visible()
    expect(page.get_by_text(re.compile(r"applying (to renew )?opens", re.IGNORECASE))).to_have_count(1)
    expect(page.get_by_role("button", name="Apply for renewal")).to_have_count(0)


def test_r000_19_a_member_cannot_open_the_staff_renewal_queue(page, app, units):
    email, _ = _ready_member(units, "Nosy Member")
    log_in(page, app, email, f.PASSWORD)
    page.goto(f"{app.url}/staff/renewals")
    expect(page.get_by_role("alert").filter(has_text="This needs the staff role.")).to_be_visible()


def test_reminder_settings_and_importing_fees_with_a_bad_line(page, browser, device, app, units):
    suffix = "phone" if device.get("has_touch") else "desktop"
    email, today = _ready_member(units, "Ira Importer " + suffix)
    with units() as session:
        from sqlmodel import select

        from ce_tracker.config import settings
        from ce_tracker.services.accounts.actors import load_actor
        from ce_tracker.services.renewal import applications

        member = session.exec(select(Member).where(Member.email == email)).one()
        reference = applications.apply_for_renewal(session=session, actor=load_actor(session, member.id), attested=True,
                                              now=utcnow(), settings=settings).invoice_reference
    log_in(page, app, email, f.PASSWORD)
    page.goto(f"{app.url}/account/reminders")
    switch = page.get_by_role("switch", name=re.compile("Recording windows closing"))
    expect(switch).to_be_checked()
    switch.click()
    expect(page.get_by_role("status").filter(has_text="Saved.")).to_be_visible()
    page.reload()
    expect(page.get_by_role("switch", name=re.compile("Recording windows closing"))).not_to_be_checked()
    assert_accessible(page)

    staff_context = browser.new_context(**device)
    try:
        staff = staff_context.new_page()
        log_in(staff, app, "staff@demo.test", "demo-pass-2026")
        staff.goto(f"{app.url}/staff/payments")
        staff.get_by_label("Payments (CSV)").fill(f"{reference},150.00,BANK-1\nREN-NOPE,150.00,BANK-2")
        staff.get_by_role("button", name="Import payments").click()
        expect(staff.get_by_role("alert").filter(has_text="Line 2: the reference")).to_be_visible()
        staff.get_by_label("Payments (CSV)").fill(f"{reference},150.00,BANK-1")
        staff.get_by_role("button", name="Import payments").click()
        expect(staff.get_by_role("status").filter(has_text="1 payment recorded")).to_be_visible()
        assert_accessible(staff)
    finally:
        staff_context.close()
