"""Designated sessions: one day of a meeting counting in its own category.

A day's ``category_id`` overrides the event's category for that day only: an AMI meeting carried in
Biomedical can have an Art workshop day. Nothing is stored at submit beyond what already is (the sealed day
rows): a day's credits count in ``coalesce(day category, event category)``, so an event without any designated
day counts exactly as before, one line in the event's category (or CME only without one). The term record and
the Board's figures sum the sealed days by that category, and the rules engine caps each category on its own.

A day can only be designated within the event's program, so an event needs a category of its own first (its
category decides the program, the claim window and the CME Tracker's clock), and a designation cannot change
once any member has submitted the event: the credits already counted would move.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func
from sqlmodel import Session, select

from ce_tracker.models import Activity, Category, DayCredit, EventDay, EventSubmission, Role
from ce_tracker.services import audit
from ce_tracker.services.accounts.actors import Actor
from ce_tracker.services.errors import Conflict, Invalid, NotFound
from ce_tracker.services.events.facts import event_days, event_of
from ce_tracker.services.inputs import is_id

NO_DAY = "No such day in this event."


@dataclass(frozen=True)
class SessionDay:
    """One day of an event as the designation editor shows it."""

    day_id: int
    day: date
    category_id: int | None  # None: the day counts in the event's category


@dataclass(frozen=True)
class Designations:
    """The event's days with their designations, and whether they can still change."""

    activity_id: int
    event_category_id: int | None
    days: tuple[SessionDay, ...]
    locked: bool  # a member has submitted: designations are final


def effective_category():
    """The SQL for the category a sealed day counts in: its own designation, else its event's."""
    return func.coalesce(EventDay.category_id, Activity.category_id)


def designations(*, session: Session, actor: Actor, activity_id: object) -> Designations:
    """The event's days and their designations, for staff."""
    actor.require(Role.STAFF)
    activity = event_of(session, activity_id)
    days = event_days(session, activity.id)
    return Designations(activity_id=activity.id, event_category_id=activity.category_id,
                        days=tuple(SessionDay(d.id, d.day, d.category_id) for d in days),
                        locked=_submitted(session, activity.id))


def _submitted(session: Session, activity_id: int) -> bool:
    return bool(session.exec(select(func.count()).select_from(EventSubmission)
                             .where(EventSubmission.activity_id == activity_id)).one())


def designate_day(*, session: Session, actor: Actor, event_day_id: object, category_id: object,
                  now: datetime) -> EventDay:
    """Designate one day for a category of the event's program, or (``None``) back to the event's category."""
    actor.require(Role.STAFF)
    day = session.get(EventDay, event_day_id) if is_id(event_day_id) else None
    if day is None:
        raise NotFound(NO_DAY)
    activity = event_of(session, day.activity_id)
    if category_id is not None:
        category = session.get(Category, category_id) if is_id(category_id) else None
        if category is None:
            raise Invalid("Choose a credit category from the list.")
        if activity.category_id is None:
            raise Invalid("Give the event a credit category first; a CME-only event has no designated sessions.")
        if category.program_id != session.get(Category, activity.category_id).program_id:
            raise Invalid("Choose a category of the event's own program.")
        if category.id == activity.category_id:
            category_id = None  # the event's own category is no override
    if day.category_id == category_id:
        return day
    if _submitted(session, activity.id):
        raise Conflict("Members have already submitted credits for this event, so its designated sessions "
                       "can no longer change.")
    day.category_id = category_id
    session.add(day)
    session.flush()
    audit.record(session, actor_id=actor.member_id, action="event_day_designated", entity="eventday",
                 entity_id=day.id, category_id=category_id if category_id is not None else "")
    return day


def has_designated_days(session: Session, activity_id: int) -> bool:
    """Whether any day of the event has its own category (the event's category cannot then be removed)."""
    return session.exec(select(EventDay.id).where(EventDay.activity_id == activity_id,
                                                  EventDay.category_id.is_not(None))).first() is not None


def submission_split(session: Session, submission_ids: list[int]) -> dict[int, list[tuple[str | None, Decimal]]]:
    """Per submission, its sealed credits per category name (None: CME only), in category order."""
    if not submission_ids:
        return {}
    category = effective_category()
    rows = session.execute(
        select(DayCredit.submission_id, Category.name, func.sum(DayCredit.credits))
        .join(EventDay, EventDay.id == DayCredit.event_day_id)
        .join(Activity, Activity.id == EventDay.activity_id)
        .outerjoin(Category, Category.id == category)
        .where(DayCredit.submission_id.in_(submission_ids))
        .group_by(DayCredit.submission_id, Category.name, Category.position)
        .order_by(DayCredit.submission_id, Category.position)).all()
    split: dict[int, list[tuple[str | None, Decimal]]] = {}
    for submission_id, name, credits in rows:
        split.setdefault(submission_id, []).append((name, Decimal(credits)))
    return split
