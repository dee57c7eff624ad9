"""Facts about an event that several workflows share: its program, its clock, its rows.

The date logic itself (phase, first and last day to claim) is pure and lives in
``rules.events``; the functions here only read the activity and the program.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from ce_tracker.models import Activity, ActivityKind, EventDay
from ce_tracker.rules import EventPhase, Program, event_phase, event_window_closes_on, local_date
from ce_tracker.services.errors import NotFound
from ce_tracker.services.inputs import is_id
from ce_tracker.services.programs.store import default_program, load_program, program_of_category

__all__ = ["event_days", "event_of", "event_program", "phase_of", "today_for", "window_closes_on"]

NO_EVENT = "No such event."


def event_program(session: Session, activity: Activity) -> Program | None:
    """The program the event counts toward, or the society's default for its clock."""
    if activity.category_id is not None:
        return program_of_category(session, activity.category_id)
    row = default_program(session)
    return load_program(session, row.id) if row else None


def today_for(program: Program | None, now: datetime) -> date:
    """Today in the society's time zone (UTC when no program exists)."""
    return local_date(program, now) if program else now.astimezone(ZoneInfo("UTC")).date()


def window_closes_on(program: Program | None, activity: Activity) -> date | None:
    """Last day to record credit that counts toward a program (R000-08); None for undesignated events."""
    return event_window_closes_on(program, activity.ends_on, designated=activity.category_id is not None)


def phase_of(program: Program | None, activity: Activity, *, submitted: bool, now: datetime) -> EventPhase:
    """The event's phase for a member, from the submit flag and the society's today (``rules.event_phase``)."""
    return event_phase(today_for(program, now), activity.ends_on, window_closes_on(program, activity),
                       submitted=submitted)


def event_of(session: Session, activity_id: object) -> Activity:
    """The live event with this id, or NotFound (a course or a forged id is no event)."""
    activity = session.get(Activity, activity_id) if is_id(activity_id) else None
    if activity is None or activity.kind != ActivityKind.EVENT:
        raise NotFound(NO_EVENT)
    return activity


def event_days(session: Session, activity_id: int, *, lock: bool = False) -> list[EventDay]:
    """The event's days in order; ``lock`` holds them against concurrent saves until the unit of work ends.

    ``cme.save_day`` reads its day FOR SHARE, so on PostgreSQL an edit that lowers a
    day's maximum and a save racing it are serialised (SQLite serialises every
    transaction anyway).
    """
    statement = select(EventDay).where(EventDay.activity_id == activity_id).order_by(EventDay.day)
    return list(session.exec(statement.with_for_update() if lock else statement))
