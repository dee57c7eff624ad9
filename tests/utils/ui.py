"""What end-to-end tests do on a page again and again: sign in as a person, and check the page with axe-core."""

from __future__ import annotations

import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

_axe = Axe()
# True once no CSS transition is running (reading the animations brings the styles up to date first).
TRANSITIONS_DONE = ("() => document.getAnimations()"
                    ".every(a => !(a instanceof CSSTransition) || a.playState !== 'running')")


def assert_accessible(page: Page, *, loaded: bool = False) -> None:
    """axe-core finds no serious or critical violation on the page as it stands.

    ``loaded``: the caller has seen the page's data arrive (every_page.py waits for the hydrate's answer), so
    only the hover's transition is waited for; otherwise a pause of 300 ms lets both happen.
    """
    page.mouse.move(0, 0)  # a phone's last tap leaves a hover style on whatever is under it now
    if loaded:
        page.wait_for_function(TRANSITIONS_DONE, polling="raf")
    else:
        page.wait_for_timeout(300)
    results = _axe.run(page)
    bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    details = [f"{v['id']}: {v['help']} {[(n['target'], n.get('failureSummary', '')) for n in v['nodes'][:3]]}"
               for v in bad]
    assert not bad, "\n".join(details)


def log_in(page: Page, app, identifier: str, password: str) -> None:
    page.goto(f"{app.url}/login")
    page.get_by_label("Email, member ID or username").fill(identifier)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/home"))
    page.get_by_role("heading", name="Home").wait_for()
