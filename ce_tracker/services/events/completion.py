"""How far the members registered for a live event have got with its credits: the staff completion report.

Three grouped queries (registered days, saved days, submissions), however many
members the event has.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func
from sqlmodel import Session, select

from ce_tracker.models import DayCredit, EventDay, EventSubmission, Member, Registration, Role
from ce_tracker.services.accounts.actors import Actor
from ce_tracker.services.events.facts import event_of


@dataclass(frozen=True)
class CompletionRow:
    """One registered member on the staff completion page."""

    member_id: int
    full_name: str
    member_number: str
    registered_days: int
    saved_days: int
    submitted_total: Decimal | None


@dataclass(frozen=True)
class Completion:
    """How far the registered members have got with an event's credits."""

    activity_id: int
    title: str
    registered: int
    saved_every_day: int
    submitted: int
    rows: tuple[CompletionRow, ...]


def event_completion(*, session: Session, actor: Actor, activity_id: object, now: datetime) -> Completion:
    """Who is registered for the event, who has saved every registered day and who has submitted."""
    actor.require(Role.STAFF)
    activity = event_of(session, activity_id)
    registered = session.exec(
        select(Member.id, Member.full_name, Member.member_number, func.count(Registration.id))
        .join(Registration, Registration.member_id == Member.id)
        .join(EventDay, EventDay.id == Registration.event_day_id)
        .where(EventDay.activity_id == activity.id)
        .group_by(Member.id, Member.full_name, Member.member_number)).all()
    saved = dict(session.exec(
        select(DayCredit.member_id, func.count(DayCredit.id))
        .join(EventDay, EventDay.id == DayCredit.event_day_id)
        .join(Registration, (Registration.event_day_id == DayCredit.event_day_id)
              & (Registration.member_id == DayCredit.member_id))
        .where(EventDay.activity_id == activity.id)
        .group_by(DayCredit.member_id)).all())
    totals = dict(session.exec(select(EventSubmission.member_id, EventSubmission.total)
                               .where(EventSubmission.activity_id == activity.id)).all())
    rows = tuple(sorted((CompletionRow(member_id, name, number, count, saved.get(member_id, 0),
                                       totals.get(member_id))
                         for member_id, name, number, count in registered),
                        key=lambda r: (r.full_name.casefold(), r.member_number)))
    return Completion(activity_id=activity.id, title=activity.title, registered=len(rows),
                      saved_every_day=sum(1 for r in rows if r.saved_days >= r.registered_days),
                      submitted=sum(1 for r in rows if r.submitted_total is not None), rows=rows)

