"""The member's next deadlines: credits whose 30-day recording window is still open (R000-08).

Two kinds of credit wait on the member: a concluded conference not yet
submitted, and an approved request not yet recorded. A handful of queries for
the whole list, never one per line: the home page must stay fast for a large
society.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, select

from ce_tracker.models import Activity, ApprovalRequest, Category, CreditClaim, RequestStatus
from ce_tracker.rules import EventPhase
from ce_tracker.services.accounts.actors import Actor
from ce_tracker.services.courses.claims import claim_window
from ce_tracker.services.events import cme
from ce_tracker.services.events.facts import today_for
from ce_tracker.services.programs.store import load_program

CONFERENCE = "Conference credits"
APPROVED = "Approved request"


@dataclass(frozen=True)
class Deadline:
    """One credit to record, and the last day it can be."""

    title: str
    kind: str  # CONFERENCE or APPROVED
    target_id: int  # the event's id for a conference, the request's id for an approved request
    last_day: date | None  # None: a CME-only event, no CE deadline
    days_left: int | None


def _conference_deadlines(session: Session, actor: Actor, now: datetime) -> list[Deadline]:
    result = []
    for event in cme.my_events(session=session, actor=actor, now=now):
        if event.phase is EventPhase.OPEN:
            result.append(Deadline(event.title, CONFERENCE, event.activity_id, event.closes_on, None))
    return result


def _approved_deadlines(session: Session, actor: Actor, now: datetime) -> list[Deadline]:
    recorded = select(CreditClaim.activity_id).where(CreditClaim.member_id == actor.member_id)
    rows = session.exec(select(ApprovalRequest, Activity, Category)
                        .join(Activity, Activity.id == ApprovalRequest.activity_id)
                        .join(Category, Category.id == Activity.category_id)
                        .where(ApprovalRequest.member_id == actor.member_id,
                               ApprovalRequest.status == RequestStatus.APPROVED,
                               ApprovalRequest.activity_id.not_in(recorded))).all()
    programs = {}
    result = []
    for request, activity, category in rows:
        program = programs.get(category.program_id) or load_program(session, category.program_id)
        programs[category.program_id] = program
        opens, closes = claim_window(program, activity, request)
        if opens <= today_for(program, now) <= closes:
            result.append(Deadline(activity.title, APPROVED, request.id, closes, None))
    return result


def next_deadlines(*, session: Session, actor: Actor, now: datetime, today: date) -> list[Deadline]:
    """Open windows, the soonest first; CME-only events (no deadline) last."""
    found = _conference_deadlines(session, actor, now) + _approved_deadlines(session, actor, now)
    found.sort(key=lambda d: (d.last_day is None, d.last_day or today, d.title))
    return [Deadline(d.title, d.kind, d.target_id, d.last_day, (d.last_day - today).days if d.last_day else None)
            for d in found]
