"""Live events as headquarters staff set them up and edit them: details, days and each day's maximum.

Every function is for staff only. An edit goes only as far as the credits
already saved allow: no day a member saved or is registered for disappears, no
maximum drops below a saved amount, nothing changes once a member submitted
(R002-10). The registration importer (``registration_import``) and the
completion report (``event_completion``) have their own modules.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from ce_tracker.formatting import long_date
from ce_tracker.models import Activity, ActivityKind, Category, DayCredit, EventDay, EventSubmission, Registration, Role
from ce_tracker.services import audit
from ce_tracker.services.accounts.actors import Actor
from ce_tracker.services.errors import Conflict, Invalid
from ce_tracker.services.events.facts import event_days, event_of
from ce_tracker.services.inputs import decimal, is_id, iso_date, text

INCREMENTS = (Decimal("0.25"), Decimal("0.5"), Decimal("1"))
MAX_DAY_CREDITS = Decimal(24)
TITLE_LENGTH = (3, 200)
TEXT_LENGTH = 200
DESIGNATION_LENGTH = 2000


@dataclass(frozen=True)
class DayForm:
    """One day of an event on the staff form."""

    day: date
    max_credits: Decimal


@dataclass(frozen=True)
class EventForm:
    """What staff type to set up or edit a live event."""

    title: str
    provider: str
    location: str
    starts_on: date
    ends_on: date
    increment: Decimal = Decimal("0.25")
    designation: str = ""
    category_id: int | None = None
    days: tuple[DayForm, ...] = ()


@dataclass(frozen=True)
class EventSummary:
    """One line of the staff event list."""

    activity_id: int
    title: str
    starts_on: date
    ends_on: date
    day_count: int
    registered_members: int
    submitted: int



def _decimal(value: object, what: str) -> Decimal:
    """A number staff typed (or the page parsed); "٣" or "1e1" is no number here."""
    return decimal(value, field="days" if what.startswith("maximum") else "increment", label=what)


def _clean(session: Session, form: object) -> EventForm:
    """The form checked and tidied, or Invalid saying what to fix."""
    if not isinstance(form, EventForm):
        raise Invalid("The event form is incomplete.")
    title = text(form.title, field="title", label="title", limit=TITLE_LENGTH[1], collapse=True)
    if len(title) < TITLE_LENGTH[0]:
        raise Invalid(f"Enter a title of {TITLE_LENGTH[0]} to {TITLE_LENGTH[1]} characters.")
    provider = text(form.provider, field="provider", label="provider", limit=TEXT_LENGTH, collapse=True)
    location = text(form.location, field="location", label="location", limit=TEXT_LENGTH, collapse=True)
    starts_on = iso_date(form.starts_on, field="starts_on", label="first day of the event")
    ends_on = iso_date(form.ends_on, field="ends_on", label="last day of the event")
    if starts_on > ends_on:
        raise Invalid("The event cannot end before it starts.")
    increment = _decimal(form.increment, "credit increment")
    if increment not in INCREMENTS:
        raise Invalid("The credit increment must be 0.25, 0.5 or 1.")
    designation = text(form.designation, field="designation", label="designation statement",
                       limit=DESIGNATION_LENGTH)
    category_id = form.category_id
    if category_id is not None:
        if not is_id(category_id) or session.get(Category, category_id) is None:
            raise Invalid("Choose a credit category from the list.")
    if not isinstance(form.days, (tuple, list)) or not all(isinstance(d, DayForm) for d in form.days):
        raise Invalid("The event's days are incomplete.")
    if not form.days:
        raise Invalid("Give the event at least one day.")
    days: dict[date, Decimal] = {}
    for entry in form.days:
        day = iso_date(entry.day, field="days", label="day")
        if day in days:
            raise Invalid(f"{long_date(day)} is listed twice.")
        if not starts_on <= day <= ends_on:
            raise Invalid(f"{long_date(day)} is outside the event's dates "
                          f"({long_date(starts_on)} to {long_date(ends_on)}).")
        credits = _decimal(entry.max_credits, f"maximum credits for {long_date(day)}")
        if not Decimal(0) < credits <= MAX_DAY_CREDITS:
            raise Invalid(f"The maximum credits for {long_date(day)} must be more than 0 and at most "
                          f"{MAX_DAY_CREDITS}.")
        if credits % increment != 0:
            raise Invalid(f"The maximum credits for {long_date(day)} must be in steps of {increment}.")
        days[day] = credits
    return EventForm(title=title, provider=provider, location=location, starts_on=starts_on, ends_on=ends_on,
                     increment=increment, designation=designation, category_id=category_id,
                     days=tuple(DayForm(d, days[d]) for d in sorted(days)))



def create_event(*, session: Session, actor: Actor, form: EventForm, now: datetime) -> Activity:
    """Set up a live event and its days."""
    actor.require(Role.STAFF)
    form = _clean(session, form)
    activity = Activity(kind=ActivityKind.EVENT, title=form.title, provider=form.provider, location=form.location,
                        starts_on=form.starts_on, ends_on=form.ends_on, increment=form.increment,
                        designation=form.designation, category_id=form.category_id, created_at=now)
    session.add(activity)
    session.flush()
    for entry in form.days:
        session.add(EventDay(activity_id=activity.id, day=entry.day, max_credits=entry.max_credits))
    session.flush()
    audit.record(session, actor_id=actor.member_id, action="event_created", entity="activity",
                 entity_id=activity.id, title=activity.title, days=len(form.days))
    return activity


def update_event(*, session: Session, actor: Actor, activity_id: object, form: EventForm, now: datetime) -> Activity:
    """Change an event's details and days, as far as the credits already saved allow."""
    actor.require(Role.STAFF)
    activity = event_of(session, activity_id)
    form = _clean(session, form)
    days = event_days(session, activity.id, lock=True)
    old = {d.day: d for d in days}
    new = {d.day: d.max_credits for d in form.days}
    fields = {name: getattr(form, name) for name in
              ("title", "provider", "location", "starts_on", "ends_on", "increment", "category_id")}
    changed = [name for name, value in fields.items() if getattr(activity, name) != value]
    added = sorted(set(new) - set(old))
    removed = sorted(set(old) - set(new))
    altered = sorted(d for d in set(old) & set(new) if old[d].max_credits != new[d])
    if not (changed or added or removed or altered or activity.designation != form.designation):
        return activity

    day_ids = [d.id for d in days]
    if changed or added or removed or altered:
        submitted = session.exec(select(func.count()).select_from(EventSubmission)
                                 .where(EventSubmission.activity_id == activity.id)).one()
        if submitted:
            raise Conflict("Members have already submitted credits for this event; only the designation "
                           "statement can still change.")
    if "category_id" in changed and any(d.category_id is not None for d in days):
        _keep_designations(session, form.category_id, days)
    saved_max = dict(session.exec(select(DayCredit.event_day_id, func.max(DayCredit.credits))
                                  .where(DayCredit.event_day_id.in_(day_ids))
                                  .group_by(DayCredit.event_day_id)).all()) if day_ids else {}
    if "increment" in changed and saved_max:
        raise Conflict("Members have already saved credits for this event, so the credit increment "
                       "can no longer change.")
    if removed:
        removed_ids = [old[d].id for d in removed]
        in_use = set(session.exec(select(Registration.event_day_id)
                                  .where(Registration.event_day_id.in_(removed_ids))).all())
        in_use |= {i for i in removed_ids if i in saved_max}
        for day in removed:
            if old[day].id in in_use:
                raise Conflict(f"{long_date(day)} cannot be removed: members are registered for it "
                               "or have saved credits for it.")
    for day in altered:
        saved = saved_max.get(old[day].id)
        if saved is not None and new[day] < saved:
            raise Conflict(f"A member has already saved {saved} credits for {long_date(day)}, so its "
                           f"maximum cannot go below that.")

    for name in changed:
        setattr(activity, name, fields[name])
    if activity.designation != form.designation:
        changed.append("designation")
        activity.designation = form.designation
    session.add(activity)
    for day in altered:
        old[day].max_credits = new[day]
        session.add(old[day])
    for day in removed:
        session.delete(old[day])
    for day in added:
        session.add(EventDay(activity_id=activity.id, day=day, max_credits=new[day]))
    try:
        session.flush()
    except IntegrityError as error:
        raise Conflict("The event changed while saving; reload the page and try again.") from error
    audit.record(session, actor_id=actor.member_id, action="event_updated", entity="activity",
                 entity_id=activity.id, fields=",".join(changed),
                 days_added=",".join(d.isoformat() for d in added),
                 days_removed=",".join(d.isoformat() for d in removed),
                 days_changed=",".join(d.isoformat() for d in altered))
    return activity


def _keep_designations(session: Session, category_id: int | None, days: list[EventDay]) -> None:
    """An event's category decides its program; its designated sessions must stay in that program."""
    if category_id is None:
        raise Conflict("Some days are designated sessions in their own category; set them back to the event's "
                       "category before making the event CME only.")
    program_id = session.get(Category, category_id).program_id
    for day in days:
        if day.category_id is not None and session.get(Category, day.category_id).program_id != program_id:
            raise Conflict(f"{long_date(day.day)} is designated in a category of another program; change it "
                           "first.")


def event_form(*, session: Session, actor: Actor, activity_id: object) -> EventForm:
    """The event as the edit page shows it."""
    actor.require(Role.STAFF)
    activity = event_of(session, activity_id)
    return EventForm(title=activity.title, provider=activity.provider, location=activity.location,
                     starts_on=activity.starts_on, ends_on=activity.ends_on, increment=activity.increment,
                     designation=activity.designation, category_id=activity.category_id,
                     days=tuple(DayForm(d.day, d.max_credits) for d in event_days(session, activity.id)))

def list_events(*, session: Session, actor: Actor) -> list[EventSummary]:
    """Every live event, most recent first, with its registration and submission counts."""
    actor.require(Role.STAFF)
    events = session.exec(select(Activity).where(Activity.kind == ActivityKind.EVENT)
                          .order_by(Activity.starts_on.desc(), Activity.id.desc())).all()
    day_counts = dict(session.exec(select(EventDay.activity_id, func.count(EventDay.id))
                                   .group_by(EventDay.activity_id)).all())
    registered = dict(session.exec(select(EventDay.activity_id, func.count(func.distinct(Registration.member_id)))
                                   .join(Registration, Registration.event_day_id == EventDay.id)
                                   .group_by(EventDay.activity_id)).all())
    submitted = dict(session.exec(select(EventSubmission.activity_id, func.count(EventSubmission.id))
                                  .group_by(EventSubmission.activity_id)).all())
    return [EventSummary(activity_id=a.id, title=a.title, starts_on=a.starts_on, ends_on=a.ends_on,
                         day_count=day_counts.get(a.id, 0), registered_members=registered.get(a.id, 0),
                         submitted=submitted.get(a.id, 0)) for a in events]
