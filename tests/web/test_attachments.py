"""Attachment downloads (R000-19): only the request's member and reviewers, always as an inert download."""

from __future__ import annotations

from datetime import date

import pytest

from ce_tracker.clock import utcnow
from ce_tracker.models import Role
from ce_tracker.services.approvals.attachments import add_attachment
from ce_tracker.web.cookies import SESSION_COOKIE
from tests.utils import factories as f
from tests.utils.signed_in import session_token

PDF = b"%PDF-1.7\n<< /JS (app.alert(1)) >>\n%%EOF\n"


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
    response = client.get(f"/files/attachments/{file_id}", cookies={SESSION_COOKIE: session_token(units, actor.member_id)})
    assert response.status_code == 200 and response.content == PDF
    headers = response.headers
    assert headers["content-type"] == "application/pdf"
    assert headers["content-disposition"] == 'attachment; filename="agenda _final.pdf"'
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["cache-control"] == "private, no-store"
    assert headers["content-security-policy"].startswith("default-src 'none'")


def test_r000_19_another_member_gets_not_found(client, units, stored):
    _, _, stranger, file_id = stored
    cookies = {SESSION_COOKIE: session_token(units, stranger.member_id)}
    response = client.get(f"/files/attachments/{file_id}", cookies=cookies)
    assert response.status_code == 404 and PDF not in response.content
    assert client.get(f"/files/attachments/{file_id + 1}", cookies=cookies).status_code == 404
    assert client.get("/files/attachments/1%20OR%201=1", cookies=cookies).status_code == 404


def test_r000_19_without_a_session_the_browser_is_sent_to_log_in(client, stored):
    for cookies in ({}, {SESSION_COOKIE: "forged"}):
        response = client.get(f"/files/attachments/{stored[3]}", cookies=cookies, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"].endswith("/login")
