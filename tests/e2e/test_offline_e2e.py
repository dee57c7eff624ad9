"""The phone at the conference: the Wi-Fi really drops, and nothing a member typed is lost (R002-06, R002-08).

The app sits behind a TCP proxy (tests/utils/tcp_proxy.py) that cuts every connection and refuses new ones
while the "Wi-Fi" is off: Chromium's own offline switch holds websocket frames back and lets them through
later, which no network does. The front end names the proxy's port, so the page and its websocket both go
through it. Phone viewport only: this is the phone's story, and the desktop adds nothing to it.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta

import pytest
from playwright.sync_api import BrowserContext, Page, expect
from sqlmodel import select

from ce_tracker.clock import utcnow
from ce_tracker.db import make_engine
from ce_tracker.models import DayCredit, DaySave, Member
from ce_tracker.rules import CMI, local_date
from tests.utils.ui import log_in
from tests.e2e.server import ROOT, AppServer, private_web_dir
from tests.utils import factories as f
from tests.utils.db import units_for
from tests.utils.tcp_proxy import TcpProxy

OFFLINE = "You are offline. What you enter is kept on this phone and saved when you are back online."
NOT_SAVED_YET = "Not saved yet: it will be saved when you are back online."
REFLEX_TOAST = "Cannot connect to server"


@pytest.fixture(scope="module")
def wifi(tmp_path_factory, inbox, app) -> Iterator[TcpProxy]:
    """The conference Wi-Fi: a proxy in front of an app of its own (``wifi.app``, ``wifi.units``).

    ``app`` (the session's) is only asked for so this process has a front-end build to copy.
    """
    workdir = tmp_path_factory.mktemp("wifi")
    db_url = f"sqlite:///{workdir / 'wifi.db'}"
    with TcpProxy(0) as proxy:
        server = AppServer(workdir, {"CE_DATABASE_URL": db_url, "CE_SMTP_HOST": "127.0.0.1",
                                     "CE_SMTP_PORT": str(inbox.port)},
                           web_dir=private_web_dir(workdir), public_port=proxy.port)
        proxy.target = server.port
        subprocess.run([sys.executable, "-m", "ce_tracker", "migrate"], cwd=ROOT, env=server.env, check=True,
                       capture_output=True)
        server.start()
        engine = make_engine(db_url)
        proxy.app, proxy.units = server, units_for(engine)
        try:
            yield proxy
        finally:
            server.stop()
            engine.dispose()


@pytest.fixture
def phone(browser, playwright_instance) -> Iterator[BrowserContext]:
    context = browser.new_context(**playwright_instance.devices["Pixel 7"])
    context.set_default_timeout(20_000)
    yield context
    context.close()


def _attendee(units, name: str, activity=None):
    """A member registered for every day of an event that ended yesterday (``activity``, or a new one)."""
    today = local_date(CMI, utcnow())
    with units() as session:
        actor = f.person(session, name=name, certified_on=today - timedelta(days=300))
        if activity is None:
            activity = f.event(session, ends_on=today - timedelta(days=1), title=f"{name}'s Congress")
        days = f.event_days(session, activity)
        f.register(session, actor, *days)
        email = session.get(Member, actor.member_id).email
    labels = [f"{d.day:%a}, {d.day:%b} {d.day.day}" for d in days]
    return actor, email, activity, days, labels


def _saved(units, actor) -> dict[int, str]:
    with units() as session:
        rows = session.exec(select(DayCredit).where(DayCredit.member_id == actor.member_id)).all()
        return {row.event_day_id: str(row.credits) for row in rows}


def _day(page: Page, label: str):
    return page.get_by_role("group", name=label)


def _save_day(page: Page, label: str, value: str) -> None:
    page.get_by_role("button", name=f"Edit {label}").click()
    page.get_by_role("textbox", name=f"Credits for {label}").fill(value)
    page.get_by_role("button", name=f"Save {label}").click()


def _open_sheet(page: Page, wifi: TcpProxy, activity_id: int, first_label: str) -> None:
    page.goto(f"{wifi.app.url}/cme/{activity_id}")
    expect(page.get_by_role("button", name=f"Edit {first_label}")).to_be_enabled()
    expect(page.get_by_text("Saved").or_(page.get_by_label(re.compile(r"^Credits for .*: not entered$"))).first
           ).to_be_visible()


def test_r002_08_a_day_saved_offline_says_so_and_is_saved_once_back_online(wifi, phone):
    actor, email, activity, days, labels = _attendee(wifi.units, "Ada Offline")
    page = phone.new_page()
    log_in(page, wifi.app, email, f.PASSWORD)
    _open_sheet(page, wifi, activity.id, labels[0])
    submit = page.get_by_role("button", name="Submit My Credits For This Event")

    wifi.cut()
    expect(page.get_by_role("status").filter(has_text=OFFLINE)).to_have_count(1)  # said once, plainly
    _save_day(page, labels[0], "6.5")  # the pencil and the disc need no network
    expect(_day(page, labels[0]).get_by_text(NOT_SAVED_YET)).to_be_visible()
    expect(page.get_by_label(f"Credits for {labels[0]}: 6.5")).to_be_visible()
    expect(submit).to_be_disabled()
    expect(page.get_by_text(REFLEX_TOAST)).to_have_count(0)
    assert _saved(wifi.units, actor) == {}

    wifi.restore()
    expect(_day(page, labels[0]).get_by_text("Saved", exact=True)).to_be_visible()
    expect(page.get_by_role("status").filter(has_text=OFFLINE)).to_have_count(0)
    assert _saved(wifi.units, actor) == {days[0].id: "6.50"}
    for label, value in zip(labels[1:], ("0", "7")):  # online again, the ordinary way
        _save_day(page, label, value)
        expect(_day(page, label).get_by_text("Saved", exact=True)).to_be_visible()
    expect(submit).to_be_enabled()
    with wifi.units() as session:
        assert len(session.exec(select(DaySave).where(DaySave.member_id == actor.member_id)).all()) == 3


def test_r002_08_reload_and_close_offline_then_open_online_the_value_is_stored(wifi, phone):
    """Offline, a reload opens the sheet from the phone (service worker, the phone's copy), marked offline; the
    tab closed with a save waiting, the sheet opened again online sends it."""
    actor, email, activity, days, labels = _attendee(wifi.units, "Grace Offline")
    page = phone.new_page()
    log_in(page, wifi.app, email, f.PASSWORD)
    _open_sheet(page, wifi, activity.id, labels[0])
    _save_day(page, labels[0], "2")
    expect(_day(page, labels[0]).get_by_text("Saved", exact=True)).to_be_visible()
    # The service worker installs once the first page has loaded; it then controls this page.
    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=150_000)  # slow under a loaded CI

    wifi.cut()
    page.reload()
    expect(page.get_by_role("heading", level=1, name="Grace Offline's Congress")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text=OFFLINE)).to_have_count(1)
    expect(page.get_by_role("status").filter(has_text="This is the copy kept on this phone")).to_be_visible()
    expect(page.get_by_label(f"Credits for {labels[0]}: 2")).to_be_visible()
    _save_day(page, labels[1], "4.25")
    expect(_day(page, labels[1]).get_by_text(NOT_SAVED_YET)).to_be_visible()
    page.close()  # the tab is closed (or the phone discards it) with the save still waiting

    wifi.restore()
    again = phone.new_page()
    _open_sheet(again, wifi, activity.id, labels[0])
    expect(_day(again, labels[1]).get_by_text("Saved", exact=True)).to_be_visible()
    assert _saved(wifi.units, actor) == {days[0].id: "2.00", days[1].id: "4.25"}


def test_r002_08_two_members_on_one_phone_nothing_crosses(wifi, phone):
    """Ann types offline and leaves her save waiting; Ben signs in on the same phone and opens the same event:
    her value is never sent as his. When Ann signs in again, hers goes through, as hers."""
    ann, ann_email, activity, days, labels = _attendee(wifi.units, "Ann Shared")
    ben, ben_email, _, _, _ = _attendee(wifi.units, "Ben Shared", activity=activity)
    page = phone.new_page()
    log_in(page, wifi.app, ann_email, f.PASSWORD)
    _open_sheet(page, wifi, activity.id, labels[0])
    wifi.cut()
    _save_day(page, labels[0], "5")
    expect(_day(page, labels[0]).get_by_text(NOT_SAVED_YET)).to_be_visible()
    page.goto("about:blank")  # away from the sheet before the Wi-Fi returns
    wifi.restore()

    page.goto(f"{wifi.app.url}/help")
    page.get_by_role("button", name="Account menu").click()
    page.get_by_role("menuitem", name="Log out").click()
    page.wait_for_url(re.compile(r"/login"))
    log_in(page, wifi.app, ben_email, f.PASSWORD)
    _open_sheet(page, wifi, activity.id, labels[0])
    expect(page.get_by_label(f"Credits for {labels[0]}: not entered")).to_be_visible()
    expect(page.get_by_text(NOT_SAVED_YET)).to_have_count(0)
    page.wait_for_timeout(1000)  # what a wrong send would need to arrive
    assert _saved(wifi.units, ben) == {} and _saved(wifi.units, ann) == {}

    page.get_by_role("button", name="Account menu").click()
    page.get_by_role("menuitem", name="Log out").click()
    page.wait_for_url(re.compile(r"/login"))
    log_in(page, wifi.app, ann_email, f.PASSWORD)
    _open_sheet(page, wifi, activity.id, labels[0])
    expect(_day(page, labels[0]).get_by_text("Saved", exact=True)).to_be_visible()
    assert _saved(wifi.units, ann) == {days[0].id: "5.00"} and _saved(wifi.units, ben) == {}
