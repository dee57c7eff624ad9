"""The newest kept release's database, upgraded by ``python -m ce_tracker migrate`` as an administrator would,
is served by the app: one of that release's members signs in and finds the hours that release counted."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from decimal import Decimal

from playwright.sync_api import expect

from ce_tracker import formatting as fmt
from ce_tracker.clock import utcnow
from ce_tracker.rules import CMI, local_date
from tests.e2e.server import ONE_ADDRESS, ROOT, AppServer, private_web_dir
from tests.upgrade.snapshots import load_sqlite, snapshots
from tests.utils.ui import log_in


def _term_running_today(snapshot) -> dict:
    """A term of the release that is running today, with hours (the app shows the term running today)."""
    today = str(local_date(CMI, utcnow()))
    running = [term for term in snapshot.facts["terms"] if term["status"] == "ACTIVE"
               and term["starts_on"] <= today <= term["ends_on"] and Decimal(term["counted_total"]) > 0]
    assert running, f"no term of {snapshot.name} runs on {today}: keep a newer release"
    return max(running, key=lambda term: term["ends_on"])


def test_the_app_serves_the_upgraded_release_and_its_member_signs_in_to_the_hours_it_counted(browser, tmp_path):
    snapshot = snapshots()[-1]
    url = f"sqlite:///{load_sqlite(snapshot, tmp_path / 'ce.db')}"
    env = {**os.environ, "CE_DATABASE_URL": url}
    migrated = subprocess.run([sys.executable, "-m", "ce_tracker", "migrate"], cwd=ROOT, env=env,
                              capture_output=True, text=True, check=False)
    assert migrated.returncode == 0 and "Database upgraded from" in migrated.stdout, migrated.stderr
    term = _term_running_today(snapshot)
    server = AppServer(tmp_path, {"CE_DATABASE_URL": url, **ONE_ADDRESS}, web_dir=private_web_dir(tmp_path))
    server.start()
    try:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        log_in(page, server, term["member"], snapshot.facts["demo_password"])
        counted = fmt.hours(Decimal(term["counted_total"]))
        expect(page.get_by_text(re.compile(rf"^{re.escape(counted)} of \d+ h counted$"))).to_be_visible()
        page.goto(f"{server.url}/record")
        expect(page.get_by_text(re.compile(rf"^{re.escape(counted)} of \d+ h counted$"))).to_be_visible()
        context.close()
    finally:
        server.stop()
