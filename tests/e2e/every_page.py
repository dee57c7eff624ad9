"""Every page, for each role, on a 360 px phone and a 1280 px desktop: axe finds no serious or critical
violation, nothing scrolls sideways, nothing hides under the phone's tab bar, the page hydrates without an
error, each place under More opens under the name More gives it, and no page refuses the role that More or
the tab bar sent there (R000-19: each role sees and does its own part). The phone and the desktop are two test
files, so parallel workers share the visits.

One sign-in per role and width; the pages are the demo's (the app fixture loads it), so they carry realistic,
crowded content. Pages with an id in their address are reached through the first link to one on their list.
"""

from __future__ import annotations

import re
import time

from playwright.sync_api import Browser, Page, WebSocket, expect

from tests.e2e.server import AppServer
from tests.utils.ui import assert_accessible, log_in

PASSWORD = "demo-pass-2026"
COMMON = ["/home", "/more", "/account/reminders", "/account/password", "/help"]
# (address pattern, the list page linking to it) for pages with an id in their address.
MEMBER = ["/cme", (r"/cme/\d+$", "/cme"), (r"/certificates/[^/]+$", "/cme"), "/courses", "/requests",
          "/requests/new", (r"/requests/\d+$", "/requests"), "/record", "/renewal", "/planner",
          "/account/calendar", "/account/credentials", "/verify", "/verify/credential"]
ROLES = {
    "member": ("member@demo.test", COMMON + MEMBER),
    "reviewer": ("reviewer@demo.test", COMMON + ["/review", (r"/review/\d+$", "/review"), "/renewal"]),
    "staff": ("staff@demo.test", COMMON + [
        "/staff/members", "/staff/events", (r"/staff/events/\d+$", "/staff/events"), "/staff/certificates",
        "/staff/courses", "/staff/renewals", (r"/staff/renewals/\d+$", "/staff/renewals"), "/staff/payments",
        "/staff/exams", "/staff/import", "/staff/programs"]),
    "board": ("board@demo.test", COMMON + ["/board", "/board/sample", "/staff/exams"]),
    "grace": ("gabriel.grant@demo.test", ["/home", "/renewal", "/courses", "/record", "/planner"]),
    "signed_out": (None, ["/login", "/forgot-password", "/verify", "/no-such-page"]),
}
WIDTHS = {"phone": {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True},
          "desktop": {"viewport": {"width": 1280, "height": 900}}}

# Where the page's last line ends (the footer's text, below its room for the bar), and where the fixed tab bar
# begins (none on a desktop).
BOTTOM = """() => {
  const bar = document.querySelector('nav.tab-bar');
  const barTop = bar && getComputedStyle(bar).display !== 'none' ? bar.getBoundingClientRect().top : innerHeight;
  const last = document.querySelector('footer p') || document.querySelector('main');
  return {lastBottom: last.getBoundingClientRect().bottom, barTop};
}"""
MORE_ROWS = """() => [...document.querySelectorAll('main li a')].map(a => [new URL(a.href).pathname,
  a.querySelector('p, span').textContent.trim()])"""


class Loads:
    """Counts a page's loads whose data has arrived: Reflex answers the hydrate, on_load handlers included,
    with ``is_hydrated`` true over the page's websocket (frames of an earlier page's socket do not count)."""

    HYDRATED = '"is_hydrated_rx_state_":true'

    def __init__(self, page: Page) -> None:
        self.page, self.count, self.generation = page, 0, 0
        page.on("websocket", self._socket)

    def _socket(self, socket: WebSocket) -> None:
        generation = self.generation
        socket.on("framereceived", lambda payload: self._frame(generation, payload))

    def _frame(self, generation: int, payload) -> None:
        if generation == self.generation and self.HYDRATED in str(payload):
            self.count += 1

    def goto(self, url: str, timeout: float = 20) -> None:
        """Open ``url`` and return once its data has arrived."""
        self.generation += 1
        seen = self.count
        self.page.goto(url)
        deadline = time.monotonic() + timeout
        while self.count == seen:  # the frames are delivered while Playwright waits
            assert time.monotonic() < deadline, f"{url}: no hydrate answer within {timeout} s"
            self.page.wait_for_timeout(20)


def _detail(page: Page, base: str, pattern: str, listing: str) -> str:
    """The first address on ``listing`` that matches ``pattern`` (the same pattern in Python and JavaScript)."""
    page.goto(f"{base}{listing}")
    page.wait_for_function("pattern => [...document.querySelectorAll('main a[href]')]"
                           ".some(a => new RegExp(pattern).test(new URL(a.href).pathname))", arg=pattern)
    hrefs = page.eval_on_selector_all("main a[href]", "links => links.map(a => new URL(a.href).pathname)")
    return next(h for h in hrefs if re.search(pattern, h))


def _check(page: Page, path: str, width: str, names: dict[str, str], errors: list[str]) -> None:
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_count(1)
    if path in names:  # the place's name under More is the page's own title
        expect(heading).to_have_text(names[path])
    assert_accessible(page, loaded=True)  # (it waits for the last tap's hover to go)
    expect(page.get_by_role("alert").filter(has_text=re.compile("This needs the"))).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"), \
        f"{path} scrolls sideways at {width}"
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    bottom = page.evaluate(BOTTOM)
    assert bottom["lastBottom"] <= bottom["barTop"] + 1, f"{path}: the page's end hides under the tab bar"
    assert not errors, f"{path}: {errors}"


def visit_every_page(browser: Browser, app: AppServer, role: str, width: str) -> None:
    """Sign ``role`` in once at ``width`` and check each of its pages."""
    login, paths = ROLES[role]
    context = browser.new_context(**WIDTHS[width])
    context.set_default_timeout(20_000)
    page = context.new_page()
    loads = Loads(page)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)[:300]))  # a hydration mismatch, a script error
    try:
        names: dict[str, str] = {}
        if login:
            log_in(page, app, login, PASSWORD)
            page.goto(f"{app.url}/more")
            page.locator("main li a").first.wait_for()
            names = dict(page.evaluate(MORE_ROWS))
        for item in paths:
            path = _detail(page, app.url, *item) if isinstance(item, tuple) else item
            loads.goto(f"{app.url}{path}")
            _check(page, path, width, names, errors)
    finally:
        context.close()
