"""The backend's own HTTP routes, called in-process: cookies, refusals, headers."""

from __future__ import annotations

from datetime import timedelta

from ce_tracker.clock import utcnow
from ce_tracker.models import Member
from ce_tracker.routes import safe_next
from ce_tracker.services.accounts import sessions
from ce_tracker.web.cookies import SESSION_COOKIE, token_from_header
from tests.utils import factories as f


def _handoff(units):
    with units() as session:
        actor = f.person(session)
        member = session.get(Member, actor.member_id)
        return sessions.issue_handoff(session=session, member=member, now=utcnow())


def test_handoff_sets_an_httponly_samesite_cookie_once(client, units):
    code = _handoff(units)
    response = client.post("/auth/session", data={"code": code, "next": "/cme"}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].endswith("/cme")
    cookie = response.headers["set-cookie"]
    assert f"{SESSION_COOKIE}=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    again = client.post("/auth/session", data={"code": code}, follow_redirects=False)
    assert "expired=1" in again.headers["location"] and "set-cookie" not in again.headers


def test_next_never_leaves_the_site(client, units):
    code = _handoff(units)
    response = client.post("/auth/session", data={"code": code, "next": "//evil.example/x"}, follow_redirects=False)
    assert response.headers["location"] == "http://localhost:3000/home"
    for bad in ("https://evil.example", "//evil.example", "/\\evil.example", "", None, "x" * 400):
        assert safe_next(bad) == "/home"


def test_pdf_needs_a_session(client):
    response = client.get("/files/certificates/CME-2026-AAAA.pdf", follow_redirects=False)
    assert response.status_code == 303 and "/login" in response.headers["location"]


def test_logout_revokes_the_session_and_clears_the_cookie(client, units):
    code = _handoff(units)
    token = token_from_header(client.post("/auth/session", data={"code": code}, follow_redirects=False)
                              .headers["set-cookie"].split(";")[0])
    with units() as session:
        assert sessions.actor_for_token(session=session, token=token, now=utcnow()) is not None
    client.cookies.set(SESSION_COOKIE, token)
    response = client.post("/auth/logout", follow_redirects=False)
    assert 'ce_session=""' in response.headers["set-cookie"]
    with units() as session:
        assert sessions.actor_for_token(session=session, token=token, now=utcnow() + timedelta(seconds=1)) is None


def test_every_response_carries_protective_headers(client):
    response = client.get("/healthz")
    assert response.text == "ok"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "same-origin"
    assert response.headers["x-content-type-options"] == "nosniff"
    policy = response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy and "default-src 'self'" in policy and "object-src 'none'" in policy


def test_sign_in_codes_and_logout_are_never_a_get(client, units):
    """A code in a query string would sit in history and access logs; a GET logout is a CSRF toy."""
    code = _handoff(units)
    assert client.get(f"/auth/session?code={code}", follow_redirects=False).status_code == 405
    assert client.get("/auth/logout", follow_redirects=False).status_code == 405
    # The refused GET did not spend the code: the POST still works.
    assert "set-cookie" in client.post("/auth/session", data={"code": code}, follow_redirects=False).headers


def test_a_cross_site_form_cannot_sign_a_visitor_in_or_out(client, units):
    """Login CSRF: another site posting an attacker's code must not set a cookie, nor spend the code."""
    code = _handoff(units)
    evil = {"origin": "https://evil.example"}
    refused = client.post("/auth/session", data={"code": code}, headers=evil, follow_redirects=False)
    assert refused.status_code == 403 and "set-cookie" not in refused.headers
    assert client.post("/auth/logout", headers=evil, follow_redirects=False).status_code == 403
    same = client.post("/auth/session", data={"code": code}, headers={"origin": "http://localhost:3000"},
                       follow_redirects=False)
    assert "set-cookie" in same.headers
