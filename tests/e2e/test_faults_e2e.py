"""The backend killed with SIGKILL mid-work: saved days survive, a submit is all or nothing,
and the reloaded page shows the database's truth (R002-08, R002-10, R002-11)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from ce_tracker.clock import utcnow
from ce_tracker.db import make_engine
from ce_tracker.models import Certificate, DayCredit, EventSubmission, Member
from ce_tracker.rules import CMI, local_date
from ce_tracker.services.events import cme
from tests.e2e.browser import one_device
from tests.e2e.server import ROOT, AppServer, private_web_dir
from tests.utils import factories as f
from tests.utils.db import units_for
from tests.utils.ui import log_in


@pytest.fixture(scope="module")
def crashable(tmp_path_factory, inbox) -> Iterator[AppServer]:
    """An app of its own (own database), so killing it disturbs no other test."""
    workdir = tmp_path_factory.mktemp("crash")
    server = AppServer(workdir, {"CE_DATABASE_URL": f"sqlite:///{workdir / 'crash.db'}", "CE_SMTP_HOST": "127.0.0.1",
                                 "CE_SMTP_PORT": str(inbox.port)},
                       web_dir=private_web_dir(workdir))
    subprocess.run([sys.executable, "-m", "ce_tracker", "migrate"], cwd=ROOT, env=server.env, check=True,
                   capture_output=True)
    server.db_url = server.env["CE_DATABASE_URL"]
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def crash_units(crashable):
    engine = make_engine(crashable.db_url)
    yield units_for(engine)
    engine.dispose()


def _member(units, title: str, *, saved: tuple[str, ...] = ()):
    """A member registered for a three-day event that ended yesterday, with ``saved`` days already saved."""
    today = local_date(CMI, utcnow())
    with units() as session:
        actor = f.person(session, name=f"Crash Tester {title}", certified_on=today - timedelta(days=300))
        activity = f.event(session, ends_on=today - timedelta(days=1), title=title)
        days = f.event_days(session, activity)
        f.register(session, actor, *days)
        for day, value in zip(days, saved):
            cme.save_day(session=session, actor=actor, event_day_id=day.id, value=value, now=utcnow())
        email = session.get(Member, actor.member_id).email
    return actor, email, activity.id, [f"{d.day:%a}, {d.day:%b} {d.day.day}" for d in days]


@one_device("desktop")
def test_r002_08_saved_days_survive_a_sigkill_and_the_page_shows_them(crashable, crash_units, page):
    actor, email, activity_id, labels = _member(crash_units, "Killed Mid-Entry")
    log_in(page, crashable, email, f.PASSWORD)
    page.goto(f"{crashable.url}/cme/{activity_id}")
    for label, value in zip(labels[:2], ("6.5", "0")):
        page.get_by_role("button", name=f"Edit {label}").click()
        page.get_by_role("textbox", name=f"Credits for {label}").fill(value)
        page.get_by_role("button", name=f"Save {label}").click()
        expect(page.get_by_role("button", name=f"Edit {label}")).to_be_visible()
    page.get_by_role("button", name=f"Edit {labels[2]}").click()
    page.get_by_role("textbox", name=f"Credits for {labels[2]}").fill("7")  # typed, never saved
    crashable.kill()
    crashable.start()
    page.reload()
    expect(page.get_by_label(f"Credits for {labels[0]}: 6.5")).to_be_visible()
    expect(page.get_by_label(f"Credits for {labels[1]}: 0")).to_be_visible()
    expect(page.get_by_label(f"Credits for {labels[2]}: not entered")).to_be_visible()
    with crash_units() as session:
        saved = session.exec(select(DayCredit.credits).where(DayCredit.member_id == actor.member_id)).all()
    assert sorted(saved) == [0, 6.5]


def test_r002_10_a_submit_killed_in_flight_is_complete_or_absent(crashable, crash_units, browser):
    """Several members click Submit; the backend is killed at once. Each submit is whole or not there at all."""
    members = [_member(crash_units, f"Killed Submit {i}", saved=("8", "2.25", "0")) for i in range(4)]
    contexts = [browser.new_context(viewport={"width": 1280, "height": 900}) for _ in members]
    try:
        pages = []
        for context, (_, email, activity_id, _) in zip(contexts, members):
            page = context.new_page()
            log_in(page, crashable, email, f.PASSWORD)
            page.goto(f"{crashable.url}/cme/{activity_id}")
            page.get_by_role("button", name="Submit My Credits For This Event").click()
            pages.append(page)
        for page in pages:  # the last clicks, as fast as the browser allows, then the kill
            confirm = page.get_by_role("alertdialog").get_by_role("button", name="Yes, submit my credits")
            confirm.click(no_wait_after=True)
        crashable.kill()
        crashable.start()
        with crash_units() as session:
            for actor, _, activity_id, _ in members:
                submission = session.exec(select(EventSubmission).where(
                    EventSubmission.member_id == actor.member_id, EventSubmission.activity_id == activity_id)).first()
                days = session.exec(select(DayCredit).where(DayCredit.member_id == actor.member_id)).all()
                sealed = [d for d in days if d.submission_id is not None]
                certificate = session.exec(select(Certificate).where(Certificate.member_id == actor.member_id)).first()
                if submission is None:
                    assert sealed == [] and certificate is None and len(days) == 3
                else:
                    assert len(sealed) == 3 and certificate is not None and submission.total == 10.25
        for page, (actor, _, _, _) in zip(pages, members):
            page.reload()
            with crash_units() as session:
                submitted = session.exec(select(EventSubmission).where(
                    EventSubmission.member_id == actor.member_id)).first() is not None
            if submitted:
                expect(page.get_by_text("10.25").first).to_be_visible()
                expect(page.get_by_role("button", name="Submit My Credits For This Event")).to_have_count(0)
            else:
                expect(page.get_by_role("button", name="Submit My Credits For This Event")).to_be_enabled()
    finally:
        for context in contexts:
            context.close()


def test_a_second_app_leaves_the_session_app_working(crashable, app, units, page):
    """Regression: the crash app once rebuilt the shared front end with its own port baked in, so every later
    test's page on the session app talked to a dead port and its Log in button stayed disabled."""
    today = local_date(CMI, utcnow())
    with units() as session:
        actor = f.person(session, name="Beside The Crash App", certified_on=today - timedelta(days=300))
        email = session.get(Member, actor.member_id).email
    crashable.stop()
    log_in(page, app, email, f.PASSWORD)
