"""A session for a test's person, made the way the login page makes one: a one-use code traded for the token."""

from __future__ import annotations

from datetime import timedelta

from starlette.testclient import TestClient

from ce_tracker.clock import utcnow
from ce_tracker.models import Member
from ce_tracker.services.accounts import sessions
from ce_tracker.web.cookies import SESSION_COOKIE


def handoff_code(units, member_id: int) -> str:
    """The one-use code the login page hands the browser for ``member_id``."""
    with units() as session:
        return sessions.issue_handoff(session=session, member=session.get(Member, member_id), now=utcnow())


def session_token(units, member_id: int) -> str:
    """A live session token for ``member_id`` (what the cookie carries)."""
    code = handoff_code(units, member_id)
    with units() as session:
        return sessions.exchange_handoff(session=session, code=code, now=utcnow(), lifetime=timedelta(hours=1))


def sign_in(client: TestClient, units, member_id: int) -> None:
    """Sign ``client`` in through the backend's own route, keeping the cookie it sets."""
    code = handoff_code(units, member_id)
    cookie = client.post("/auth/session", data={"code": code}, follow_redirects=False).cookies[SESSION_COOKIE]
    client.cookies.set(SESSION_COOKIE, cookie)
