"""A member logs in, stays logged in, resets a password through a real email, logs out."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from ce_tracker.models import Role
from tests.utils import factories as f
from tests.utils.ui import assert_accessible, log_in


def _member(units, name="Ada Lovelace"):
    with units() as session:
        actor = f.person(session, Role.MEMBER, name=name, certified_on=f.date(2024, 3, 1))
        from ce_tracker.models import Member
        member = session.get(Member, actor.member_id)
        return member.email, member.username, member.member_number


def test_r002_02_r000_01_login_by_member_id_survives_reload_and_new_tab_then_logout(page, context, app, units):
    """R002-02, R000-01: signing in reaches the member's pages; the session lasts until logout."""
    email, username, number = _member(units)
    page.goto(f"{app.url}/home")
    page.wait_for_url(re.compile(r"/login/?\?next="))
    assert_accessible(page)
    log_in(page, app, number, f.PASSWORD)
    expect(page.get_by_text(number)).to_be_visible()
    expect(page.get_by_text("Certified Medical Illustrator", exact=True)).to_be_visible()
    assert_accessible(page)
    assert "ce_session" not in page.evaluate("document.cookie")  # HttpOnly: page scripts cannot read it
    page.reload()
    expect(page.get_by_role("heading", name="Home")).to_be_visible()
    other = context.new_page()
    other.goto(f"{app.url}/home")
    expect(other.get_by_text(number)).to_be_visible()
    page.get_by_role("button", name="Account menu").click()
    page.get_by_role("menuitem", name="Log out").click()
    page.wait_for_url(re.compile(r"/login/?\?signed_out=1"))
    expect(page.get_by_text("You are logged out.")).to_be_visible()
    other.goto(f"{app.url}/home")
    other.wait_for_url(re.compile(r"/login/?\?next="))


def test_wrong_password_is_refused_without_saying_which_part(page, app, units):
    email, _, _ = _member(units)
    page.goto(f"{app.url}/login")
    page.get_by_label("Email, member ID or username").fill(email)
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_contain_text("do not match an account")
    assert "/login" in page.url


def test_r002_03_reset_password_through_the_emailed_link(page, app, units, inbox):
    email, username, _ = _member(units, name="Grace Hopper")
    page.goto(f"{app.url}/login")
    page.get_by_role("link", name="Forgot Password?").click()
    page.wait_for_url(re.compile(r"/forgot-password"))
    assert_accessible(page)
    page.get_by_label("Email, member ID or username").fill(username)
    page.get_by_role("button", name="Submit", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("If that email, member ID or username belongs")
    page.wait_for_function("1", timeout=1000)
    for _ in range(50):
        if inbox.to(email):
            break
        page.wait_for_timeout(200)
    body = inbox.to(email)[-1].get_payload(decode=True).decode()
    link = re.search(r"(http\S+/reset-password\?token=\S+)", body).group(1)
    page.goto(link)
    expect(page.get_by_role("heading", name="Choose a new password")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("New password", exact=True).fill("a-brand-new-secret")
    page.get_by_label("Repeat the new password").fill("a-brand-new-secret")
    page.get_by_role("button", name="Set password").click()
    page.wait_for_url(re.compile(r"/login/?\?reset=1"))
    log_in(page, app, email, "a-brand-new-secret")
    page.goto(link)
    expect(page.get_by_text("This reset link has expired or was already used.")).to_be_visible()


def test_r002_03_unknown_identifier_gets_the_same_answer(page, app, inbox):
    before = len(inbox.messages)
    page.goto(f"{app.url}/forgot-password")
    page.get_by_label("Email, member ID or username").fill("nobody@nowhere.test")
    page.get_by_role("button", name="Submit", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("If that email, member ID or username belongs")
    page.wait_for_timeout(500)
    assert len(inbox.messages) == before


def test_r000_16_demo_member_sees_standing_deadlines_and_record(page, app):
    """R000-10, R000-15, R000-16: each category against its limits, what is still needed, what lapse means."""
    log_in(page, app, "member@demo.test", "demo-pass-2026")
    expect(page.get_by_text("Maya Castillo").filter(visible=True).first).to_be_visible()
    expect(page.get_by_role("heading", name="Where you stand")).to_be_visible()
    for category in ("Art", "Biomedical", "Business", "History"):
        expect(page.get_by_role("heading", name=category, exact=True)).to_be_visible()
    expect(page.get_by_text(re.compile(r"^You have enough hours overall; you still need 1\.5 h in Art by "))
           ).to_be_visible()
    expect(page.get_by_text(re.compile(r"certification lapses and the exam must be taken again"))).to_be_visible()
    expect(page.get_by_role("heading", name="Your next steps")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Last day: .* days left"))).to_be_visible()
    expect(page.get_by_role("heading", name="Your CE credit record")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{app.url}/cme")
    page.get_by_role("heading", name="CME Tracker").wait_for()
    assert_accessible(page)


def test_change_password_keeps_this_browser_and_ends_the_others(page, browser, device, app, units):
    email, _, _ = _member(units, name="Ada Byron")
    other = browser.new_context(**device).new_page()
    log_in(other, app, email, f.PASSWORD)
    log_in(page, app, email, f.PASSWORD)
    page.get_by_role("button", name="Account menu").click()
    page.get_by_role("menuitem", name="Change password").click()
    page.wait_for_url(re.compile(r"/account/password"))
    assert_accessible(page)
    page.get_by_label("Current password").fill(f.PASSWORD)
    page.get_by_label("New password", exact=True).fill("another-long-secret")
    page.get_by_label("Repeat the new password").fill("another-long-secret")
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_text("Your password was changed.")).to_be_visible()
    page.reload()
    expect(page.get_by_role("heading", name="Home")).to_be_visible()
    other.goto(f"{app.url}/home")
    other.wait_for_url(re.compile(r"/login/?\?next="))
    other.context.close()


def test_r000_20_r002_16_help_explains_the_rules_and_names_a_contact(page, app):
    page.goto(f"{app.url}/help")
    expect(page.get_by_role("heading", name="How many hours do I need?")).to_be_visible()
    expect(page.get_by_role("heading", name="How do I enter CME credits for a conference?")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(r"@")).first).to_have_attribute("href", re.compile("^mailto:"))
    assert_accessible(page)
