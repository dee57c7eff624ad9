"""Security headers on every response, a policy the compiled front end never trips, and secrets that never
reach a URL or the server's log (faults and hostile clients)."""

from __future__ import annotations

import http.client
import os
import re
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from ce_tracker import routes
from sqlalchemy import update
from sqlmodel import select

from ce_tracker.clock import utcnow
from ce_tracker.models import LoginSession, Member, Role
from tests.e2e.browser import one_device
from tests.e2e.server import ROOT
from tests.utils import factories as f
from tests.utils.ui import log_in

MEMBER_PAGES = [routes.HOME, routes.RECORD, routes.COURSES, routes.REQUESTS, routes.NEW_REQUEST, routes.CME,
                routes.RENEWAL, routes.PASSWORD, routes.HELP, routes.CALENDAR, routes.CREDENTIALS,
                routes.VERIFY_CREDENTIAL, routes.PLANNER]
STAFF_PAGES = [routes.STAFF_MEMBERS, routes.STAFF_EVENTS, routes.STAFF_CERTIFICATES, routes.STAFF_RENEWALS,
               routes.STAFF_COURSES, routes.REVIEW, routes.STAFF_IMPORT, routes.STAFF_PROGRAMS]

# Every securitypolicyviolation the page sees, kept on window for the test to read.
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
  e => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
"""


def _headers(url: str) -> dict[str, str]:
    """Response headers of ``url`` without following redirects (a 3xx or 4xx is a response too)."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        with urllib.request.build_opener(NoRedirect).open(url, timeout=20) as response:
            return {k.lower(): v for k, v in response.headers.items()}
    except urllib.error.HTTPError as error:
        return {k.lower(): v for k, v in error.headers.items()}


def _account(units, *roles: Role, name: str) -> tuple[str, str]:
    with units() as session:
        actor = f.person(session, *roles, name=name, certified_on=f.date(2024, 3, 1))
        member = session.get(Member, actor.member_id)
        return member.email, member.username


def test_every_kind_of_response_carries_the_security_headers(app):
    html = urllib.request.urlopen(f"{app.url}{routes.LOGIN}", timeout=20).read().decode()
    script = re.search(r'"(/[^"]+\.js)"', html).group(1)  # a compiled bundle, served as a static file
    targets = [routes.LOGIN, routes.HOME, "/no-such-page", "/healthz", "/files/record.csv", script]
    for target in targets:
        headers = _headers(f"{app.url}{target}")
        policy = headers.get("content-security-policy", "")
        assert "frame-ancestors 'none'" in policy and "default-src 'self'" in policy, (target, headers)
        assert headers.get("x-frame-options") == "DENY", target
        assert headers.get("referrer-policy") == "same-origin", target
        assert headers.get("x-content-type-options") == "nosniff", target


@pytest.mark.parametrize("roles", [(Role.MEMBER,), (Role.STAFF, Role.REVIEWER)], ids=["member", "staff"])
def test_the_pages_run_under_the_policy_without_a_single_violation(page: Page, app, units, roles):
    """A policy that broke the app would be switched off by the first operator who met it."""
    complaints: list[str] = []
    page.on("console", lambda m: complaints.append(m.text) if "Content Security Policy" in m.text else None)
    page.add_init_script(RECORD_VIOLATIONS)
    email, _ = _account(units, *roles, name=f"Polly Policy {roles[0].value}")
    log_in(page, app, email, f.PASSWORD)
    pages = MEMBER_PAGES if roles == (Role.MEMBER,) else STAFF_PAGES
    for path in pages:
        page.goto(f"{app.url}{path}")
        page.locator("h1").first.wait_for()
        page.wait_for_timeout(300)
        assert page.evaluate("window.__csp") == [], path
    assert complaints == []


@one_device("desktop")
def test_r002_03_no_token_code_or_password_in_a_url_or_the_server_log(page: Page, app, units, inbox):
    email, username = _account(units, name="Tess Token")
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    log_in(page, app, email, f.PASSWORD)
    session_token = next(c["value"] for c in page.context.cookies() if c["name"] == "ce_session")
    assert not any("code=" in u or session_token in u for u in requested)

    page.goto(f"{app.url}{routes.FORGOT}")
    page.get_by_label("Email, member ID or username").fill(username)
    page.get_by_role("button", name="Submit", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("If that email")
    for _ in range(50):
        if inbox.to(email):
            break
        page.wait_for_timeout(200)
    link = re.search(r"(http\S+/reset-password\?token=\S+)", inbox.to(email)[-1].get_payload(decode=True).decode())
    reset_token = link.group(1).split("token=")[1]
    page.goto(link.group(1))
    expect(page.get_by_role("heading", name="Choose a new password")).to_be_visible()
    expect(page).not_to_have_url(re.compile("token="))  # out of the address bar and the history entry
    opened = len(requested)  # the link itself (and its trailing-slash redirect) carried the token
    page.reload()  # the tidied address still works: the tab's server-side state kept the token
    page.get_by_label("New password", exact=True).fill("another-long-secret")
    page.get_by_label("Repeat the new password").fill("another-long-secret")
    page.get_by_role("button", name="Set password").click()
    page.wait_for_url(re.compile(r"/login/?\?reset=1"))
    later = requested[opened:]
    assert not [u for u in later if reset_token in u]

    log = app.log.read_text(errors="replace")
    for secret in (session_token, reset_token, f.PASSWORD, "another-long-secret"):
        assert secret not in log


def _tab_state(page: Page) -> str:
    """The tab's Reflex state token, saved to sessionStorage once the page's socket connects."""
    return page.wait_for_function("sessionStorage.getItem('token')").json_value()


def test_signing_out_and_in_starts_a_new_tab_state(page: Page, app, units):
    """The tab's Reflex state may hold the last person's rows; the next person must never inherit it."""
    first, _ = _account(units, name="Ona First")
    second, _ = _account(units, name="Tom Second")
    log_in(page, app, first, f.PASSWORD)
    states = [_tab_state(page)]
    page.get_by_role("button", name="Account menu").click()
    page.get_by_role("menuitem", name="Log out").click()
    page.wait_for_url(re.compile(r"/login/?\?signed_out=1"))
    expect(page.get_by_text("You are logged out.")).to_be_visible()
    states.append(_tab_state(page))
    log_in(page, app, second, f.PASSWORD)
    states.append(_tab_state(page))
    # Logging out gives the tab a new state; the next person signs in on that one (it never showed anyone).
    assert states[1] != states[0] and states[2] == states[1] and None not in states
    expect(page.get_by_text("Ona First")).to_have_count(0)


def test_r002_02_signing_in_goes_on_without_a_page_load_and_the_cookie_is_set_first(page: Page, app, units):
    email, _ = _account(units, name="Quinn Quick")
    page.goto(f"{app.url}{routes.LOGIN}")
    page.evaluate("window.__samePage = true")
    page.get_by_label("Email, member ID or username").fill(email)
    page.get_by_label("Password").fill(f.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/home"))
    expect(page.get_by_role("heading", name="Home", exact=True)).to_be_visible()
    assert page.evaluate("window.__samePage === true")  # the page went on: no page load
    page.reload()  # the cookie was set before Home showed: a page load right after is signed in
    expect(page.get_by_role("heading", name="Home", exact=True)).to_be_visible()
    expect(page.get_by_text("Quinn Quick").first).to_be_attached()


def test_a_sign_in_signs_in_its_own_connection_not_whoever_has_the_tabs_token(page: Page, browser, app, units):
    """The connection that signed in is signed in before its cookie exists; a second connection presenting the
    same tab token (it travels in the websocket's address) is not, without the cookie."""
    email, _ = _account(units, name="Rhea Token")
    log_in(page, app, email, f.PASSWORD)
    token = _tab_state(page)
    other = browser.new_context()
    try:
        other.add_init_script(f"sessionStorage.setItem('token', {token!r})")
        stranger = other.new_page()
        stranger.goto(f"{app.url}{routes.HOME}")
        stranger.wait_for_url(re.compile(r"/login"))
        expect(stranger.get_by_role("heading", name="Log in")).to_be_visible()
        expect(stranger.get_by_text("Rhea Token")).to_have_count(0)
    finally:
        other.close()


def test_logging_out_ends_the_one_session_the_sign_in_opened(page: Page, app, units):
    email, _ = _account(units, name="Lou Out")
    log_in(page, app, email, f.PASSWORD)
    page.get_by_role("button", name="Account menu").click()
    page.get_by_role("menuitem", name="Log out").click()
    page.wait_for_url(re.compile(r"/login"))
    with units() as session:
        member = session.exec(select(Member).where(Member.email == email)).one()
        rows = session.exec(select(LoginSession).where(LoginSession.member_id == member.id)).all()
    assert len(rows) == 1 and rows[0].revoked_at is not None  # page and cookie were one session; it is over


def test_a_tab_that_showed_someone_else_gives_the_next_person_a_new_state(page: Page, app, units):
    """Ona's session ends while her tab is open; Tom signs in on that tab: not on the state that showed her."""
    first, _ = _account(units, name="Ona Expired")
    second, _ = _account(units, name="Tom Next")
    log_in(page, app, first, f.PASSWORD)
    shown_ona = _tab_state(page)
    with units() as session:
        ona = session.exec(select(Member).where(Member.email == first)).one()
        session.execute(update(LoginSession).where(LoginSession.member_id == ona.id).values(revoked_at=utcnow()))
    page.get_by_role("navigation", name="Main").get_by_role("link", name="CME Tracker").click()
    page.wait_for_url(re.compile(r"/login"))
    log_in(page, app, second, f.PASSWORD)
    assert _tab_state(page) != shown_ona
    expect(page.get_by_text("Tom Next").first).to_be_attached()
    expect(page.get_by_text("Ona Expired")).to_have_count(0)


# --- another origin, even a sibling subdomain that receives the cookie, gets nothing -----------------

FOREIGN = "https://evil.example.org"


def test_a_websocket_from_another_origin_is_refused_even_with_a_valid_cookie(app, units):
    import socketio

    from tests.e2e.sockets import Socket, session_token

    with units() as session:
        staff = f.person(session, Role.STAFF, name="Orrin Origin")
    token = session_token(units, staff)
    own = Socket(app, token, origin=app.url)  # the app's own pages connect as before
    own.close()
    with pytest.raises(socketio.exceptions.ConnectionError):
        Socket(app, token, origin=FOREIGN)


def test_a_credentialed_cross_origin_request_gets_no_readable_body(app, units):
    """Without Access-Control-Allow-Origin for it the browser hides the body; the app also refuses outright."""
    from tests.e2e.sockets import session_token

    with units() as session:
        member = f.person(session, name="Cora Cors", certified_on=f.date(2024, 3, 1))
    token = session_token(units, member)
    for path in ("/files/record.csv", routes.LOGIN, "/healthz"):
        request = urllib.request.Request(f"{app.url}{path}", headers={"Cookie": f"ce_session={token}",
                                                                      "Origin": FOREIGN})
        try:
            with urllib.request.urlopen(request, timeout=20) as response:
                status, headers, body = response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            status, headers, body = error.code, error.headers, error.read()
        assert headers.get("access-control-allow-origin") is None, path
        assert status == 403 and b"Date," not in body, (path, status, body[:200])
    preflight = urllib.request.Request(f"{app.url}/files/record.csv", method="OPTIONS", headers={
        "Origin": FOREIGN, "Access-Control-Request-Method": "GET"})
    try:
        urllib.request.urlopen(preflight, timeout=20)
        raise AssertionError("the preflight from another origin was answered")
    except urllib.error.HTTPError as error:
        assert error.headers.get("access-control-allow-origin") is None
    own = urllib.request.Request(f"{app.url}/files/record.csv", headers={"Cookie": f"ce_session={token}",
                                                                         "Origin": app.url})
    with urllib.request.urlopen(own, timeout=20) as response:
        assert response.status == 200


def _server_rss_kb(app) -> int:
    """Resident memory of the app's whole process group (the reflex runner and its backend worker)."""
    total = 0
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
            if os.getpgid(int(status.parent.name)) != app.process.pid:
                continue
        except (OSError, ProcessLookupError):
            continue
        total += int(re.search(r"VmRSS:\s+(\d+)", text).group(1)) if "VmRSS" in text else 0
    return total


def _stream_upload(app, headers: dict[str, str], megabytes: int) -> tuple[int, int, float]:
    """POST a chunked multipart body of ``megabytes`` to Reflex's upload route; (status, bytes sent, seconds)."""
    connection = http.client.HTTPConnection("localhost", app.port, timeout=60)
    started, sent = time.monotonic(), 0
    connection.putrequest("POST", "/_upload")
    for name, value in {**headers, "Transfer-Encoding": "chunked",
                        "Content-Type": "multipart/form-data; boundary=b0undary"}.items():
        connection.putheader(name, value)
    connection.endheaders()
    head = b'--b0undary\r\nContent-Disposition: form-data; name="files"; filename="big.pdf"\r\n\r\n'
    chunk = b"%PDF" + b"\0" * (1024 * 1024 - 4)
    try:
        for piece in [head, *[chunk] * megabytes]:
            connection.send(b"%x\r\n%s\r\n" % (len(piece), piece))
            sent += len(piece)
        connection.send(b"0\r\n\r\n")
    except OSError:  # the server answered and closed the connection: stop sending, as a browser would
        pass
    status = connection.getresponse().status
    connection.close()
    return status, sent, time.monotonic() - started


def test_the_real_upload_route_refuses_a_huge_body_quickly_without_storing_or_buffering_it(app, units):
    from reflex.utils.format import format_event_handler

    from ce_tracker.pages.approvals.requests import RequestState
    from ce_tracker.pages.events.staff_event import StaffEventState
    from tests.e2e.sockets import session_token

    with units() as session:
        member = f.person(session, name="Ulla Upload")
    handler = {"reflex-client-token": str(uuid.uuid4()),
               "reflex-event-handler": format_event_handler(RequestState.upload)}
    cookie = {"Cookie": f"ce_session={session_token(units, member)}"}
    uploads = ROOT / "uploaded_files"
    before_files = sorted(uploads.rglob("*")) if uploads.exists() else []
    before_rss = _server_rss_kb(app)

    status, sent, seconds = _stream_upload(app, {**handler, **cookie}, megabytes=300)
    assert status == 413 and seconds < 30, (status, seconds)
    assert sent < 300 * 1024 * 1024, "the whole 300 MB went in before the refusal"
    growth_mb = (_server_rss_kb(app) - before_rss) / 1024
    print(f"upload refused: {status} after {sent / 2**20:.1f} MB sent in {seconds:.2f} s; "
          f"server memory {before_rss / 1024:.0f} MB -> {before_rss / 1024 + growth_mb:.0f} MB")
    assert growth_mb < 40, f"the server grew by {growth_mb:.0f} MB"

    declared = http.client.HTTPConnection("localhost", app.port, timeout=20)
    declared.request("POST", "/_upload", body=b"", headers={**handler, **cookie, "Content-Length": str(10**9)})
    assert declared.getresponse().status == 413
    declared.close()
    anonymous, _, _ = _stream_upload(app, handler, megabytes=1)
    not_staff, _, _ = _stream_upload(app, {**handler, **cookie, "reflex-event-handler": format_event_handler(
        StaffEventState.import_upload)}, megabytes=1)
    assert (anonymous, not_staff) == (401, 403)
    assert (sorted(uploads.rglob("*")) if uploads.exists() else []) == before_files
