"""Sign-ins at a venue: many attendees behind one address signing in at the same moment.

The login page checks the password off the event loop (``Work.off_loop``) and records each attempt as failed
until its password is checked, so parallel guesses are counted exactly. Sign-ins therefore take turns in each
backend worker: otherwise every check still queued would count as a failure of the venue's address, and its
attendees would be told to wait 15 minutes (the per-client limit) for typing the right password.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from types import SimpleNamespace

import pytest
from passlib.hash import argon2
from sqlmodel import select

from ce_tracker import db
from ce_tracker.config import load_settings
from ce_tracker.models import LoginAttempt, Member
from ce_tracker.pages.accounts.login import LoginState
from ce_tracker.services.accounts import sessions
from tests.utils import aio
from tests.utils import factories as f

PASSWORD = "venue-password-2026"
LIGHT = argon2.using(memory_cost=1024, rounds=1, parallelism=1).hash(PASSWORD)  # the check's cost is not the point


class LoginTab(SimpleNamespace):
    """What the login handler reads of its tab: nobody signed in yet, one venue address, where to go next."""

    _shown_member_id = 0  # a fresh tab

    def _actor(self, session):
        return None

    def _keep_sign_in(self, session_token: str) -> None:
        self.kept = session_token

    def _next(self) -> str:
        return "/home"


@pytest.fixture
def venue(engine, units, monkeypatch) -> list[str]:
    """Eight attendees; the venue's address may fail three sign-ins per window."""
    monkeypatch.setattr(db, "get_engine", lambda: engine)
    monkeypatch.setattr(sessions, "default_settings", replace(load_settings(), login_client_limit=3))
    usernames = []
    with units() as session:
        for _ in range(8):
            member = session.get(Member, f.person(session).member_id)
            member.password_hash = LIGHT
            usernames.append(member.username)
    return usernames


def test_attendees_behind_one_address_signing_in_at_once_all_get_in(venue, units):
    tabs = [LoginTab(error="", router=SimpleNamespace(session=SimpleNamespace(client_ip="203.0.113.7")))
            for _ in venue]

    async def all_at_once():
        return await asyncio.gather(*(LoginState.submit.fn(tab, {"identifier": name, "password": PASSWORD})
                                      for tab, name in zip(tabs, venue)))

    replies = aio.run(all_at_once())
    assert [tab.error for tab in tabs] == [""] * len(venue)
    assert all(reply is not None for reply in replies)  # each got the script that trades its code for a cookie
    with units() as session:
        assert [a.succeeded for a in session.exec(select(LoginAttempt))] == [True] * len(venue)
