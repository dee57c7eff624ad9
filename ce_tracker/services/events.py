"""Facts about an event that several workflows share: its phase and its clock."""

from __future__ import annotations

import enum
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session

from ce_tracker.models import Activity
from ce_tracker.rules import Program, local_date, recording_deadline
from ce_tracker.services.programs import default_program, load_program, program_of_category


class Phase(str, enum.Enum):
    """Where an event stands for one member's credit entry."""

    UPCOMING = "upcoming"  # not concluded: credits cannot be claimed yet (R002-01)
    OPEN = "open"  # concluded, not submitted, recording window open
    CLOSED = "closed"  # recording window passed without a submit: forfeited (R000-08)
    SUBMITTED = "submitted"


def event_program(session: Session, activity: Activity) -> Program | None:
    """The program the event counts toward, or the society's default for its clock."""
    if activity.category_id is not None:
        return program_of_category(session, activity.category_id)
    row = default_program(session)
    return load_program(session, row.id) if row else None


def today_for(program: Program | None, now: datetime) -> date:
    """Today in the society's time zone (UTC when no program exists)."""
    return local_date(program, now) if program else now.astimezone(ZoneInfo("UTC")).date()


def opens_on(activity: Activity) -> date:
    """The first day credits can be claimed: the day after the event's last day."""
    return activity.ends_on + timedelta(days=1)


def window_closes_on(program: Program | None, activity: Activity) -> date | None:
    """Last day to record credit that counts toward a program; None for undesignated events."""
    if activity.category_id is None or program is None:
        return None
    return recording_deadline(program, activity.ends_on)


def phase_of(program: Program | None, activity: Activity, *, submitted: bool, now: datetime) -> Phase:
    """The event's phase for a member, from the submit flag and the society's today."""
    if submitted:
        return Phase.SUBMITTED
    today = today_for(program, now)
    if today < opens_on(activity):
        return Phase.UPCOMING
    closes = window_closes_on(program, activity)
    if closes is not None and today > closes:
        return Phase.CLOSED
    return Phase.OPEN
