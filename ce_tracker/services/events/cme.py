"""The CME Tracker: a member's events, per-day credit entry, and the one final submit.

Every lookup goes through the acting member's registrations, so an id sent from
a browser can only ever reach that member's own days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import and_, bindparam, exists, insert, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from ce_tracker.models import (
    Activity,
    ActivityKind,
    Category,
    Certificate,
    DayCredit,
    DaySave,
    EventDay,
    EventSubmission,
    Registration,
)
from ce_tracker.rules import EventPhase, HoursError, Program, check_day_credit, event_opens_on, parse_hours
from ce_tracker.services import audit, inputs
from ce_tracker.services.accounts.actors import Actor
from ce_tracker.services.errors import Conflict, Invalid, NotFound
from ce_tracker.services.events.certificates import issue_certificate
from ce_tracker.services.events.facts import event_program, phase_of, window_closes_on

NOT_YET = "CME credits cannot be claimed until the conclusion of the event."


@dataclass(frozen=True)
class EventLine:
    """One row of the member's CME Tracker list."""

    activity_id: int
    title: str
    location: str
    starts_on: date
    ends_on: date
    phase: EventPhase
    opens_on: date
    closes_on: date | None
    total: Decimal | None
    certificate_number: str | None


@dataclass(frozen=True)
class DayLine:
    """One day of an event as the member sees it."""

    day_id: int
    day: date
    max_credits: Decimal
    registered: bool
    credits: Decimal | None
    category: str | None = None  # a designated session's own category; None: the event's


@dataclass(frozen=True)
class EventSheet:
    """Everything the credit-entry page shows for one event."""

    activity_id: int
    title: str
    provider: str
    location: str
    starts_on: date
    ends_on: date
    increment: Decimal
    designation: str
    category: str | None
    phase: EventPhase
    opens_on: date
    closes_on: date | None
    days: tuple[DayLine, ...]
    total: Decimal | None
    certificate_number: str | None

    @property
    def missing_days(self) -> tuple[date, ...]:
        return missing_days(self.days)

    @property
    def can_submit(self) -> bool:
        return can_submit(self.phase, self.days)


def missing_days(days: tuple[DayLine, ...]) -> tuple[date, ...]:
    """Registered days without a saved value (blank is not zero, R002-07)."""
    return tuple(d.day for d in days if d.registered and d.credits is None)


def can_submit(phase: EventPhase, days: tuple[DayLine, ...]) -> bool:
    return phase is EventPhase.OPEN and any(d.registered for d in days) and not missing_days(days)


def _registered_events(session: Session, member_id: int) -> list[Activity]:
    statement = (select(Activity).join(EventDay, EventDay.activity_id == Activity.id)
                 .join(Registration, Registration.event_day_id == EventDay.id)
                 .where(Registration.member_id == member_id, Activity.kind == ActivityKind.EVENT)
                 .distinct().order_by(Activity.starts_on.desc(), Activity.id.desc()))
    return list(session.exec(statement).all())


def _submission(session: Session, member_id: int, activity_id: int) -> EventSubmission | None:
    return session.exec(select(EventSubmission).where(EventSubmission.member_id == member_id,
                                                      EventSubmission.activity_id == activity_id)).first()


def _certificate_number(session: Session, submission: EventSubmission | None) -> str | None:
    if submission is None:
        return None
    return session.exec(select(Certificate.number).where(Certificate.submission_id == submission.id)).first()


def my_events(*, session: Session, actor: Actor, now: datetime) -> list[EventLine]:
    """The member's events, most recent first (R002-04)."""
    lines = []
    programs: dict[int | None, Program | None] = {}  # events of one category share one program
    for activity in _registered_events(session, actor.member_id):
        if activity.category_id not in programs:
            programs[activity.category_id] = event_program(session, activity)
        program = programs[activity.category_id]
        submission = _submission(session, actor.member_id, activity.id)
        lines.append(EventLine(
            activity_id=activity.id, title=activity.title, location=activity.location,
            starts_on=activity.starts_on, ends_on=activity.ends_on,
            phase=phase_of(program, activity, submitted=submission is not None, now=now),
            opens_on=event_opens_on(activity.ends_on), closes_on=window_closes_on(program, activity),
            total=submission.total if submission else None,
            certificate_number=_certificate_number(session, submission)))
    return lines


_EventCategory = aliased(Category)
# The sheet is read on every load and after every submit: this and the days (_DAY_LINES), built once.
_SHEET_EVENT = (
    select(Activity.id, Activity.title, Activity.provider, Activity.location, Activity.starts_on, Activity.ends_on,
           Activity.increment, Activity.designation, Activity.category_id, _EventCategory.name.label("category"),
           EventSubmission.total, Certificate.number.label("certificate_number"),
           EventSubmission.id.label("submission_id"))
    .outerjoin(_EventCategory, _EventCategory.id == Activity.category_id)
    .outerjoin(EventSubmission, and_(EventSubmission.activity_id == Activity.id,
                                     EventSubmission.member_id == bindparam("member_id")))
    .outerjoin(Certificate, Certificate.submission_id == EventSubmission.id)
    .where(Activity.id == bindparam("activity_id"), Activity.kind == ActivityKind.EVENT))
# The event's days with one member's registrations, saved credits and session categories: built once, as every
# load, save and submit reads it (building and keying the statement took twice as long as running it).
_DAY_LINES = (
    select(EventDay.id, EventDay.day, EventDay.max_credits, Registration.id, DayCredit.credits, Category.name)
    .select_from(EventDay)
    .join(Activity, and_(Activity.id == EventDay.activity_id, Activity.kind == ActivityKind.EVENT))
    .outerjoin(Registration, and_(Registration.event_day_id == EventDay.id,
                                  Registration.member_id == bindparam("member_id")))
    .outerjoin(DayCredit, and_(DayCredit.member_id == Registration.member_id,
                               DayCredit.event_day_id == Registration.event_day_id))
    .outerjoin(Category, Category.id == EventDay.category_id)
    .where(EventDay.activity_id == bindparam("activity_id")).order_by(EventDay.day))


def _day_lines(session: Session, member_id: int, activity_id: int) -> tuple[DayLine, ...]:
    """The event's days as the member sees them, in one statement."""
    rows = session.execute(_DAY_LINES, {"member_id": member_id, "activity_id": activity_id}).all()
    return tuple(DayLine(day_id, day, maximum, registration is not None, credits, category)
                 for day_id, day, maximum, registration, credits, category in rows)


def event_sheet(*, session: Session, actor: Actor, activity_id: object, now: datetime) -> EventSheet:
    """The event's days with the member's registrations and saved credits.

    Only an event the member is registered for at least one day of is found; any other id, a course's
    included, is "not found", as if it did not exist.
    """
    if not isinstance(activity_id, int) or isinstance(activity_id, bool):
        raise NotFound("No such event in your CME Tracker.")
    days = _day_lines(session, actor.member_id, activity_id)
    event = session.execute(_SHEET_EVENT, {"member_id": actor.member_id, "activity_id": activity_id}
                            ).first() if any(d.registered for d in days) else None
    if event is None:
        raise NotFound("No such event in your CME Tracker.")
    program = event_program(session, event)  # the row has the event's category_id and ends_on
    submitted = event.submission_id is not None
    return EventSheet(
        activity_id=event.id, title=event.title, provider=event.provider, location=event.location,
        starts_on=event.starts_on, ends_on=event.ends_on, increment=event.increment,
        designation=event.designation, category=event.category,
        phase=phase_of(program, event, submitted=submitted, now=now),
        opens_on=event_opens_on(event.ends_on), closes_on=window_closes_on(program, event),
        days=days,
        total=event.total if submitted else None,
        certificate_number=event.certificate_number)


def event_days(*, session: Session, actor: Actor, activity_id: object) -> tuple[DayLine, ...]:
    """Only the days of ``event_sheet``, in one statement: what the page reads back after a save of one of them,
    which has just checked, in the same transaction, that the event is open for the member."""
    if not isinstance(activity_id, int) or isinstance(activity_id, bool):
        raise NotFound("No such event in your CME Tracker.")
    days = _day_lines(session, actor.member_id, activity_id)
    if not any(d.registered for d in days):
        raise NotFound("No such event in your CME Tracker.")
    return days


def _refuse_unless_open(phase: EventPhase, closes_on: date | None) -> None:
    if phase is EventPhase.UPCOMING:
        raise Invalid(NOT_YET)
    if phase is EventPhase.SUBMITTED:
        raise Conflict("Your credits for this event were submitted and can no longer be changed.")
    if phase is EventPhase.CLOSED:
        raise Invalid(f"The window to record credit for this event closed on {closes_on:%B %-d, %Y}; "
                      "the credit is forfeited.")


# The save's statements are built once: building a statement and its cache key cost more than running it on
# the app's hottest write (bench/service_writes.py), so each save only binds its values.
_SAVE_FACTS = (
    select(EventDay.id, EventDay.activity_id, EventDay.max_credits, Activity.ends_on, Activity.category_id,
           Activity.increment,
           select(DayCredit.id).where(DayCredit.member_id == bindparam("member_id"),
                                      DayCredit.event_day_id == EventDay.id).scalar_subquery().label("existing_id"),
           exists().where(EventSubmission.member_id == bindparam("member_id"),
                          EventSubmission.activity_id == EventDay.activity_id).label("submitted"),
           # A phone's save sent again (its first answer was lost with the connection): what it saved then.
           select(DaySave.credits).where(DaySave.member_id == bindparam("member_id"),
                                         DaySave.save_id == bindparam("save_id"),
                                         DaySave.event_day_id == EventDay.id).scalar_subquery().label("saved_before"))
    .join(Registration, and_(Registration.event_day_id == EventDay.id,
                             Registration.member_id == bindparam("member_id")))
    .join(Activity, Activity.id == EventDay.activity_id)
    .where(EventDay.id == bindparam("day_id"))
    # FOR SHARE: a staff edit of this day's maximum waits for this save, and this save sees its result.
    .with_for_update(read=True, of=EventDay))
_INSERT_CREDIT = insert(DayCredit.__table__)
_INSERT_SAVE = insert(DaySave.__table__)
_SAVED_BEFORE = select(DaySave.credits).where(DaySave.member_id == bindparam("member_id"),
                                              DaySave.save_id == bindparam("save_id"),
                                              DaySave.event_day_id == bindparam("day_id"))
_UPDATE_CREDIT = (update(DayCredit.__table__)
                  .where(DayCredit.__table__.c.id == bindparam("credit_id"),
                         DayCredit.__table__.c.submission_id.is_(None))
                  .values(credits=bindparam("new_credits"), saved_at=bindparam("new_saved_at")))


def save_day(*, session: Session, actor: Actor, event_day_id: object, value: object, now: datetime,
             save_id: object = None) -> Decimal:
    """Store one registered day's credits; other days are untouched (R002-08, R002-09).

    One statement reads everything the checks need: the day (only through the member's own registration),
    its event's dates and increment, the member's saved row, whether they submitted, and whether this very
    save (``save_id``, the phone's own id for it) went through before. A save that did is not applied again:
    the phone sends it again whenever it cannot know whether its first try arrived, and gets the same answer.
    A submit racing the save is still refused by the conditional UPDATE below and by the submit's own seal
    check.
    """
    if not isinstance(event_day_id, int) or isinstance(event_day_id, bool):
        raise NotFound("You are not registered for that day.")
    save_id = inputs.save_id(save_id)
    day = session.execute(_SAVE_FACTS, {"member_id": actor.member_id, "day_id": event_day_id,
                                        "save_id": save_id}).first()
    if day is None:
        raise NotFound("You are not registered for that day.")
    if day.saved_before is not None:
        return day.saved_before
    program = event_program(session, day)  # the row has the event's category_id and ends_on
    _refuse_unless_open(phase_of(program, day, submitted=bool(day.submitted), now=now),
                        window_closes_on(program, day))
    credits = _parse(value, day.max_credits, day.increment)
    if save_id is not None:
        twin = _claim_save_id(session, actor, day.id, save_id, credits, now)
        if twin is not None:
            return twin
    if day.existing_id is None:
        try:
            session.execute(_INSERT_CREDIT, {"member_id": actor.member_id, "event_day_id": day.id,
                                             "credits": credits, "saved_at": now})
        except IntegrityError as error:
            raise Conflict("This day was just saved elsewhere; reload the page.") from error
    else:
        changed = session.execute(_UPDATE_CREDIT, {"credit_id": day.existing_id, "new_credits": credits,
                                                   "new_saved_at": now})
        if changed.rowcount != 1:
            raise Conflict("Your credits for this event were submitted and can no longer be changed.")
    audit.record(session, actor_id=actor.member_id, action="cme_day_saved", entity="eventday",
                 entity_id=day.id, credits=credits)
    return credits


def _claim_save_id(session: Session, actor: Actor, day_id: int, save_id: str, credits: Decimal,
                   now: datetime) -> Decimal | None:
    """Record that this save goes through, before it does; the credits of a twin that went through first.

    Two copies of one save can arrive at once (the phone's retry and its first try, on two workers): the
    unique (member, save id) row makes the second wait for the first and then find it, so it changes nothing.
    """
    try:
        with session.begin_nested():
            session.execute(_INSERT_SAVE, {"member_id": actor.member_id, "save_id": save_id, "event_day_id": day_id,
                                           "credits": credits, "saved_at": now})
    except IntegrityError as error:
        twin = session.execute(_SAVED_BEFORE, {"member_id": actor.member_id, "save_id": save_id,
                                               "day_id": day_id}).scalar()
        if twin is None:
            raise Conflict("This save's id was already used for another day; reload the page and save again."
                           ) from error
        return twin
    return None


def _parse(value: object, maximum: Decimal, increment: Decimal) -> Decimal:
    if not isinstance(value, str):
        raise Invalid("Enter the credits as a number; enter 0 for a day without credit.")
    try:
        return check_day_credit(parse_hours(value), maximum, increment)
    except HoursError as error:
        raise Invalid(str(error)) from error


_SEAL = (update(DayCredit.__table__)
         .where(DayCredit.__table__.c.member_id == bindparam("sealer"),
                DayCredit.__table__.c.event_day_id.in_(bindparam("day_ids", expanding=True)),
                DayCredit.__table__.c.submission_id.is_(None))
         .values(submission_id=bindparam("sealing")))
_SEALED_CREDITS = select(DayCredit.credits).where(DayCredit.submission_id == bindparam("submission_id"))


def submit_event(*, session: Session, actor: Actor, activity_id: object, now: datetime) -> EventSubmission:
    """The one, irreversible submit of every registered day (R002-10, R002-11).

    The unique submission row refuses a second submit; the conditional UPDATE
    that seals the day rows refuses any save that slipped in between.
    """
    sheet = event_sheet(session=session, actor=actor, activity_id=activity_id, now=now)
    _refuse_unless_open(sheet.phase, sheet.closes_on)
    if sheet.missing_days:
        missing = ", ".join(f"{d:%a %b %-d}" for d in sheet.missing_days)
        raise Invalid(f"Enter and save credits for every registered day first (enter 0 for a day without "
                      f"credit). Missing: {missing}.")
    registered_ids = [d.day_id for d in sheet.days if d.registered]
    submission = EventSubmission(member_id=actor.member_id, activity_id=sheet.activity_id, total=Decimal(0),
                                 submitted_at=now)
    session.add(submission)
    try:
        session.flush()
    except IntegrityError as error:
        raise Conflict("Your credits for this event were already submitted.") from error
    sealed = session.execute(_SEAL, {"sealer": actor.member_id, "day_ids": registered_ids,
                                     "sealing": submission.id})
    if sealed.rowcount != len(registered_ids):
        raise Conflict("Your credits changed while submitting; reload the page and try again.")
    credits = session.execute(_SEALED_CREDITS, {"submission_id": submission.id}).scalars().all()
    submission.total = sum(credits, Decimal(0))
    issue_certificate(session, submission=submission, now=now)
    audit.record(session, actor_id=actor.member_id, action="cme_submitted", entity="activity",
                 entity_id=sheet.activity_id, total=submission.total)
    return submission
