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

from playwright.sync_api import Browser, Page, expect

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
    assert_accessible(page)  # (it waits for the last tap's hover to go: the page's data has arrived by then)
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
            page.goto(f"{app.url}{path}")
            _check(page, path, width, names, errors)
    finally:
        context.close()
