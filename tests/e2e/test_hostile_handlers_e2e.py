"""Every event handler of every state class, called with hostile arguments.

The handlers are found by walking the app's state tree, so a handler added tomorrow is called here too.
Each is called by an anonymous visitor and by a signed-in member who owns nothing, with another member's
IDs, wrong types, huge strings and injection attempts, straight over the backend's websocket. Afterwards
every row of every table must be exactly as before (the callers' own sign-in bookkeeping aside), and the
other member's name and email must never have reached the callers.
"""

from __future__ import annotations

import inspect
import re
from dataclasses import replace
from datetime import timedelta

import pytest
import reflex as rx
from sqlmodel import select

import ce_tracker.ce_tracker  # noqa: F401  (registers every page and its state)
from ce_tracker.clock import utcnow
from ce_tracker.config import settings
from ce_tracker.models import Member, OutboxEmail
from ce_tracker.rules import CMI, local_date
from ce_tracker.services import mail
from ce_tracker.services.events import cme
from ce_tracker.services.renewal import applications
from tests.e2e.sockets import Socket, session_token
from tests.utils import factories as f
from tests.utils.tables import snapshot

pytestmark = pytest.mark.e2e
HUGE = "A" * 50_000
OWN_BOOKKEEPING = {"loginattempt", "loginsession", "calendarfeed"}  # the caller's own records may change
SELF_ONLY = {"logout"}  # affects only the caller's own session; called last, and its audit row is the caller's
OWN_ACTIONS = SELF_ONLY | {"calendar_feed_created", "calendar_feed_revoked"}  # the caller's own calendar URL


def state_classes(root: type[rx.State] = rx.State):
    """The app's state classes, walked from Reflex's root state (Reflex's own internal states left out)."""
    for state in root.get_substates():
        if state.__module__.startswith("ce_tracker"):
            yield state
        yield from state_classes(state)


def handlers() -> list[tuple[str, str, list[str], set[str]]]:
    """(state, handler, parameter names, field names its code mentions) for every event handler."""
    found = []
    for state in state_classes():
        for name, handler in state.event_handlers.items():
            params = list(inspect.signature(handler.fn).parameters)[1:]
            fields = set(re.findall(r"[\"']([a-z][a-z0-9_]{1,40})[\"']", inspect.getsource(handler.fn)))
            found.append((state.get_full_name(), name, params, fields))
    return sorted(found, key=lambda handler: handler[1] in SELF_ONLY)


def dump(units, callers: set[int]) -> list[tuple[str, list[tuple]]]:
    """Every row of every table (``tests.utils.tables.snapshot``) but the callers' own bookkeeping."""
    with units() as session:
        taken = snapshot(session)
    found = []
    for name, (columns, values) in taken.items():
        if name in OWN_BOOKKEEPING:  # anonymous guesses (member_id NULL) are the anonymous caller's own
            values = [row for row in values if row[columns.index("member_id")] not in callers | {None}]
        if name == "audit_log":
            actor, action = columns.index("actor_id"), columns.index("action")
            values = [row for row in values if not (row[actor] in callers and row[action] in OWN_ACTIONS)]
        found.append((name, values))
    return found


@pytest.fixture
def victim(units):
    """A member with something behind every kind of ID: event days, a request, a renewal application."""
    today = local_date(CMI, utcnow())
    with units() as session:
        actor = f.person(session, name="Hostile Target Victoria", certified_on=today - timedelta(days=5 * 365 - 60))
        f.enough_to_renew(session, actor, today - timedelta(days=100))
        activity = f.event(session, ends_on=today - timedelta(days=2), title="Victoria's Symposium")
        days = f.event_days(session, activity)
        f.register(session, actor, *days)
        cme.save_day(session=session, actor=actor, event_day_id=days[0].id, value="2", now=utcnow())
        request = f.approval_request(session, actor, ends_on=today - timedelta(days=3), now=utcnow())
        application = applications.apply_for_renewal(session=session, actor=actor, attested=True, now=utcnow(),
                                                settings=settings)
        member = session.get(Member, actor.member_id)
        return {"member": actor.member_id, "name": member.full_name, "email": member.email,
                "event": activity.id, "day": days[0].id, "request": request.id, "application": application.id}


def hostile_values(victim: dict) -> list[object]:
    ids = [victim[k] for k in ("day", "request", "application", "member", "event")]
    return [*ids, *[str(i) for i in ids], 10**12, -1, 0, None, True, 1.5, [1, 2], {"$ne": 1}, HUGE,
            "1 OR 1=1; DROP TABLE member", "<script>alert(1)</script>", "../../etc/passwd", "\x00", "NaN", "-0.25"]


def as_other_member(fields: set[str], victim: dict) -> dict:
    """A form that looks right but points at the victim's things; text left blank."""
    by_name = {"day_id": victim["day"], "request_id": victim["request"], "application_id": victim["application"],
               "member_id": victim["member"], "activity_id": victim["event"], "event_id": victim["event"],
               "id": victim["request"], "credits": "2", "hours": "2", "attested": True, "value": "2"}
    return {field: str(by_name.get(field, "")) for field in fields}


def payloads(params: list[str], fields: set[str], victim: dict):
    yield {}
    for value in hostile_values(victim):
        form = {field: value for field in fields} if fields else {"x": value}
        yield {p: (form if p == "form" else value) for p in params}
    if "form" in params:
        yield {p: (as_other_member(fields, victim) if p == "form" else victim["day"]) for p in params}
    if "var_name" in params:  # Reflex's built-in setter: try the backend-only and the display vars
        for var in ("_token", "signed_in", "is_staff", "is_reviewer", "router", "__class__"):
            yield {"var_name": var, "value": True}


def paths(victim: dict) -> list[str]:
    return [f"/cme/{victim['event']}", f"/requests/{victim['request']}", f"/review/{victim['request']}",
            f"/staff/renewals/{victim['application']}", f"/staff/events/{victim['event']}", "/home", "/renewal"]


def deliver_outbox(units, inbox) -> None:
    """Send what the set-up queued now: the app's mailer stamping ``sent_at`` later is a legitimate change."""
    assert mail.deliver_pending(units, replace(settings, smtp_host="127.0.0.1", smtp_port=inbox.port,
                                               smtp_security="none")) >= 0
    with units() as session:
        assert session.exec(select(OutboxEmail).where(OutboxEmail.sent_at.is_(None))).first() is None


def test_every_handler_refuses_hostile_calls_and_the_database_is_unchanged(app, units, victim, inbox):
    found = handlers()
    assert len(found) >= 90, f"the state tree walk found only {len(found)} handlers"
    with units() as session:
        intruder = f.person(session, name="Hostile Caller Ivan")
    callers = {intruder.member_id}
    tokens = {"anonymous": None, "another member": session_token(units, intruder)}
    deliver_outbox(units, inbox)
    before = dump(units, callers)
    routes = paths(victim)
    seen: list[dict] = []
    calls = 0
    for who, token in tokens.items():
        sock = Socket(app, token)
        try:
            for state, handler, params, fields in found:
                for n, payload in enumerate(payloads(params, fields, victim)):
                    if not sock.client.connected:  # an oversized frame may close the socket: that is a refusal
                        sock = Socket(app, token)
                    try:
                        seen.append(sock.send(f"{state}.{handler}", payload, routes[n % len(routes)]))
                    except AssertionError:
                        pytest.fail(f"{who}: {state}.{handler}({payload!r:.200}) got no answer")
                    calls += 1
        finally:
            sock.close()
    after = dump(units, callers)
    changed = {name: [row for row in rows_after if row not in rows] + [row for row in rows if row not in rows_after]
               for (name, rows), (_, rows_after) in zip(before, after) if rows != rows_after}
    assert changed == {}, f"{calls} hostile calls changed rows: {changed!r:.3000}"
    signed_in = [v for delta in seen for values in delta.values() for k, v in values.items()
                 if k.startswith("signed_in")]
    assert True in signed_in, "the member's calls must run as that member (else nothing was tested)"
    leaked = str(seen)
    assert victim["email"] not in leaked and victim["name"] not in leaked
    assert calls > 2000
