"""End to end, on a desktop and on a phone: the calendar feed, a credential downloaded and verified
(intact, tampered, by address, revoked), and staff importing past records with a bad line first."""

from __future__ import annotations

import json
import re
from datetime import timedelta

from playwright.sync_api import Page, expect
from sqlmodel import select

from ce_tracker.clock import utcnow
from ce_tracker.models import Certificate, CreditClaim, Member, Role
from ce_tracker.rules import CMI, local_date
from ce_tracker.services.events import certificates, cme
from tests.e2e.browser import one_device
from tests.utils import factories as f
from tests.utils.ui import assert_accessible, log_in


def _who(device) -> str:
    return "phone" if device.get("has_touch") else "desktop"


def _member_with_certificate(units, name: str) -> tuple[str, str]:
    """A member who submitted a one-day event three days ago: (email, certificate number)."""
    end = local_date(CMI, utcnow()) - timedelta(days=3)
    with units() as session:
        member = f.person(session, name=name, certified_on=end - timedelta(days=700))
        activity = f.event(session, ends_on=end, days=1, title=f"Imaging Summit {name}")
        day = f.event_days(session, activity)[0]
        f.register(session, member, day)
        cme.save_day(session=session, actor=member, event_day_id=day.id, value="6", now=utcnow())
        cme.submit_event(session=session, actor=member, activity_id=activity.id, now=utcnow())
        number = session.exec(select(Certificate.number).where(Certificate.member_id == member.member_id)).one()
        return session.get(Member, member.member_id).email, number


def _check_file(page: Page, app, path) -> None:
    page.goto(f"{app.url}/verify/credential")
    page.locator("input[type=file]").set_input_files(str(path))
    page.get_by_role("button", name="Check file").click()


@one_device("phone")
def test_calendar_feed_create_subscribe_revoke(page, device, app, units):
    today = local_date(CMI, utcnow())
    with units() as session:
        member = f.person(session, name=f"Cal Endar {_who(device)}", certified_on=today - timedelta(days=900))
        email = session.get(Member, member.member_id).email
    log_in(page, app, email, f.PASSWORD)
    page.goto(f"{app.url}/more")  # where the calendar is found (no longer on the Change password page)
    page.get_by_role("main").get_by_role("link", name=re.compile("^Calendar")).click()
    expect(page.get_by_role("heading", name="Calendar", exact=True)).to_be_visible()
    expect(page.get_by_text("Certification term ends")).to_be_visible()
    page.get_by_role("button", name="Create calendar address").click()
    address = page.get_by_label("copy your private address")
    expect(address).to_have_value(re.compile(r"/calendar/[A-Za-z0-9_-]{43}\.ics$"))
    url = address.input_value()
    webcal = page.get_by_role("link", name="Add to Apple Calendar or Outlook").get_attribute("href")
    assert webcal == "webcal://" + url.split("://", 1)[1]
    google = page.get_by_role("link", name="Add to Google Calendar").get_attribute("href")
    assert google.startswith("https://calendar.google.com/calendar/render?cid=webcal%3A%2F%2F")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.get_by_role("button", name="Copy address").click()
    expect(page.get_by_role("button", name="Copied")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="The address is copied.")).to_be_visible()
    assert_accessible(page)

    feed = page.request.get(url)
    assert feed.status == 200 and feed.headers["content-type"].startswith("text/calendar")
    assert "BEGIN:VCALENDAR" in feed.text() and "SUMMARY:Renewal window opens" in feed.text()

    page.get_by_role("button", name="Make a new address").click()  # a secondary step, behind a confirmation
    expect(page.get_by_role("alertdialog")).to_contain_text("stops working at once")
    page.get_by_role("alertdialog").get_by_role("button", name="Cancel").click()
    assert page.request.get(url).status == 200  # cancelled: the address still works
    page.get_by_role("button", name="Revoke address").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Revoke address").click()
    expect(page.get_by_text("Your calendar address is revoked")).to_be_visible()
    assert page.request.get(url).status == 404
    assert page.request.get(url.replace(url[-10:-4], "AAAAAA")).status == 404


@one_device("phone")
def test_credential_download_verify_tampered_address_and_revoked(page, browser, device, app, units,
                                                                         tmp_path):
    email, number = _member_with_certificate(units, f"Vera Credential {_who(device)}")
    log_in(page, app, email, f.PASSWORD)
    page.goto(f"{app.url}/account/credentials")
    link = page.get_by_role("link", name=re.compile("Download credential: CME participation"))
    with page.expect_download() as download:
        link.click()
    original = tmp_path / "credential.json"
    download.value.save_as(original)
    credential = json.loads(original.read_text())
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    address = link.get_attribute("href")
    assert_accessible(page)

    stranger = browser.new_context(**device)  # anyone, not signed in
    visitor = stranger.new_page()
    _check_file(visitor, app, original)
    expect(visitor.get_by_text("Signature valid: this credential was issued by us")).to_be_visible()
    expect(visitor.get_by_text("valid (eddsa-rdfc-2022, eddsa-jcs-2022)")).to_be_visible()
    status_url = credential["credentialStatus"]["statusListCredential"]
    listed = visitor.request.get(status_url)
    assert listed.status == 200 and listed.headers["cache-control"] == "public, max-age=300"
    expect(visitor.get_by_text(re.compile(r"^Vera Credential \w+ · \d+$"))).to_be_visible()
    assert_accessible(visitor)

    credential["credentialSubject"]["creditsEarned"] = 60.0
    tampered = tmp_path / "tampered.json"
    tampered.write_text(json.dumps(credential))
    _check_file(visitor, app, tampered)
    expect(visitor.get_by_text("changed after signing")).to_be_visible()

    malformed = tmp_path / "malformed.json"
    malformed.write_text("{not json")
    _check_file(visitor, app, malformed)
    expect(visitor.get_by_text("it is not valid JSON")).to_be_visible()

    visitor.get_by_label("Or the credential's address on this site").fill("http://169.254.169.254/latest")
    visitor.get_by_role("button", name="Check address").click()
    expect(visitor.get_by_text("Only credential addresses of this site")).to_be_visible()

    with units() as session:
        staff = f.person(session, Role.STAFF)
        certificates.revoke(session=session, actor=staff, number=number, reason="Attendance not confirmed",
                            now=utcnow())
    visitor.get_by_label("Or the credential's address on this site").fill(address)
    visitor.get_by_role("button", name="Check address").click()
    expect(visitor.get_by_text(re.compile("REVOKED.*Attendance not confirmed"))).to_be_visible()
    _check_file(visitor, app, original)
    expect(visitor.get_by_text(re.compile("REVOKED"))).to_be_visible()
    assert listed.text() != visitor.request.get(status_url).text()  # the list other verifiers read changed too
    stranger.close()
    page.reload()  # the member's own page no longer offers it
    expect(page.get_by_text(re.compile("No longer offered"))).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Download credential: CME participation"))).to_have_count(0)
    assert page.request.get(address).status == 410


@one_device("desktop")
def test_staff_import_past_records_bad_line_then_all(page, device, app, units):
    today = local_date(CMI, utcnow())
    with units() as session:
        member = f.person(session, name=f"Ivo Import {_who(device)}", certified_on=today - timedelta(days=900))
        staff = f.person(session, Role.STAFF)
        number = session.get(Member, member.member_id).member_number
        staff_email, member_email = session.get(Member, staff.member_id).email, session.get(
            Member, member.member_id).email
    log_in(page, app, staff_email, f.PASSWORD)
    page.goto(f"{app.url}/staff/import")
    header = "member_number,category,hours,completed_on,title,provider\n"
    good = f"{number},Art,4,{today - timedelta(days=200)},Paper-era workshop,Old Guild\n"
    page.get_by_label("Or paste the CSV").fill(header + good + f"{number},Sculpture,x,2020-13-01,,\n")
    page.get_by_role("button", name="Preview pasted CSV").click()
    expect(page.get_by_text(re.compile(r"Line 3: 'Sculpture' is not a category"))).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("Import all"))).to_have_count(0)
    assert_accessible(page)

    second = f"{number},History,1.5,{today - timedelta(days=150)},Atlas history,Museum\n"
    page.get_by_label("Or paste the CSV").fill(header + good + second)
    page.get_by_role("button", name="Preview pasted CSV").click()
    expect(page.get_by_text("Line 2: Paper-era workshop")).to_be_visible()
    # Older than 30 days: the preview says why a member could not record it but the import may.
    expect(page.get_by_text(re.compile("accepted as a past record")).first).to_be_visible()
    page.get_by_role("button", name="Import all 2 credits").click()
    expect(page.get_by_text("Imported 2 past credits")).to_be_visible()
    with units() as session:
        sources = session.exec(select(CreditClaim.source).where(CreditClaim.member_id == member.member_id)).all()
    assert sources == ["imported", "imported"]

    page.context.clear_cookies()
    log_in(page, app, member_email, f.PASSWORD)
    page.goto(f"{app.url}/record")
    expect(page.get_by_text("Imported past record").first).to_be_visible()
