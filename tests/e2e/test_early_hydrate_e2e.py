"""A page opened again asks for its state before its scripts have run (assets/offline/early_socket.js).

From the second page load on, the early socket sends Reflex's own CONNECT with the hydrate as soon as it opens,
and Reflex's client, once booted, takes the answers as its own. What must hold: the server is asked exactly
once per page load when the two agree; when they do not (the phone noted other hashes), ours is withdrawn and
the client's goes, and the page still shows the member's own data; a page with a part in its path (the event
sheet) asks with that part, as React Router would. The member sees the same pages either way (R000-03, R002-06).
"""

from __future__ import annotations

import json
import re
from datetime import timedelta

from playwright.sync_api import Page, expect

from ce_tracker import routes
from ce_tracker.clock import utcnow
from ce_tracker.models import Member
from ce_tracker.rules import CMI, local_date
from tests.utils import factories as f
from tests.utils.ui import log_in

BOOT_KEY = "ce-boot:v1"


def _frames_sent(page: Page) -> list[str]:
    """Every text frame the page's websockets send, in order (the early socket's and the client's alike)."""
    sent: list[str] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(
        payload if isinstance(payload, str) else "")))
    return sent


def _namespace_packets(sent: list[str]) -> list[str]:
    """The socket.io CONNECT (40) and DISCONNECT (41) packets of Reflex's namespace, by kind."""
    return [frame[:2] for frame in sent if re.match(r"^4[01]/_event,", frame)]


def _member(units, who: str) -> tuple[str, str, int]:
    today = local_date(CMI, utcnow())
    with units() as session:
        member = f.person(session, name=f"Ada Early {who}", certified_on=today - timedelta(days=400))
        event = f.event(session, ends_on=today - timedelta(days=1), title=f"Early Meeting {who}")
        f.register(session, member, *f.event_days(session, event))
        row = session.get(Member, member.member_id)
        return row.email, row.member_number, event.id


def test_r000_03_home_opened_again_asks_for_its_state_once_before_the_scripts(page: Page, app, units, device):
    email, number, _ = _member(units, "first " + ("phone" if device.get("has_touch") else "desktop"))
    log_in(page, app, email, f.PASSWORD)
    expect(page.get_by_text(number)).to_be_visible()
    noted = page.evaluate(f"JSON.parse(localStorage.getItem({json.dumps(BOOT_KEY)}))")
    assert noted["build"].startswith("/assets/manifest-") and noted["hashes"] and noted["schema"]

    sent = _frames_sent(page)
    page.goto(f"{app.url}{routes.HOME}")
    expect(page.get_by_text(number)).to_be_visible()
    page.wait_for_timeout(300)
    assert _namespace_packets(sent) == ["40"], sent[:6]
    connect = json.loads(next(frame for frame in sent if frame.startswith("40/_event,"))[len("40/_event,"):])
    assert page.evaluate("window.__ceHydrate") == "claimed"  # sent by the early socket, taken by the client
    assert connect["event"]["router_data"]["pathname"].rstrip("/") == routes.HOME
    assert connect["event"]["payload"]["hashes"] == noted["hashes"]


def test_r002_06_event_sheet_opened_again_asks_with_its_event(page: Page, app, units):
    email, _, event_id = _member(units, "sheet")
    log_in(page, app, email, f.PASSWORD)
    sheet = f"{app.url}{routes.cme_event(event_id)}"
    page.goto(sheet)
    expect(page.get_by_role("heading", name="Early Meeting sheet")).to_be_visible()
    sent = _frames_sent(page)
    page.goto(sheet)
    expect(page.get_by_role("button", name=re.compile(r"^Edit ")).first).to_be_visible()
    page.wait_for_timeout(300)
    assert _namespace_packets(sent) == ["40"], sent[:6]
    connect = json.loads(next(frame for frame in sent if frame.startswith("40/_event,"))[len("40/_event,"):])
    assert connect["event"]["router_data"]["query"] == {"event_id": str(event_id)}
    assert page.evaluate("window.__ceHydrate") == "claimed"


def test_r000_03_other_hashes_on_the_phone_are_withdrawn_and_the_page_is_right(page: Page, app, units):
    email, number, _ = _member(units, "stale")
    log_in(page, app, email, f.PASSWORD)
    expect(page.get_by_text(number)).to_be_visible()
    # As if an older copy of this build had noted other defaults: the server would leave out states it thinks
    # the page already holds.
    page.evaluate(f"""(() => {{
        const noted = JSON.parse(localStorage.getItem({json.dumps(BOOT_KEY)}));
        noted.hashes = noted.hashes.map((hash) => hash.split("").reverse().join(""));
        localStorage.setItem({json.dumps(BOOT_KEY)}, JSON.stringify(noted));
    }})()""")
    sent = _frames_sent(page)
    page.goto(f"{app.url}{routes.HOME}")
    expect(page.get_by_text(number)).to_be_visible()
    expect(page.get_by_role("region", name="Your next steps")).to_contain_text("Early Meeting stale")
    page.wait_for_timeout(300)
    assert _namespace_packets(sent) == ["40", "41", "40"], sent[:6]
    assert page.evaluate("window.__ceHydrate") == "withdrawn"
    # and the page goes on working: the event sheet, one tap away
    page.get_by_role("link", name="Enter credits").first.click()
    expect(page.get_by_role("button", name=re.compile(r"^Edit ")).first).to_be_visible()
