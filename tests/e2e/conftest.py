"""End-to-end fixtures: the real app on a free port, a real SMTP server, a real browser.

Every test runs twice, on a desktop viewport and on Playwright's "Pixel 7" phone, but those marked
`one_device` (tests/e2e/browser.py): about the server, they would only repeat themselves.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from ce_tracker.db import make_engine
from tests.e2e.server import ONE_ADDRESS, ROOT, SHARED_WEB, AppServer, private_web_dir
from tests.scaleout.servers import Postgres, Redis
from tests.utils.db import units_for
from tests.utils.smtp import Inbox, running_inbox

# Three test workers share two cores with their apps and browsers: an assertion may wait up to 15 s to come
# true (the default 5 s measured the machine, not the app). It must still come true.
expect.set_options(timeout=15_000)


@pytest.fixture(scope="session")
def inbox() -> Iterator[Inbox]:
    with running_inbox() as server:
        yield server


# `CE_E2E_STACK=scaled` runs the suite on the scale-out stack: PostgreSQL, Redis and two backend workers.
# scripts/test.sh runs there only the tests marked `scaled_flow`: every member and staff flow once (desktop),
# the restart and the raw-websocket control; what they prove about one worker's pages is proven by the
# embedded run already.
SCALED = os.environ.get("CE_E2E_STACK") == "scaled"
SCALED_FLOWS = {
    "test_r002_02_login_by_member_id_survives_reload_and_new_tab_then_logout",
    "test_r002_03_reset_password_through_the_emailed_link",
    "test_change_password_keeps_this_browser_and_ends_the_others",
    "test_r000_02_request_approve_other_hours_and_record_the_credit",
    "test_r000_05_the_live_warning_when_the_last_day_comes_before_the_load",
    "test_r002_full_flow_enter_reload_submit_certificate_verify",
    "test_r002_08_a_saved_day_survives_logout_and_a_backend_restart",
    "test_r000_07_a_member_finds_a_course_by_category_and_records_its_hours",
    "test_r000_03_staff_add_a_course_and_members_find_it",
    "test_r000_10_record_page_and_its_csv_and_pdf_agree",
    "test_r000_17_r000_18_apply_pay_verify_and_the_next_term_starts",
    "test_r002_15_imported_registration_is_claimable_at_once",
    "test_staff_create_an_event_with_its_days",
    "test_signing_out_and_in_starts_a_new_tab_state",
    "test_control_the_same_channel_works_for_the_rightful_member",
}


def pytest_collection_modifyitems(items):
    for item in items:
        if item.originalname in SCALED_FLOWS and "phone" not in item.name:
            item.add_marker(pytest.mark.scaled_flow)


def _database(tmp_path_factory) -> Iterator[dict[str, str]]:
    """The app's database (and, scaled, its Redis and workers) as environment variables."""
    if not SCALED:
        yield {"CE_DATABASE_URL": f"sqlite:///{tmp_path_factory.mktemp('db') / 'e2e.db'}"}
        return
    postgres, redis = Postgres(), Redis()
    postgres.start()
    redis.start()
    try:
        yield {"CE_DATABASE_URL": postgres.url, "CE_REDIS_URL": redis.url, "CE_BACKEND_WORKERS": "2",
               "CE_LOG_EVENTS": "1"}
    finally:
        redis.stop()
        postgres.stop()


@pytest.fixture(scope="session")
def app(tmp_path_factory, inbox) -> Iterator[AppServer]:
    """The production build of the app with a fresh migrated database and real SMTP."""
    workdir = tmp_path_factory.mktemp("app")
    stack = _database(tmp_path_factory)
    # CE_COUNT_TRANSACTIONS: every page event logs how many transactions it began (test_cme_e2e counts a Save's).
    env = {**next(stack), "CE_SMTP_HOST": "127.0.0.1", "CE_SMTP_PORT": str(inbox.port), **ONE_ADDRESS,
           "CE_SIGNING_KEY_FILE": str(workdir / "signing-key.pem"),  # the demo creates it (verifiable credentials)
           "CE_COUNT_TRANSACTIONS": "1"}
    # Under pytest-xdist each worker has its own app, database, SMTP and ports, and its own front-end directory.
    server = AppServer(workdir, env, web_dir=private_web_dir(workdir) if os.environ.get("PYTEST_XDIST_WORKER")
                       else SHARED_WEB)
    for command in ("migrate", "demo"):  # the demo data gives pages their realistic, crowded content
        subprocess.run([sys.executable, "-m", "ce_tracker", command], cwd=ROOT, env=server.env, check=True,
                       capture_output=True)
    server.db_url = env["CE_DATABASE_URL"]
    server.start()
    yield server
    server.stop()
    next(stack, None)


@pytest.fixture(scope="session")
def units(app):
    """Units of work on the app's own database, to arrange data as staff would."""
    engine = make_engine(app.db_url)
    yield units_for(engine)
    engine.dispose()


@pytest.fixture(params=["desktop", "phone"])
def device(request, playwright_instance) -> dict:
    if request.param == "phone":
        return dict(playwright_instance.devices["Pixel 7"])
    return {"viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def context(browser, device):
    context = browser.new_context(**device, accept_downloads=True)
    context.set_default_timeout(20_000)
    yield context
    context.close()


@pytest.fixture
def page(context) -> Page:
    return context.new_page()
