"""Events sent straight to the backend's websocket, not through the page.

Any browser can send any event with any arguments; these tests do exactly that
with a real Socket.IO client and a real session cookie, and check that the
services refuse and nothing changes.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from ce_tracker.clock import utcnow
from ce_tracker.models import DayCredit, EventSubmission, Member
from ce_tracker.pages.accounts.staff_members import StaffMembersState
from ce_tracker.pages.events.cme_event import CmeEventState
from ce_tracker.rules import CMI, local_date
from ce_tracker.services.events import cme
from tests.e2e.sockets import Socket, session_token
from tests.utils import factories as f

pytestmark = pytest.mark.e2e


@pytest.fixture
def victim_and_intruder(units):
    today = local_date(CMI, utcnow())
    with units() as session:
        victim = f.person(session, name="Victim Member")
        intruder = f.person(session, name="Intruder Member")
        activity = f.event(session, ends_on=today - timedelta(days=2), title="Private Symposium")
        days = f.event_days(session, activity)
        f.register(session, victim, *days)
        for day in days:
            cme.save_day(session=session, actor=victim, event_day_id=day.id, value="2", now=utcnow())
    return victim, intruder, activity, days


def test_forged_save_for_another_members_day_is_refused_and_changes_nothing(app, units, victim_and_intruder):
    victim, intruder, activity, days = victim_and_intruder
    token = session_token(units, intruder)
    sock = Socket(app, token)
    try:
        name = CmeEventState.get_full_name()
        path = f"/cme/{activity.id}"
        sock.send(f"{name}.load", {}, path)
        for forged in ({"day_id": str(days[0].id), "credits": "8"}, {"day_id": days[1].id, "credits": "0"},
                       {"day_id": "1 OR 1=1", "credits": "8"}, "not-a-form"):
            sock.send(f"{name}.save", {"form": forged}, path)
        sock.send(f"{name}.submit", {}, path)
        assert token not in str(sock.all_updates), "the session token must never reach the browser"
    finally:
        sock.close()
    with units() as session:
        credits = session.exec(select(DayCredit).where(DayCredit.event_day_id.in_([d.id for d in days]))).all()
        assert {(c.member_id, str(c.credits)) for c in credits} == {(victim.member_id, "2.00")}
        assert session.exec(select(EventSubmission).where(EventSubmission.activity_id == activity.id)).all() == []


def test_forged_staff_action_from_a_member_is_refused(app, units):
    with units() as session:
        member = f.person(session, name="Plain Member")
    sock = Socket(app, session_token(units, member))
    try:
        name = StaffMembersState.get_full_name()
        form = {"full_name": "Sneaky Staff", "email": "sneaky@example.test", "username": "sneaky",
                "role_staff": "on", "role_member": "on"}
        sock.send(f"{name}.create", {"form": form}, "/staff/members")
    finally:
        sock.close()
    with units() as session:
        assert session.exec(select(Member).where(Member.username == "sneaky")).first() is None


def test_no_cookie_no_action(app, units, victim_and_intruder):
    _, _, activity, days = victim_and_intruder
    sock = Socket(app, "forged-token")
    try:
        name = CmeEventState.get_full_name()
        sock.send(f"{name}.save", {"form": {"day_id": str(days[0].id), "credits": "8"}}, f"/cme/{activity.id}")
    finally:
        sock.close()
    with units() as session:
        credit = session.exec(select(DayCredit).where(DayCredit.event_day_id == days[0].id)).one()
        assert str(credit.credits) == "2.00"


def test_control_the_same_channel_works_for_the_rightful_member(app, units, victim_and_intruder):
    """Proves the refusals above are refusals: the same raw event from the owner is applied."""
    victim, _, activity, days = victim_and_intruder
    sock = Socket(app, session_token(units, victim))
    try:
        name = CmeEventState.get_full_name()
        path = f"/cme/{activity.id}"
        sock.send(f"{name}.load", {}, path)
        sock.send(f"{name}.save", {"form": {"day_id": str(days[0].id), "credits": "3.5"}}, path)
    finally:
        sock.close()
    with units() as session:
        credit = session.exec(select(DayCredit).where(DayCredit.event_day_id == days[0].id)).one()
        assert str(credit.credits) == "3.50"
