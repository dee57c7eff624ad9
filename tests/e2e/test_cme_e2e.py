"""A member enters CME credits day by day, submits once, and gets a verifiable certificate."""

from __future__ import annotations

import re
from datetime import timedelta
from io import BytesIO

from playwright.sync_api import Page, expect
from pypdf import PdfReader

from ce_tracker.clock import utcnow
from ce_tracker.models import Member
from ce_tracker.rules import CMI, local_date
from tests.utils import factories as f
from tests.utils.ui import assert_accessible, log_in


def _member_with_event(units, *, ends_in_days: int, title: str):
    """A member registered for all three days of an event ending ``ends_in_days`` from today."""
    today = local_date(CMI, utcnow())
    with units() as session:
        actor = f.person(session, name="Mary Shelley", certified_on=today - timedelta(days=400))
        activity = f.event(session, ends_on=today + timedelta(days=ends_in_days), title=title)
        days = f.event_days(session, activity)
        f.register(session, actor, *days)
        member = session.get(Member, actor.member_id)
        return member.email, activity.id, days


def _enter(page: Page, label: str, value: str) -> None:
    page.get_by_role("button", name=f"Edit {label}").click()
    box = page.get_by_role("textbox", name=f"Credits for {label}")
    box.fill(value)
    page.get_by_role("button", name=f"Save {label}").click()
    expect(page.get_by_role("button", name=f"Edit {label}")).to_be_visible()


def test_r002_full_flow_enter_reload_submit_certificate_verify(page, context, browser, device, app, units):
    """Three days (one of them 0), reload, submit once, view, PDF, verify.

    R002-04, R002-05, R002-06, R002-07, R002-08, R002-09, R002-10, R002-11, R002-12, R002-13, R002-14.
    """
    email, activity_id, days = _member_with_event(units, ends_in_days=-1, title="Vesalius Conference")
    labels = [f"{d.day:%a}, {d.day:%b} {d.day.day}" for d in days]
    log_in(page, app, email, f.PASSWORD)
    tab = page.get_by_role("navigation", name="Main").get_by_role("link", name="CME Tracker")
    if device.get("has_touch"):  # the phone's tab bar, at the bottom of the screen
        box, height = tab.bounding_box(), page.viewport_size["height"]
        assert box["y"] > height - 100 and box["height"] >= 44, "the CME Tracker tab is not within thumb reach"
        tab.click()
    else:  # on a desktop, the header's tabs, by keyboard alone
        tab.focus()
        page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/cme/?$"))
    assert_accessible(page)
    page.get_by_role("link", name="Enter Credits for Vesalius Conference").click()
    page.wait_for_url(re.compile(rf"/cme/{activity_id}"))
    submit = page.get_by_role("button", name="Submit My Credits For This Event")
    expect(submit).to_be_disabled()
    _enter(page, labels[0], "7.5")
    _enter(page, labels[1], "0")
    expect(submit).to_be_disabled()  # a blank day is not zero (R002-07)
    _enter(page, labels[2], "5.25")
    assert_accessible(page)
    page.reload()
    expect(page.get_by_label(f"Credits for {labels[0]}: 7.5")).to_be_visible()
    expect(page.get_by_label(f"Credits for {labels[1]}: 0")).to_be_visible()
    expect(page.get_by_label(f"Credits for {labels[2]}: 5.25")).to_be_visible()
    submit.click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text("cannot be changed")
    expect(dialog).to_contain_text("You are submitting 12.75 credits for 3 days.")
    assert_accessible(page)
    dialog.get_by_role("button", name="Yes, submit my credits").click()
    expect(page.get_by_role("status").filter(has_text="Submitted: 12.75 credits")).to_be_visible()
    expect(page.get_by_role("button", name=f"Edit {labels[0]}")).to_be_disabled()
    expect(page.get_by_role("button", name="Submit My Credits For This Event")).to_have_count(0)
    page.goto(f"{app.url}/cme")
    expect(page.get_by_text("12.75 credits").filter(visible=True).first).to_be_visible()
    page.get_by_role("link", name="View certificate for Vesalius Conference").filter(visible=True).first.click()
    page.wait_for_url(re.compile(r"/certificates/CME-"))
    expect(page.get_by_text("Certificate of Participation")).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    assert_accessible(page)
    number = re.search(r"/certificates/(CME-[\w-]+)", page.url).group(1)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download PDF").click()
    text = PdfReader(BytesIO(open(download.value.path(), "rb").read())).pages[0].extract_text()
    assert "Mary Shelley" in text and "Vesalius Conference" in text and number in text and "12.75" in text

    public = browser.new_context(**device).new_page()
    public.goto(f"{app.url}/verify")
    public.get_by_label("Certificate number").fill(number)
    public.get_by_role("button", name="Verify").click()
    expect(public.get_by_role("status")).to_contain_text(f"Certificate {number} is authentic")
    expect(public.get_by_text("Mary Shelley")).to_have_count(0)  # no code: nothing beyond the status
    assert_accessible(public)
    public.context.close()


def test_r002_05_one_save_is_one_transaction(page, app, units):
    """One "Save <day>" event opens exactly one database transaction (session lookup, save and read-back).

    How it is counted, and why this way: the app runs as in production (``reflex run --env prod``, the real
    websocket, the real session cookie) with ``CE_COUNT_TRANSACTIONS=1``, which makes ``state/work.py`` listen
    to SQLAlchemy's engine-level "begin" event on the app's own engine and log, per page event, how many
    transactions began between the event's start and its end. A savepoint (the refused-save path) is not a
    transaction and does not fire "begin". Driving the state class in-process with Reflex's test utilities
    would skip the cookie, the websocket and the event processing, which is where a second transaction (an
    extra session lookup) used to hide; reading the running server's own count cannot miss one.
    """
    email, activity_id, days = _member_with_event(units, ends_in_days=-1, title="Transaction Count Conference")
    log_in(page, app, email, f.PASSWORD)
    page.goto(f"{app.url}/cme/{activity_id}")
    before = len(app.log.read_text().splitlines())
    label = f"{days[0].day:%a}, {days[0].day:%b} {days[0].day.day}"
    _enter(page, label, "6.5")  # Edit (no database work), then the one Save
    expect(page.get_by_label(f"Credits for {label}: 6.5")).to_be_visible()
    logged = "\n".join(app.log.read_text().splitlines()[before:])
    assert re.findall(r"event CmeEventState\.save began (\d+) transaction", logged) == ["1"], logged[-2000:]


def test_r002_01_before_the_event_concludes_credits_cannot_be_claimed(page, app, units):
    email, activity_id, days = _member_with_event(units, ends_in_days=0, title="Live Today Summit")
    log_in(page, app, email, f.PASSWORD)
    page.goto(f"{app.url}/cme")
    expect(page.get_by_role("link", name="Enter Credits for Live Today Summit")).to_have_count(0)
    page.goto(f"{app.url}/cme/{activity_id}")
    expect(page.get_by_text("CME credits cannot be claimed until the conclusion of the event")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile(r"^Edit ")).first).to_be_disabled()
    assert_accessible(page)


def test_r002_07_bad_value_is_refused_with_a_message(page, app, units):
    email, activity_id, days = _member_with_event(units, ends_in_days=-2, title="Anatomy Week")
    label = f"{days[0].day:%a}, {days[0].day:%b} {days[0].day.day}"
    log_in(page, app, email, f.PASSWORD)
    page.goto(f"{app.url}/cme/{activity_id}")
    page.get_by_role("button", name=f"Edit {label}").click()
    page.get_by_role("textbox", name=f"Credits for {label}").fill("9")
    page.get_by_role("button", name=f"Save {label}").click()
    expect(page.get_by_role("alert")).to_contain_text("at most 8 credits")
    page.get_by_role("textbox", name=f"Credits for {label}").fill("")
    page.get_by_role("button", name=f"Save {label}").click()
    expect(page.get_by_role("alert")).to_contain_text("enter 0")


def test_r002_08_a_saved_day_survives_logout_and_a_backend_restart(browser, app, units):
    """The database is the source of truth: nothing saved lives only in the backend's memory."""
    email, activity_id, days = _member_with_event(units, ends_in_days=-3, title="Persistence Colloquium")
    label = f"{days[1].day:%a}, {days[1].day:%b} {days[1].day.day}"
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(20_000)
    page = context.new_page()
    log_in(page, app, email, f.PASSWORD)
    page.goto(f"{app.url}/cme/{activity_id}")
    _enter(page, label, "4.75")
    page.get_by_role("button", name="Account menu").click()
    page.get_by_role("menuitem", name="Log out").click()
    page.wait_for_url(re.compile(r"/login/?\?signed_out=1"))
    app.restart()
    log_in(page, app, email, f.PASSWORD)
    page.goto(f"{app.url}/cme/{activity_id}")
    expect(page.get_by_label(f"Credits for {label}: 4.75")).to_be_visible()
    context.close()
