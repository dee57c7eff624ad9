"""Attachment downloads (R000-19): only the request's member and reviewers, always as an inert download."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from starlette.testclient import TestClient

import ce_tracker.db as db
from ce_tracker.clock import utcnow
from ce_tracker.models import Member, Role
from ce_tracker.services.accounts import sessions
from ce_tracker.services.approvals.attachments import add_attachment
from ce_tracker.web.cookies import SESSION_COOKIE
from ce_tracker.web.routes import api, security_headers
from tests.utils import factories as f

PDF = b"%PDF-1.7\n<< /JS (app.alert(1)) >>\n%%EOF\n"


@pytest.fixture
def client(engine, monkeypatch):
    monkeypatch.setattr(db, "get_engine", lambda: engine)
    return TestClient(security_headers(api), base_url="http://localhost:3000")


def _token(units, actor) -> str:
    with units() as session:
        code = sessions.issue_handoff(session=session, member=session.get(Member, actor.member_id), now=utcnow())
    with units() as session:
        return sessions.exchange_handoff(session=session, code=code, now=utcnow(), lifetime=timedelta(hours=1))


@pytest.fixture
def stored(units):
    """A member's request with one attached PDF, a reviewer, and an unrelated member."""
    today = date.today()
    with units() as session:
        member = f.person(session, certified_on=date(2024, 1, 1))
        reviewer = f.person(session, Role.REVIEWER)
        stranger = f.person(session, certified_on=date(2024, 1, 1))
        request = f.approval_request(session, member, ends_on=today, now=f.at(today))
        file = add_attachment(session=session, actor=member, request_id=request.id,
                              filename="agenda (final).pdf", data=PDF, now=utcnow(), max_bytes=10_000)
    return member, reviewer, stranger, file.id


@pytest.mark.parametrize("who", [0, 1])
def test_r000_19_the_member_and_a_reviewer_download_it_with_protective_headers(client, units, stored, who):
    actor, file_id = stored[who], stored[3]
    response = client.get(f"/files/attachments/{file_id}", cookies={SESSION_COOKIE: _token(units, actor)})
    assert response.status_code == 200 and response.content == PDF
    headers = response.headers
    assert headers["content-type"] == "application/pdf"
    assert headers["content-disposition"] == 'attachment; filename="agenda _final.pdf"'
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["cache-control"] == "private, no-store"
    assert headers["content-security-policy"].startswith("default-src 'none'")


def test_r000_19_another_member_gets_not_found(client, units, stored):
    _, _, stranger, file_id = stored
    cookies = {SESSION_COOKIE: _token(units, stranger)}
    response = client.get(f"/files/attachments/{file_id}", cookies=cookies)
    assert response.status_code == 404 and PDF not in response.content
    assert client.get(f"/files/attachments/{file_id + 1}", cookies=cookies).status_code == 404
    assert client.get("/files/attachments/1%20OR%201=1", cookies=cookies).status_code == 404


def test_r000_19_without_a_session_the_browser_is_sent_to_log_in(client, stored):
    for cookies in ({}, {SESSION_COOKIE: "forged"}):
        response = client.get(f"/files/attachments/{stored[3]}", cookies=cookies, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"].endswith("/login")
