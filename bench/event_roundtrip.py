"""The "Save <day>" and "Edit <day>" round trips in the running production app, against a bare Reflex counter.

Why it matters: a member saves a conference's days one by one; what they feel is the time from the tap to
the page changing. Playwright's own click-and-wait costs tens of milliseconds and would hide everything, so
the time is taken inside the page: ``performance.now()`` just before ``element.click()`` and again in a
``MutationObserver`` callback at the first DOM mutation after which the expected element is there (Edit:
the day's "Save" button; Save: the day's "Edit" button again; counter: the new count). Each try is one
Reflex event over the websocket, the backend handler, and the state delta applied by React.

  Edit <day>   the pencil: the handler turns the day into an input (one small var); nothing is read or written
  Save <day>   the disc: the session check, ``cme.save_day`` in one transaction (the day's row UPDATEd, an
               audit row), and the event's days read back
  counter      a bare Reflex app built in a temporary directory (``rx.State`` with one int and a button that
               increments it), started the same way and timed the same way in the same run

A second table times the same clicks to the change laid out: right after the first figure is taken, the page
reads ``document.body.offsetHeight``, which makes the browser compute the style and layout the change needs
there and then (it would otherwise do it before the next frame). The day's input takes the focus as it mounts,
and ``focus()`` already forces that work inside Edit's first figure; the counter's new text does not.

Edit and Save alternate on one day (``--tries`` each, after ``--warmup`` untimed pairs); the counter gets
``--tries`` clicks. Both apps run as ``reflex run --env prod --single-port`` (the CE Tracker app through
``tests/e2e/server.py``'s ``AppServer``, on a temporary SQLite database migrated by ``python -m ce_tracker
migrate``); one headless Chromium (``tests/e2e/browser.py``) with one page each. It also prints the floor
under any page: sequential ``GET /login`` (prebuilt page) and ``GET /healthz`` (backend + one unit of work).
The first run builds the front ends (minutes); later runs reuse ``.web-e2e`` (and copy it for the counter).

Run: ``python bench/event_roundtrip.py [--tries 300] [--warmup 20] [--requests 300]``
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import timedelta
from pathlib import Path

from common import latency_cells, print_machine, print_table  # noqa: E402  (bench/ on sys.path)

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Page, sync_playwright  # noqa: E402

from ce_tracker.db import make_engine  # noqa: E402
from ce_tracker.models import Member  # noqa: E402
from ce_tracker.clock import utcnow  # noqa: E402
from ce_tracker.rules import CMI, local_date  # noqa: E402
from tests.e2e.browser import LAUNCH_ARGS, chromium_path  # noqa: E402
from tests.e2e.server import AppServer, wait_for  # noqa: E402
from tests.utils import factories as f  # noqa: E402
from tests.utils.db import units_for  # noqa: E402
from tests.utils.net import free_port  # noqa: E402

COUNTER_CONFIG = '''import reflex as rx

config = rx.Config(app_name="counter", telemetry_enabled=False, show_built_with_reflex=False,
                   backend_host="127.0.0.1", disable_plugins=[rx.plugins.SitemapPlugin],
                   plugins=[rx.plugins.RadixThemesPlugin()])
'''
COUNTER_APP = '''import reflex as rx


class Counter(rx.State):
    count: int = 0

    @rx.event
    def increment(self):
        self.count += 1


def index() -> rx.Component:
    return rx.vstack(rx.heading("Counter"), rx.text(Counter.count, id="count"),
                     rx.button("Increment", id="increment", on_click=Counter.increment))


app = rx.App()
app.add_page(index, route="/")
'''

# Notes when the first websocket message after a click arrives (before the page's own handler runs), which
# splits a round trip into "answer arrives" (network + backend) and "page updated" (applying it, React).
WATCH_SOCKET = """(() => {
  const Native = window.WebSocket;
  window.__firstMessage = null;
  window.WebSocket = function (...args) {
    const socket = new Native(...args);
    socket.addEventListener("message", () => {
      if (window.__firstMessage === 0) window.__firstMessage = performance.now();
    });
    return socket;
  };
  window.WebSocket.prototype = Native.prototype;
  Object.assign(window.WebSocket, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3});
})();"""

# Resolves with the milliseconds from element.click() to the first DOM mutation after which `until` matches,
# from the click to the first websocket message, and from the click to the end of the style and layout that the
# change needs (read right after the first figure is taken, so that figure is unchanged).
CLICK_TO_MUTATION = """async ([clickSelector, untilSelector, untilText]) => {
  const target = document.querySelector(clickSelector);
  if (!target) throw new Error("nothing matches " + clickSelector);
  const done = () => {
    const el = document.querySelector(untilSelector);
    return el !== null && (untilText === null || el.textContent === untilText);
  };
  return await new Promise((resolve, reject) => {
    let start = 0;
    const timer = setTimeout(() => { observer.disconnect(); reject(new Error("no change within 10 s")); }, 10000);
    const observer = new MutationObserver(() => {
      if (done()) {
        const ms = performance.now() - start;
        void document.body.offsetHeight;  // style and layout now, not at the next frame
        const laidOut = performance.now() - start;
        observer.disconnect();
        clearTimeout(timer);
        resolve([ms, window.__firstMessage ? window.__firstMessage - start : null, laidOut]);
      }
    });
    observer.observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
    window.__firstMessage = 0;
    start = performance.now();
    target.click();
  });
}"""


ANSWERS: dict[str, list[float]] = {}  # per kind, click to the first websocket message, in seconds
LAID_OUT: dict[str, list[float]] = {}  # per kind, click to the change's style and layout done, in seconds


def click_to_mutation(page: Page, click: str, until: str, text: str | None = None, *, kind: str = "",
                      keep: bool = True) -> float:
    total, answer, laid_out = page.evaluate(CLICK_TO_MUTATION, [click, until, text])
    if keep and answer is not None:
        ANSWERS.setdefault(kind, []).append(answer / 1000)
    if keep:
        LAID_OUT.setdefault(kind, []).append(laid_out / 1000)
    return total / 1000


class CounterApp:
    """The bare counter app, built and served like the real one, in ``workdir``."""

    def __init__(self, workdir: Path) -> None:
        self.dir = workdir / "counter"
        (self.dir / "counter").mkdir(parents=True)
        (self.dir / "rxconfig.py").write_text(COUNTER_CONFIG)
        (self.dir / "counter" / "__init__.py").write_text("")
        (self.dir / "counter" / "counter.py").write_text(COUNTER_APP)
        web = self.dir / ".web"
        if (ROOT / ".web-e2e" / "node_modules").exists():  # the same packages; saves a download
            shutil.copytree(ROOT / ".web-e2e", web, symlinks=True)
        self.port = free_port()
        self.url = f"http://localhost:{self.port}"
        self.log = workdir / "counter.log"
        self.env = {**os.environ, "REFLEX_WEB_WORKDIR": str(web), "REFLEX_USE_NPM": "1",
                    "REFLEX_CHECK_LATEST_VERSION": "0",
                    "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "reflex", "run", "--env", "prod", "--single-port", "--frontend-port",
             str(self.port), "--backend-port", str(self.port), "--backend-host", "127.0.0.1"],
            cwd=self.dir, env=self.env, stdout=self.log.open("w"), stderr=subprocess.STDOUT, start_new_session=True)
        wait_for(f"{self.url}/", timeout, self.process, self.log)

    def stop(self) -> None:
        AppServer.stop(self)  # the same process-group shutdown


def seed_member(db_url: str) -> tuple[str, int, str, int]:
    """A member registered for a 3-day event that ended yesterday: email, event id, a day's label and id."""
    today = local_date(CMI, utcnow())
    engine = make_engine(db_url)
    try:
        with units_for(engine)() as session:
            actor = f.person(session, name="Bench Member", certified_on=today - timedelta(days=400))
            activity = f.event(session, ends_on=today - timedelta(days=1), title="Benchmark Conference")
            days = f.event_days(session, activity)
            f.register(session, actor, *days)
            day = days[0]
            label = f"{day.day:%a}, {day.day:%b} {day.day.day}"
            return session.get(Member, actor.member_id).email, activity.id, label, day.id
    finally:
        engine.dispose()


def time_edit_and_save(page: Page, label: str, day_id: int, tries: int, warmup: int) -> tuple[list[float], list[float]]:
    edit, save = f'button[aria-label="Edit {label}"]', f'button[aria-label="Save {label}"]'
    edits, saves = [], []
    for n in range(warmup + tries):
        e = click_to_mutation(page, edit, save, kind="edit", keep=n >= warmup)
        page.evaluate("([id, v]) => { document.getElementById(id).value = v; }",
                      [f"credits-{day_id}", str((n % 32 + 1) * 0.25)])
        s = click_to_mutation(page, save, edit, kind="save", keep=n >= warmup)
        if n >= warmup:
            edits.append(e)
            saves.append(s)
        page.wait_for_timeout(10)  # let the last delta settle; not timed
    return edits, saves


def time_counter(page: Page, tries: int, warmup: int) -> list[float]:
    seconds = []
    for n in range(warmup + tries):
        count = int(page.locator("#count").text_content())
        s = click_to_mutation(page, "#increment", "#count", str(count + 1), kind="counter", keep=n >= warmup)
        if n >= warmup:
            seconds.append(s)
        page.wait_for_timeout(10)
    return seconds


def new_page(browser) -> Page:
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.add_init_script(WATCH_SOCKET)
    return page


def get(url: str) -> float:
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=30) as response:
        response.read()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tries", type=int, default=300, help="timed round trips of each kind")
    parser.add_argument("--warmup", type=int, default=20, help="untimed round trips first")
    parser.add_argument("--requests", type=int, default=300, help="sequential GETs per path for the floor")
    parser.add_argument("--start-timeout", type=float, default=900, help="seconds to wait for an app to answer")
    args = parser.parse_args()

    print_machine()
    with tempfile.TemporaryDirectory(prefix="ce-bench-rt-") as scratch:
        workdir = Path(scratch)
        db_url = f"sqlite:///{workdir / 'bench.db'}"
        app = AppServer(workdir, {"CE_DATABASE_URL": db_url})
        subprocess.run([sys.executable, "-m", "ce_tracker", "migrate"], cwd=ROOT, env=app.env, check=True,
                       capture_output=True)
        email, activity_id, label, day_id = seed_member(db_url)
        counter = CounterApp(workdir)
        try:
            start = time.perf_counter()
            app.start(timeout=args.start_timeout)
            counter.start(timeout=args.start_timeout)
            print(f"apps answering after {time.perf_counter() - start:.0f} s: CE Tracker {app.url}, "
                  f"counter {counter.url}\n")
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=chromium_path(p), args=LAUNCH_ARGS)
                page = new_page(browser)
                page.goto(f"{app.url}/login")
                page.get_by_label("Email, member ID or username").fill(email)
                page.get_by_label("Password").fill(f.PASSWORD)
                page.get_by_role("button", name="Log in").click()
                page.wait_for_url(re.compile(r"/home"))
                page.goto(f"{app.url}/cme/{activity_id}")
                page.get_by_role("button", name=f"Edit {label}").wait_for()
                page.wait_for_function("() => !document.querySelector('button[aria-label^=\"Save\"]')")
                edits, saves = time_edit_and_save(page, label, day_id, args.tries, args.warmup)
                counter_page = new_page(browser)
                counter_page.goto(counter.url)
                counter_page.locator("#increment:not([disabled])").wait_for()
                counter_page.wait_for_timeout(500)  # hydrated and connected
                counts = time_counter(counter_page, args.tries, args.warmup)
                browser.close()
            floor = {path: [get(f"{app.url}{path}") for _ in range(args.requests)] for path in ("/login", "/healthz")}
        finally:
            app.stop()
            counter.stop()

    p50 = {name: statistics.median(v) for name, v in (("edit", edits), ("save", saves), ("counter", counts))}
    answer = {kind: f"{statistics.median(v) * 1000:.2f}" if v else "?" for kind, v in ANSWERS.items()}
    print_table(["round trip (click to DOM change)", "tries", "p50 ms", "p95 ms", "p99 ms", "answer p50", "ratio",
                 "target"], [
        [f"Save {label} (save_day + days)", str(len(saves)), *latency_cells(saves), answer.get("save", "?"),
         f"{p50['save'] / p50['edit']:.2f}x Edit", "<= 2x Edit"],
        [f"Edit {label} (no write)", str(len(edits)), *latency_cells(edits), answer.get("edit", "?"),
         f"{p50['edit'] / p50['counter']:.2f}x counter", "<= 1.5x counter"],
        ["bare Reflex counter (+1)", str(len(counts)), *latency_cells(counts), answer.get("counter", "?"), "", ""],
    ])
    print("\nanswer p50: click to the first websocket message back (network + backend); the rest is the page "
          "applying it (React).")
    laid = {kind: statistics.median(v) for kind, v in LAID_OUT.items()}
    print()
    print_table(["the same clicks, to the change laid out", "p50 ms", "ratio"], [
        [f"Save {label}", f"{laid['save'] * 1000:.2f}", f"{laid['save'] / laid['edit']:.2f}x Edit"],
        [f"Edit {label}", f"{laid['edit'] * 1000:.2f}", f"{laid['edit'] / laid['counter']:.2f}x counter"],
        ["bare Reflex counter (+1)", f"{laid['counter'] * 1000:.2f}", ""],
    ])
    print("\nlaid out: the DOM change, then its style and layout forced at once (`document.body.offsetHeight`), "
          "which the\nbrowser would otherwise do before the next frame. Edit's input takes the focus as it mounts, "
          "and focus() forces\nthem inside the first figure already; the counter's text does not.")
    print()
    print_table(["request (sequential urllib GET)", "requests", "p50 ms", "p95 ms", "p99 ms"],
                [[f"GET {path}", str(len(v)), *latency_cells(v)] for path, v in floor.items()])


if __name__ == "__main__":
    main()
