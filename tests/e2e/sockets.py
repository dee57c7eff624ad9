"""A raw Socket.IO client for the app's event endpoint, carrying a session cookie like a browser's.

Tests use it to send events straight to the backend, with arguments no page would send.
"""

from __future__ import annotations

import threading
import uuid
from datetime import timedelta

import socketio

from ce_tracker.clock import utcnow
from ce_tracker.models import Member
from ce_tracker.services.accounts import sessions

NAMESPACE = "/_event"  # Reflex's Socket.IO endpoint is both the path and the namespace


def session_token(units, actor) -> str:
    """A real signed-in session for ``actor``, as the login route would create."""
    with units() as session:
        member = session.get(Member, actor.member_id)
        code = sessions.issue_handoff(session=session, member=member, now=utcnow())
    with units() as session:
        return sessions.exchange_handoff(session=session, code=code, now=utcnow(), lifetime=timedelta(hours=1))


class Socket:
    """A Socket.IO connection to the app, carrying a session cookie like a browser's."""

    def __init__(self, app, token: str | None, origin: str | None = None) -> None:
        self.updates: list[dict] = []
        self.all_updates: list[dict] = []
        self.got = threading.Event()
        # The websocket library sends an Origin of its own; ``origin`` replaces it (a second header would not).
        self.client = socketio.Client(reconnection=False,
                                      websocket_extra_options={"origin": origin} if origin else {})
        self.client.on("event", self._on_event, namespace=NAMESPACE)
        self.client.connect(f"{app.url}?token={uuid.uuid4()}", socketio_path=NAMESPACE, namespaces=[NAMESPACE],
                            transports=["websocket"], wait_timeout=20,
                            headers={"Cookie": f"ce_session={token}"} if token else {})

    def _on_event(self, update) -> None:
        self.updates.append(update)
        self.all_updates.append(update)
        if update.get("final", True):
            self.got.set()

    def send(self, handler: str, payload: dict, path: str) -> dict:
        """Emit one event and return the merged state delta it produced."""
        self.got.clear()
        self.updates.clear()
        self.client.emit("event", {"name": handler, "payload": payload,
                                   "router_data": {"pathname": path, "asPath": path}}, namespace=NAMESPACE)
        assert self.got.wait(20), "no answer from the backend"
        merged: dict = {}
        for update in self.updates:
            for state, values in (update.get("delta") or {}).items():
                merged.setdefault(state, {}).update(values)
        return merged

    def close(self) -> None:
        self.client.disconnect()
