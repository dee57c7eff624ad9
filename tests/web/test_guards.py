"""The ASGI guards and headers, called in-process: foreign origins, uploads, HSTS, the cookie name."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

import ce_tracker.db as db
import ce_tracker.web.guards as guards
import ce_tracker.web.routes as routes
from ce_tracker.clock import utcnow
from ce_tracker.config import load_settings
from ce_tracker.models import Member, Role
from ce_tracker.services.accounts import sessions
from ce_tracker.web.cookies import session_cookie_name
from tests.utils import factories as f

OWN = "http://localhost:3000"
MEMBER_HANDLER, STAFF_HANDLER = "state.requests.upload", "state.staff_event.import_upload"
LIMIT = 1024 * 1024


def test_settings_allow_only_the_apps_own_origins(monkeypatch):
    monkeypatch.setenv("CE_PUBLIC_URL", "https://ce.example.org/")
    monkeypatch.setenv("CE_API_URL", "https://api.ce.example.org")
    assert load_settings().allowed_origins == ("https://ce.example.org", "https://api.ce.example.org")
    monkeypatch.delenv("CE_PUBLIC_URL")
    monkeypatch.delenv("CE_API_URL")
    assert "http://localhost:3000" in load_settings().allowed_origins
    assert "http://127.0.0.1:8000" in load_settings().allowed_origins


def test_a_foreign_origin_is_refused_on_every_route():
    client = TestClient(guards.origin_guard(routes.api, allowed=[OWN]), base_url=OWN)
    for path in ("/healthz", "/files/record.csv", "/files/attachments/1", "/auth/logout"):
        response = client.get(path, headers={"origin": "https://sibling.example.org"})
        assert response.status_code == 403 and "access-control-allow-origin" not in response.headers, path
    with pytest.raises(Exception):  # the websocket handshake is closed before it is accepted
        with client.websocket_connect("/_event/", headers={"origin": "https://sibling.example.org"}):
            pass


def test_the_cookie_takes_the_host_prefix_over_https():
    assert session_cookie_name(True) == "__Host-ce_session"
    assert session_cookie_name(False) == "ce_session"


def test_hsts_only_when_served_over_https(monkeypatch):
    plain = replace(load_settings(), public_url="http://localhost:3000", trusted_proxy_hops=0)
    monkeypatch.setattr(routes, "settings", plain)
    assert not routes.served_over_https({"scheme": "http", "headers": [(b"x-forwarded-proto", b"https")]})
    monkeypatch.setattr(routes, "settings", replace(plain, trusted_proxy_hops=1))
    assert routes.served_over_https({"scheme": "http", "headers": [(b"x-forwarded-proto", b"https")]})
    assert not routes.served_over_https({"scheme": "http", "headers": [(b"x-forwarded-proto", b"http")]})
    monkeypatch.setattr(routes, "settings", replace(plain, public_url="https://ce.example.org"))
    response = TestClient(routes.security_headers(routes.api)).get("/healthz")
    assert response.headers["strict-transport-security"].startswith("max-age=31536000")
    monkeypatch.setattr(routes, "settings", plain)
    assert "strict-transport-security" not in TestClient(routes.security_headers(routes.api)).get(
        "/healthz").headers


# --- uploads ----------------------------------------------------------------------------------------------------


@pytest.fixture
def stored():
    """What the stand-in for Reflex's upload route parsed and kept (it reads the whole form, as Reflex does)."""
    return []


@pytest.fixture
def upload_client(engine, monkeypatch, stored):
    monkeypatch.setattr(db, "get_engine", lambda: engine)

    async def upload(request: Request):
        form = await request.form(max_part_size=100 * LIMIT)
        stored.append(sum([len(await part.read()) for part in form.getlist("files")]))
        return PlainTextResponse("stored")

    inner = Starlette(routes=[Route("/_upload", upload, methods=["POST"])])
    guarded = guards.upload_guard(inner, handlers={MEMBER_HANDLER: Role.MEMBER, STAFF_HANDLER: Role.STAFF},
                                  limit=lambda: LIMIT)
    return TestClient(guarded, base_url=OWN)


def _cookie(units, *roles) -> dict[str, str]:
    with units() as session:
        actor = f.person(session, *roles)
        code = sessions.issue_handoff(session=session, member=session.get(Member, actor.member_id), now=utcnow())
    with units() as session:
        from datetime import timedelta
        token = sessions.exchange_handoff(session=session, code=code, now=utcnow(), lifetime=timedelta(hours=1))
    return {"cookie": f"ce_session={token}"}


def _multipart(size: int) -> tuple[bytes, str]:
    boundary = "guardboundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.csv\"\r\n"
            f"Content-Type: text/csv\r\n\r\n").encode() + b"x" * size + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def test_an_upload_within_the_limit_from_a_member_reaches_the_route(upload_client, units, stored):
    body, kind = _multipart(1000)
    response = upload_client.post("/_upload", content=body, headers={
        **_cookie(units), "content-type": kind, "reflex-event-handler": MEMBER_HANDLER})
    assert response.text == "stored" and stored == [1000]


def test_anonymous_wrong_role_and_unknown_handlers_are_refused_before_the_body(upload_client, units,
                                                                                          stored):
    body, kind = _multipart(1000)
    anonymous = upload_client.post("/_upload", content=body, headers={"content-type": kind,
                                                                       "reflex-event-handler": MEMBER_HANDLER})
    member = _cookie(units)
    not_staff = upload_client.post("/_upload", content=body, headers={
        **member, "content-type": kind, "reflex-event-handler": STAFF_HANDLER})
    other = upload_client.post("/_upload", content=body, headers={
        **member, "content-type": kind, "reflex-event-handler": "state.home.anything"})
    assert (anonymous.status_code, not_staff.status_code, other.status_code) == (401, 403, 403)
    assert upload_client.get("/_upload/some-file.csv").status_code == 404
    assert stored == []


def test_a_declared_oversized_body_is_refused_at_once(upload_client, units, stored):
    body, kind = _multipart(3 * LIMIT)
    response = upload_client.post("/_upload", content=body, headers={
        **_cookie(units), "content-type": kind, "reflex-event-handler": MEMBER_HANDLER})
    assert response.status_code == 413 and stored == []


def test_a_streamed_body_without_a_length_is_cut_off_at_the_limit(upload_client, units, stored):
    """20 times the limit, sent in chunks with no Content-Length: refused, nothing kept.

    (The in-process client buffers what it sends; tests/e2e/test_security_e2e.py streams a real socket and
    watches the server's memory.)
    """
    head, kind = _multipart(0)

    def chunks():
        yield head[:-len(b"\r\n--guardboundary--\r\n")]
        for _ in range(20 * 16):
            yield b"y" * (64 * 1024)

    started = time.monotonic()
    response = upload_client.post("/_upload", content=chunks(), headers={
        **_cookie(units), "content-type": kind, "reflex-event-handler": MEMBER_HANDLER})
    assert response.status_code == 413 and stored == []
    assert time.monotonic() - started < 10
