"""Headquarters' next steps: renewals to verify, renewal fees to record, registrations to import
(R000-17, R002-14).
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from ce_tracker import formatting as fmt
from ce_tracker.models import Role
from ce_tracker.services.accounts.actors import Actor
from ce_tracker.services.approvals.shared import society_today
from ce_tracker.services.events.admin import list_events
from ce_tracker.services.renewal.applications import verification_queue
from ce_tracker.services.to_do.item import Place, ToDo, many, urgency_of


def _renewals(session: Session, actor: Actor, now: datetime) -> list[ToDo]:
    """Paid applications are ready to verify; unpaid ones wait for their fee to be recorded."""
    queue = verification_queue(session=session, actor=actor, now=now)
    paid = [a for a in queue if a.paid]
    unpaid = [a for a in queue if not a.paid]
    items = []
    if paid:
        oldest = paid[0]
        items.append(ToDo(f"Verify {many(len(paid), 'renewal', 'renewals')}",
                          f"Fee received; the oldest is {oldest.member_name}'s, applied on "
                          f"{fmt.day(oldest.submitted_on)}.", "Open the renewal queue", Place.STAFF_RENEWALS))
    if unpaid:
        items.append(ToDo(f"Record {many(len(unpaid), 'renewal fee', 'renewal fees')}",
                          "These applications cannot be verified until their fee is recorded: "
                          + ", ".join(a.member_name for a in unpaid[:3]) + ("…" if len(unpaid) > 3 else "") + ".",
                          "Record fees", Place.STAFF_PAYMENTS))
    return items


def _registrations(session: Session, actor: Actor, now: datetime) -> list[ToDo]:
    """Events not over yet with nobody registered: attendees cannot enter credits until they are imported."""
    today = society_today(session, now)
    return [ToDo(f"Import the registrations for {e.title}",
                 f"Nobody is registered yet; the event runs {fmt.day(e.starts_on)} to {fmt.day(e.ends_on)}.",
                 "Open the event", Place.STAFF_EVENT, str(e.activity_id), e.starts_on,
                 urgency_of(e.starts_on, today))
            for e in list_events(session=session, actor=actor) if e.ends_on >= today and e.registered_members == 0]


def staff_to_dos(*, session: Session, actor: Actor, now: datetime) -> list[ToDo]:
    if not actor.has(Role.STAFF):
        return []
    return _renewals(session, actor, now) + _registrations(session, actor, now)
