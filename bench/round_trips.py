"""Where a phone's page load spends its round trips, on Lighthouse's mobile profile.

Why: attendees open the app on conference Wi-Fi with mid-range phones. What they wait for is mostly round
trips (150 ms each), not bytes, so the figure that matters is how many round trips a page costs and which
step spends each one: the HTML, scripts loaded one after another, the websocket's handshake, the hydrate,
the page's load events. This script measures it in the production app with headless Chromium throttled
through the Chrome DevTools Protocol (Network.emulateNetworkConditions: 150 ms latency, 1.6 Mbit/s down,
750 kbit/s up; Emulation.setCPUThrottlingRate 4), applied to the page and to every service worker the page
starts (a worker fetches on its own target, which a page's throttling would not slow).

Scenarios, each timed in the page from its start (navigation start, or the click) to the first DOM change
after which the page shows what it was opened for (Home: the member's ID; the event sheet: its first day):

  first visit     a fresh browser (nothing cached) opens /login until "Log in" can be pressed: time, bytes
  login -> Home   the member presses "Log in" until Home shows her data
  second visit    Home opened again with everything cached (a new navigation, as from the home screen)
  event sheet     the event sheet opened again the same way

"round trips" is the time divided by the 150 ms round trip: what the member waits, in the unit the network
imposes (CPU time at 4x is in it too). For each scenario the timeline prints every request (start, end,
bytes, where it came from) and every websocket frame (which event, which answer), so a round trip that can
go is visible. The app runs as in production (tests/e2e/server.py's AppServer on a temporary SQLite
database with the demo data). Not a timed test: figures for bench/README.md.

Run: ``python bench/round_trips.py [--runs 3] [--no-throttle]``
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import urllib.request
from pathlib import Path

from common import print_machine, print_table  # noqa: E402  (bench/ on sys.path)

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.e2e.browser import LAUNCH_ARGS, chromium_path  # noqa: E402
from tests.e2e.server import AppServer  # noqa: E402
from tests.utils.net import free_port  # noqa: E402

RTT_MS = 150
PROFILE = {"offline": False, "latency": RTT_MS, "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 750e3 / 8}
CPU_SLOWDOWN = 4
TARGETS = ("page", "service_worker")  # the app's own; the browser's UI pages are left out
DEMO_LOGIN, DEMO_PASSWORD = "member@demo.test", "demo-pass-2026"

# Installed before any page script: notes Date.now() at the first DOM change after which the text the bench
# waits for (localStorage "bench-want") is in the page, so the figure is taken in the page, not by polling.
READY_WATCH = """(() => {
  const want = localStorage.getItem("bench-want");
  window.__ready = undefined;
  if (!want) return;
  const check = () => {
    if (window.__ready === undefined && document.body && document.body.textContent.includes(want)) {
      window.__ready = Date.now();
    }
  };
  new MutationObserver(check).observe(document, {subtree: true, childList: true, characterData: true});
})();"""


class Throttle:
    """The mobile profile on every page and service worker of the browser, through our own CDP connection.

    Playwright's own sessions cannot reach a service worker, so the browser also listens on a debugging port
    and this client auto-attaches to every target (flattened sessions), throttles it before it runs
    (``waitForDebuggerOnStart``) and records its network events.
    """

    def __init__(self, port: int, throttled: bool) -> None:
        import websocket
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/version", timeout=10) as answer:
            endpoint = json.load(answer)["webSocketDebuggerUrl"]
        self.socket = websocket.create_connection(endpoint, timeout=None, suppress_origin=True)
        self.throttled = throttled
        self.events: list[tuple[str, str, dict]] = []  # (target kind, method, params)
        self.lock = threading.Lock()
        self.next_id = 0
        self.sessions: dict[str, str] = {}
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self._send(None, "Target.setAutoAttach", {"autoAttach": True, "waitForDebuggerOnStart": True,
                                                  "flatten": True})

    def _send(self, session: str | None, method: str, params: dict | None = None) -> None:
        with self.lock:
            self.next_id += 1
            message = {"id": self.next_id, "method": method, "params": params or {}}
            if session:
                message["sessionId"] = session
            self.socket.send(json.dumps(message))

    def _read(self) -> None:
        while True:
            try:
                message = json.loads(self.socket.recv())
            except Exception:  # noqa: BLE001 - the connection closed
                return
            method = message.get("method", "")
            if method == "Target.attachedToTarget":
                self._attached(message["params"])
            elif method.startswith("Network."):
                self.events.append((self.sessions.get(message.get("sessionId"), "?"), method, message["params"]))

    def _attached(self, params: dict) -> None:
        session, kind = params["sessionId"], params["targetInfo"]["type"]
        self.sessions[session] = kind
        self._send(session, "Network.enable")
        if self.throttled and not (kind == "service_worker" and os.environ.get("BENCH_SW_UNTHROTTLED")):
            self._send(session, "Network.emulateNetworkConditions", PROFILE)
            if kind == "page":
                self._send(session, "Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
        self._send(session, "Target.setAutoAttach", {"autoAttach": True, "waitForDebuggerOnStart": True,
                                                     "flatten": True})
        if params.get("waitingForDebugger"):
            self._send(session, "Runtime.runIfWaitingForDebugger")

    def close(self) -> None:
        self.socket.close()


def _label(payload: str) -> str:
    """A websocket frame in a few words: the event a frame sends, or what an answer carries."""
    if payload.startswith("0{"):
        return "engine.io open"
    if payload.startswith("40/_event"):
        name = re.search(r'"name":\s*"([^"]+)"', payload)
        return "socket.io CONNECT" + (f" + {name.group(1).rsplit('.', 1)[-1]}" if name else "")
    if payload in ("2", "3"):
        return "ping" if payload == "2" else "pong"
    if payload.startswith("42/_event"):
        name = re.search(r'"name":\s*"([^"]+)"', payload)
        if name and '"delta"' not in payload[:40]:
            return "event " + name.group(1).rsplit(".", 1)[-1]
        states = re.findall(r'"reflex___state____state[^"]*?([a-z_]+_state)"\s*:', payload)
        events = re.findall(r'"name":\s*"([^"]+)"', payload)
        final = '"final":true' in payload.replace(" ", "")
        return ("answer " + ",".join(sorted({s.split("___")[-1] for s in states}))[:60]
                + (f" events={','.join(e.rsplit('.', 1)[-1] for e in events)}" if events else "")
                + (" final" if final else ""))
    return payload[:40]


def at_least_zero(p: dict, offset: float, start_wall_ms: float) -> bool:
    """An event from before the scenario's start (a socket of the page before)."""
    return p.get("timestamp", 0) * 1000 + offset - start_wall_ms < -1


def timeline(events: list[tuple[str, str, dict]], start_wall_ms: float) -> list[list[str]]:
    """Requests and frames after ``start_wall_ms``, as table rows (ms from the start)."""
    offset = next((p["wallTime"] * 1000 - p["timestamp"] * 1000 for _k, _m, p in events if "wallTime" in p), None)
    requests: dict[str, dict] = {}
    rows: list[tuple[float, list[str]]] = []
    for kind, method, p in events:
        if offset is None or at_least_zero(p, offset, start_wall_ms):
            continue
        at = p.get("timestamp", 0) * 1000 + offset - start_wall_ms
        if method == "Network.requestWillBeSent":
            if kind not in TARGETS or not p["request"]["url"].startswith("http"):
                continue  # the browser's own pages (chrome://), not the app's
            requests[p["requestId"]] = {"url": p["request"]["url"], "start": at, "kind": kind, "from": "network",
                                        "bytes": 0, "type": p.get("type", "")}
        elif method == "Network.responseReceived" and p["requestId"] in requests:
            r = requests[p["requestId"]]
            response = p["response"]
            r["status"] = response.get("status")
            if response.get("fromServiceWorker"):
                r["from"] = "service worker"
            elif response.get("fromDiskCache") or response.get("fromPrefetchCache"):
                r["from"] = "HTTP cache"
        elif method == "Network.requestServedFromCache" and p["requestId"] in requests:
            requests[p["requestId"]]["from"] = "HTTP cache"
        elif method in ("Network.loadingFinished", "Network.loadingFailed") and p["requestId"] in requests:
            r = requests[p["requestId"]]
            r["end"], r["bytes"] = at, p.get("encodedDataLength", 0)
        elif kind not in TARGETS:
            continue
        elif method == "Network.webSocketCreated":
            rows.append((at, [f"{at:7.0f}", "", "websocket created", "", kind]))
        elif method == "Network.webSocketWillSendHandshakeRequest":
            rows.append((at, [f"{at:7.0f}", "", "websocket handshake sent", "", kind]))
        elif method == "Network.webSocketHandshakeResponseReceived":
            rows.append((at, [f"{at:7.0f}", "", "websocket handshake answered", "", kind]))
        elif method in ("Network.webSocketFrameSent", "Network.webSocketFrameReceived"):
            data = p["response"].get("payloadData", "")
            arrow = "->" if method.endswith("Sent") else "<-"
            rows.append((at, [f"{at:7.0f}", "", f"{arrow} {_label(data)}", f"{len(data):,}", kind]))
    for r in requests.values():
        url = re.sub(r"^https?://[^/]+", "", r["url"])[:70]
        end = f"{r['end']:.0f}" if "end" in r else "…"
        rows.append((r["start"], [f"{r['start']:7.0f}", end, f"GET {url} ({r['from']})", f"{r['bytes']:,}",
                                  r["kind"]]))
    return [row for _, row in sorted(rows, key=lambda x: x[0])]


def network_wait_ms(events: list[tuple[str, str, dict]], start_wall_ms: float, end_ms: float) -> float:
    """How long the page waited on the network between its start and ``end_ms``: the union of every interval
    in which a request served by the network, the websocket's handshake, or an event sent and not yet answered
    was outstanding. Unlike the elapsed time, this barely moves with the machine's load (the CPU the page
    spends at 4x is left out), so it counts the round trips themselves."""
    offset = next((p["wallTime"] * 1000 - p["timestamp"] * 1000 for _k, _m, p in events if "wallTime" in p), 0)
    spans, requests, handshake, asked = [], {}, None, None
    page_asks: dict[str, list[float]] = {}  # url -> when the page asked for it (a worker's fetch for it counts)
    for kind, method, p in events:
        if method == "Network.requestWillBeSent" and kind == "page":
            page_asks.setdefault(p["request"]["url"], []).append(p["timestamp"] * 1000 + offset - start_wall_ms)
    for kind, method, p in events:
        if kind not in TARGETS or "timestamp" not in p:
            continue
        at = p["timestamp"] * 1000 + offset - start_wall_ms
        if method == "Network.requestWillBeSent" and p["request"]["url"].startswith("http"):
            # A worker's own fetch (its install, a refresh in the background) keeps no page waiting.
            if kind != "page" and not any(abs(t - at) < 50 for t in page_asks.get(p["request"]["url"], [])):
                continue
            requests[p["requestId"]] = [at, True]
        elif method in ("Network.requestServedFromCache",) and p["requestId"] in requests:
            requests[p["requestId"]][1] = False
        elif method == "Network.responseReceived" and p["requestId"] in requests:
            response = p["response"]
            if response.get("fromServiceWorker") or response.get("fromDiskCache"):
                requests[p["requestId"]][1] = False
        elif method in ("Network.loadingFinished", "Network.loadingFailed") and p["requestId"] in requests:
            begun, from_network = requests.pop(p["requestId"])
            if from_network:
                spans.append((begun, at))
        elif method == "Network.webSocketWillSendHandshakeRequest":
            handshake = at
        elif method == "Network.webSocketHandshakeResponseReceived" and handshake is not None:
            spans.append((handshake, at))
            handshake = None
        elif method == "Network.webSocketFrameSent":
            data = p["response"].get("payloadData", "")
            if asked is None and data not in ("2", "3") and not data.startswith("41"):
                asked = at
        elif method == "Network.webSocketFrameReceived" and asked is not None:
            spans.append((asked, at))
            asked = None
    total, reach = 0.0, 0.0
    for begun, ended in sorted((max(0.0, b), min(e, end_ms)) for b, e in spans if e > 0 and b < end_ms):
        if ended <= reach:
            continue
        total += ended - max(begun, reach)
        reach = ended
    return total


def transferred(events: list[tuple[str, str, dict]], start_wall_ms: float) -> int:
    """Bytes over the network since ``start_wall_ms``: every finished request's encoded length, and websocket
    payloads."""
    total, pages = 0, set()
    offset = next((p["wallTime"] * 1000 - p["timestamp"] * 1000 for _k, _m, p in events if "wallTime" in p), 0)
    for kind, method, p in events:
        if at_least_zero(p, offset, start_wall_ms):
            continue
        if method == "Network.requestWillBeSent" and p["request"]["url"].startswith("http") and kind in TARGETS:
            pages.add(p["requestId"])
        elif method == "Network.loadingFinished" and p["requestId"] in pages:
            total += int(p.get("encodedDataLength", 0))
        elif method in ("Network.webSocketFrameSent", "Network.webSocketFrameReceived"):
            total += len(p["response"].get("payloadData", ""))
    return total


def demo_app(workdir: Path) -> tuple[AppServer, str]:
    """The production app on a temporary SQLite database with the demo data; the demo member's ID."""
    app = AppServer(workdir, {"CE_DATABASE_URL": f"sqlite:///{workdir / 'bench.db'}"})
    for command in ("migrate", "demo"):
        subprocess.run([sys.executable, "-m", "ce_tracker", command], cwd=ROOT, env=app.env, check=True,
                       capture_output=True)
    app.start()
    from sqlmodel import Session, select

    from ce_tracker.db import make_engine
    from ce_tracker.models import Activity, ActivityKind, EventDay, Member, Registration
    engine = make_engine(app.env["CE_DATABASE_URL"])
    with Session(engine) as session:
        member = session.exec(select(Member).where(Member.email == DEMO_LOGIN)).one()
        event = session.exec(select(Activity.id).join(EventDay, EventDay.activity_id == Activity.id)
                             .join(Registration, Registration.event_day_id == EventDay.id)
                             .where(Registration.member_id == member.id, Activity.kind == ActivityKind.EVENT)
                             .order_by(Activity.ends_on.desc())).first()
        app.demo_event = event
        number = member.member_number
    engine.dispose()
    return app, number


def wait_ready(page) -> int:
    page.wait_for_function("window.__ready !== undefined", timeout=60_000, polling=50)
    return page.evaluate("window.__ready")


def run_once(browser, port: int, app: AppServer, number: str, throttled: bool, show: bool) -> dict[str, float]:
    throttle = Throttle(port, throttled)
    context = browser.new_context(viewport={"width": 412, "height": 915}, device_scale_factor=2.625,
                                  is_mobile=True, has_touch=True)
    context.add_init_script(READY_WATCH)
    page = context.new_page()
    figures: dict[str, float] = {}

    def scenario(name: str, start_ms: float, end_ms: float) -> None:
        figures[name] = end_ms - start_ms
        waited = network_wait_ms(throttle.events, start_ms, end_ms - start_ms)
        figures[f"{name}: network"] = waited
        if show:
            print(f"\n-- {name}: {end_ms - start_ms:.0f} ms = {(end_ms - start_ms) / RTT_MS:.1f} round trips; "
                  f"waiting on the network {waited:.0f} ms = {waited / RTT_MS:.1f} round trips")
            rows = [row for row in timeline(throttle.events, start_ms) if float(row[0]) <= end_ms - start_ms + 300]
            print_table(["start ms", "end", "what", "bytes", "target"], rows)

    # first visit: nothing cached
    page.goto(f"{app.url}/login")
    page.get_by_role("button", name="Log in").wait_for(state="visible")
    page.wait_for_function("!document.querySelector('button[type=submit]').disabled", timeout=60_000, polling=50)
    enabled = page.evaluate("Date.now()")
    origin = page.evaluate("performance.timeOrigin")
    scenario("first visit: /login until Log in works", origin, enabled)
    figures["first visit KB"] = transferred(throttle.events, origin) / 1024
    # and what the service worker's install fetches after it (the CME Tracker's pages kept for offline)
    page.wait_for_timeout(1000)
    page.evaluate("navigator.serviceWorker.getRegistration().then((r) => r ? navigator.serviceWorker.ready : null)"
                  ".then(() => true)")
    page.wait_for_timeout(3000)
    figures["first visit KB, with the service worker's install"] = transferred(throttle.events, origin) / 1024
    if show:
        print(f"   first visit transferred {figures['first visit KB']:.0f} KB; with the service worker's install "
              f"{figures['first visit KB, with the service worker' + chr(39) + 's install']:.0f} KB")

    # login -> Home
    page.get_by_label("Email, member ID or username").fill(DEMO_LOGIN)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.evaluate(f"localStorage.setItem('bench-want', {json.dumps(number)})")
    page.evaluate(READY_WATCH)  # the sign-in goes on without a page load: watch this document too
    clicked = page.evaluate("() => { const t = Date.now(); "
                            "document.querySelector('button[type=submit]').click(); return t; }")
    page.wait_for_url(re.compile(r"/home"), timeout=60_000)
    scenario("login -> Home", clicked, wait_ready(page))

    # second visit: everything cached
    page.goto("about:blank")
    page.goto(f"{app.url}/home", wait_until="commit")
    scenario("second visit: Home", page.evaluate("performance.timeOrigin"), wait_ready(page))

    if app.demo_event is not None:
        page.goto(f"{app.url}/cme/{app.demo_event}", wait_until="commit")
        page.get_by_role("button", name=re.compile(r"^Edit ")).first.wait_for()
        page.evaluate("localStorage.setItem('bench-want', 'Up to ')")
        page.goto("about:blank")
        page.goto(f"{app.url}/cme/{app.demo_event}", wait_until="commit")
        scenario("second visit: event sheet", page.evaluate("performance.timeOrigin"), wait_ready(page))
    context.close()
    throttle.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs after the one whose timeline is printed")
    parser.add_argument("--no-throttle", action="store_true", help="measure without the mobile profile")
    args = parser.parse_args()
    print_machine()
    throttled = not args.no_throttle
    print(f"profile: {'150 ms RTT, 1.6 Mbit/s down, 750 kbit/s up, CPU 4x slower' if throttled else 'none'}")
    with tempfile.TemporaryDirectory(prefix="ce-bench-rtt-") as scratch:
        app, number = demo_app(Path(scratch))
        try:
            with sync_playwright() as p:
                port = free_port()
                browser = p.chromium.launch(executable_path=chromium_path(p),
                                            args=[*LAUNCH_ARGS, f"--remote-debugging-port={port}"])
                results = [run_once(browser, port, app, number, throttled, show=True)]
                for _ in range(args.runs):
                    results.append(run_once(browser, port, app, number, throttled, show=False))
                browser.close()
        finally:
            app.stop()
    print(f"\n== {len(results)} runs, median (round trips = ms / {RTT_MS})")
    rows = []
    for name in results[0]:
        values = [r[name] for r in results if name in r]
        median = statistics.median(values)
        if "KB" in name:
            rows.append([name, f"{median:.0f} KB", "", f"{min(values):.0f}-{max(values):.0f}"])
        elif name.endswith(": network"):
            rows.append(["  of which waiting on the network", f"{median:.0f} ms", f"{median / RTT_MS:.1f}",
                         f"{min(values):.0f}-{max(values):.0f}"])
        else:
            rows.append([name, f"{median:.0f} ms", f"{median / RTT_MS:.1f}", f"{min(values):.0f}-{max(values):.0f}"])
    print_table(["scenario", "median", "round trips", "range"], rows)


if __name__ == "__main__":
    main()
