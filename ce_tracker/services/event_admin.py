"""Live events as headquarters staff run them: set up, edit, import registrations, follow completion.

Every function is for staff only. Registrations imported here make the days
claimable at once; there is no waiting period (R002-15 replaces the old
portal's 72-hour delay).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Row, func, insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from ce_tracker.models import (
    Activity,
    ActivityKind,
    Category,
    DayCredit,
    EventDay,
    EventSubmission,
    Member,
    Registration,
    Role,
)
from ce_tracker.services import audit
from ce_tracker.services.actors import Actor
from ce_tracker.services.errors import Conflict, Invalid, NotFound

INCREMENTS = (Decimal("0.25"), Decimal("0.5"), Decimal("1"))
MAX_DAY_CREDITS = Decimal(24)
TITLE_LENGTH = (3, 200)
TEXT_LENGTH = 200
DESIGNATION_LENGTH = 2000
# 100,000 rows, the largest convention's file (issue target); 8 MiB holds them with a few extra columns
# (name, email) that registration exports carry, at about 80 bytes a row.
MAX_IMPORT_BYTES = 8 * 1024 * 1024
MAX_IMPORT_ROWS = 100_000
# Spellings the registration system's export may use, after _header_key().
MEMBER_COLUMNS = frozenset({"member_id"})
DAY_COLUMNS = frozenset({"day", "date"})
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_US_DATE = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")
_IN_CHUNK = 500  # ids per IN (...) so no database meets its bound-parameter limit


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
class ImportReport:
    """What a registration import did; ``members`` counts the distinct members named in the file."""

    added: int
    already_registered: int
    members: int


class ImportRejected(Invalid):
    """A registration file with bad rows; nothing of it was imported.

    ``problems`` holds ``(line number, message)`` pairs, the header being line 1.
    """

    def __init__(self, problems: tuple[tuple[int, str], ...]) -> None:
        self.problems = tuple(problems)
        lines = ", ".join(str(line) for line, _ in self.problems[:10])
        more = ", …" if len(self.problems) > 10 else ""
        count = len(self.problems)
        super().__init__(f"{count} {'row has a problem' if count == 1 else 'rows have problems'} "
                         f"({'line' if count == 1 else 'lines'} {lines}{more}); nothing was imported. "
                         "Correct the file and import it again.")


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


def too_large_message() -> str:
    """What staff are told of a file over ``MAX_IMPORT_BYTES``; the page's upload check says the same."""
    return f"The file is larger than {MAX_IMPORT_BYTES / 2**20:g} MB; split it into smaller files."


def _long_date(day: date) -> str:
    return f"{day:%B %-d, %Y}"


def _text(value: object, what: str, maximum: int) -> str:
    if not isinstance(value, str):
        raise Invalid(f"Enter the {what} as text.")
    value = " ".join(value.split())
    if len(value) > maximum:
        raise Invalid(f"The {what} can be at most {maximum} characters.")
    return value


def _plain_date(value: object, what: str) -> date:
    if not isinstance(value, date) or isinstance(value, datetime):
        raise Invalid(f"Enter the {what} as a date.")
    return value


def _hours(value: object, what: str) -> Decimal:
    if isinstance(value, int) and not isinstance(value, bool):
        value = Decimal(value)
    if not isinstance(value, Decimal) or not value.is_finite():
        raise Invalid(f"Enter the {what} as a number.")
    return value


def _clean(session: Session, form: object) -> EventForm:
    """The form checked and tidied, or Invalid saying what to fix."""
    if not isinstance(form, EventForm):
        raise Invalid("The event form is incomplete.")
    title = _text(form.title, "title", TITLE_LENGTH[1])
    if len(title) < TITLE_LENGTH[0]:
        raise Invalid(f"Enter a title of {TITLE_LENGTH[0]} to {TITLE_LENGTH[1]} characters.")
    provider = _text(form.provider, "provider", TEXT_LENGTH)
    location = _text(form.location, "location", TEXT_LENGTH)
    starts_on = _plain_date(form.starts_on, "first day of the event")
    ends_on = _plain_date(form.ends_on, "last day of the event")
    if starts_on > ends_on:
        raise Invalid("The event cannot end before it starts.")
    increment = _hours(form.increment, "credit increment")
    if increment not in INCREMENTS:
        raise Invalid("The credit increment must be 0.25, 0.5 or 1.")
    if not isinstance(form.designation, str):
        raise Invalid("Enter the designation statement as text.")
    designation = form.designation.strip()
    if len(designation) > DESIGNATION_LENGTH:
        raise Invalid(f"The designation statement can be at most {DESIGNATION_LENGTH} characters.")
    category_id = form.category_id
    if category_id is not None:
        if (not isinstance(category_id, int) or isinstance(category_id, bool)
                or session.get(Category, category_id) is None):
            raise Invalid("Choose a credit category from the list.")
    if not isinstance(form.days, (tuple, list)) or not all(isinstance(d, DayForm) for d in form.days):
        raise Invalid("The event's days are incomplete.")
    if not form.days:
        raise Invalid("Give the event at least one day.")
    days: dict[date, Decimal] = {}
    for entry in form.days:
        day = _plain_date(entry.day, "day")
        if day in days:
            raise Invalid(f"{_long_date(day)} is listed twice.")
        if not starts_on <= day <= ends_on:
            raise Invalid(f"{_long_date(day)} is outside the event's dates "
                          f"({_long_date(starts_on)} to {_long_date(ends_on)}).")
        credits = _hours(entry.max_credits, f"maximum credits for {_long_date(day)}")
        if not Decimal(0) < credits <= MAX_DAY_CREDITS:
            raise Invalid(f"The maximum credits for {_long_date(day)} must be more than 0 and at most "
                          f"{MAX_DAY_CREDITS}.")
        if credits % increment != 0:
            raise Invalid(f"The maximum credits for {_long_date(day)} must be in steps of {increment}.")
        days[day] = credits
    return EventForm(title=title, provider=provider, location=location, starts_on=starts_on, ends_on=ends_on,
                     increment=increment, designation=designation, category_id=category_id,
                     days=tuple(DayForm(d, days[d]) for d in sorted(days)))


def _event(session: Session, activity_id: object) -> Activity:
    if not isinstance(activity_id, int) or isinstance(activity_id, bool):
        raise NotFound("No such event.")
    activity = session.get(Activity, activity_id)
    if activity is None or activity.kind != ActivityKind.EVENT:
        raise NotFound("No such event.")
    return activity


def _days(session: Session, activity_id: int, *, lock: bool = False) -> list[EventDay]:
    """The event's days; ``lock`` holds them against concurrent saves until the unit of work ends.

    ``cme.save_day`` reads its day FOR SHARE, so on PostgreSQL an edit that lowers a
    day's maximum and a save racing it are serialised (SQLite serialises every
    transaction anyway).
    """
    statement = select(EventDay).where(EventDay.activity_id == activity_id).order_by(EventDay.day)
    return list(session.exec(statement.with_for_update() if lock else statement))


def _chunks(values: list, size: int = _IN_CHUNK):
    for start in range(0, len(values), size):
        yield values[start:start + size]


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
    activity = _event(session, activity_id)
    form = _clean(session, form)
    days = _days(session, activity.id, lock=True)
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
                raise Conflict(f"{_long_date(day)} cannot be removed: members are registered for it "
                               "or have saved credits for it.")
    for day in altered:
        saved = saved_max.get(old[day].id)
        if saved is not None and new[day] < saved:
            raise Conflict(f"A member has already saved {saved} credits for {_long_date(day)}, so its "
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


def event_form(*, session: Session, actor: Actor, activity_id: object) -> EventForm:
    """The event as the edit page shows it."""
    actor.require(Role.STAFF)
    activity = _event(session, activity_id)
    return EventForm(title=activity.title, provider=activity.provider, location=activity.location,
                     starts_on=activity.starts_on, ends_on=activity.ends_on, increment=activity.increment,
                     designation=activity.designation, category_id=activity.category_id,
                     days=tuple(DayForm(d.day, d.max_credits) for d in _days(session, activity.id)))


def _header_key(name: str) -> str:
    """'Member ID', 'member_id' and ' MEMBER-ID ' all become 'member_id'."""
    return "_".join(re.sub(r"[_\-]", " ", name.strip().lower()).split())


def _parse_day(text: str) -> date | None:
    for pattern, order in ((_ISO_DATE, (0, 1, 2)), (_US_DATE, (2, 0, 1))):
        match = pattern.fullmatch(text)
        if match:
            parts = match.groups()
            try:
                return date(int(parts[order[0]]), int(parts[order[1]]), int(parts[order[2]]))
            except ValueError:
                return None
    return None


def _cell(record: list[str], index: int) -> str:
    return record[index].strip() if index < len(record) else ""


def _read_rows(csv_text: str) -> list[tuple[int, str, str]]:
    """``(line, member number, day text)`` for each data row, the line being where the row starts.

    Raises ImportRejected when the header lacks a column and Invalid when the file is too long.
    """
    reader = csv.reader(io.StringIO(csv_text.removeprefix("\ufeff"), newline=""))
    rows: list[tuple[int, str, str]] = []
    member_col = day_col = None
    header_seen = False
    previous_end = 0
    try:
        for record in reader:
            line, previous_end = previous_end + 1, reader.line_num
            if not any(cell.strip() for cell in record):
                continue  # blank lines are no rows
            if not header_seen:
                header_seen = True
                keys = [_header_key(cell) for cell in record]
                members = [i for i, k in enumerate(keys) if k in MEMBER_COLUMNS]
                days = [i for i, k in enumerate(keys) if k in DAY_COLUMNS]
                problems = []
                for found, name in ((members, "member_id (or Member ID)"), (days, "day (or Date)")):
                    if not found:
                        problems.append((line, f"The header row has no {name} column."))
                    elif len(found) > 1:
                        problems.append((line, f"The header row has more than one {name} column."))
                if problems:
                    raise ImportRejected(tuple(problems))
                member_col, day_col = members[0], days[0]
                continue
            if len(rows) >= MAX_IMPORT_ROWS:
                raise Invalid(f"The file has more than {MAX_IMPORT_ROWS:,} rows; split it into smaller files.")
            rows.append((line, _cell(record, member_col), _cell(record, day_col)))
    except csv.Error as error:
        raise ImportRejected(((previous_end + 1, f"This line cannot be read as CSV ({error})."),)) from error
    if not header_seen:
        raise ImportRejected(((1, "The file is empty; it needs a header row with member_id and day."),))
    if not rows:
        raise Invalid("The file has a header row but no registrations.")
    return rows


@dataclass(frozen=True)
class _Known:
    """What the file's rows are checked against, read in a few set-based queries before any row is looked at.

    Reading it up front keeps the per-row check free of queries, so a 100,000-row file is one pass
    in Python. The event's registrations are read whole (one query per few days, not one per 500
    members): an event has at most a few hundred thousand, a few megabytes of tuples.
    """

    days: dict[date, int]  # the event's day -> its id
    members: dict[str, Row]  # member number -> (id, full_name, is_active), for the numbers in the file
    existing: set[tuple[int, int]]  # (member id, day id) already registered
    submitted: set[int]  # members who have submitted this event


def _members_named(session: Session, numbers: list[str]) -> dict[str, Row]:
    """The members the file names, as plain rows: ORM objects would cost more than the whole check."""
    found: dict[str, Row] = {}
    for chunk in _chunks(numbers):
        found.update((row.member_number, row) for row in session.execute(
            select(Member.member_number, Member.id, Member.full_name, Member.is_active)
            .where(Member.member_number.in_(chunk))))
    return found


def _known(session: Session, activity_id: int, rows: list[tuple[int, str, str]]) -> _Known:
    """The event's days, the members the file names, the event's registrations and who submitted it."""
    days = {d.day: d.id for d in _days(session, activity_id)}
    members = _members_named(session, sorted({number for _, number, _ in rows if number}))
    existing: set[tuple[int, int]] = set()
    for chunk in _chunks(list(days.values())):
        existing.update(session.execute(select(Registration.member_id, Registration.event_day_id)
                                        .where(Registration.event_day_id.in_(chunk))).tuples())
    submitted = set(session.execute(select(EventSubmission.member_id)
                                    .where(EventSubmission.activity_id == activity_id)).scalars())
    return _Known(days=days, members=members, existing=existing, submitted=submitted)


def _member_problem(number: str, member: Row | None) -> str | None:
    if not number:
        return "The member ID is blank."
    if member is None:
        return f"No member has the ID {number[:40]!r}."
    if not member.is_active:
        return f"Member {number} ({member.full_name}) has an inactive account."
    return None


def _day_problem(day_text: str, day: date | None, days: dict[date, int]) -> str | None:
    if not day_text:
        return "The day is blank."
    if day is None:
        return f"{day_text[:40]!r} is not a date; use YYYY-MM-DD or MM/DD/YYYY."
    if day not in days:
        return f"{_long_date(day)} is not a day of this event."
    return None


@dataclass
class _Plan:
    """The registrations a file would add, and what it would report, once every row has been checked."""

    wanted: dict[tuple[int, int], None]  # insertion-ordered set of (member id, day id)
    named: set[int]
    already: int
    problems: list[tuple[int, str]]


def _plan(rows: list[tuple[int, str, str]], known: _Known) -> _Plan:
    """Check every row against ``known``; all problems are collected, so staff fix the file in one go."""
    plan = _Plan(wanted={}, named=set(), already=0, problems=[])
    parsed: dict[str, date | None] = {}  # a file repeats a handful of day spellings 100,000 times
    for line, number, day_text in rows:
        if day_text not in parsed:
            parsed[day_text] = _parse_day(day_text) if day_text else None
        member = known.members.get(number)
        day = parsed[day_text]
        bad = [p for p in (_member_problem(number, member), _day_problem(day_text, day, known.days)) if p]
        if bad:
            plan.problems.append((line, " ".join(bad)))
            continue
        key = (member.id, known.days[day])
        plan.named.add(member.id)
        if key in known.existing or key in plan.wanted:
            plan.already += 1
        elif member.id in known.submitted:
            plan.problems.append((line, f"Member {number} ({member.full_name}) has already submitted credits "
                                        "for this event, so no day can be added."))
        else:
            plan.wanted[key] = None
    return plan


def _insert_registrations(session: Session, pairs: list[tuple[int, int]], now: datetime) -> None:
    """One executemany through Core: building 100,000 ORM objects took most of a large import's time."""
    if not pairs:
        return
    session.flush()  # anything the caller added goes first, as an ORM flush would order it
    try:
        session.execute(insert(Registration.__table__),
                        [{"member_id": m, "event_day_id": d, "source": "import", "imported_at": now}
                         for m, d in pairs])
    except IntegrityError as error:
        raise Conflict("Registrations for this event changed while importing; import the file again.") from error


def import_registrations(*, session: Session, actor: Actor, activity_id: object, csv_text: str,
                         now: datetime) -> ImportReport:
    """Register the file's members for the event's days, all rows or none (R002-14, R002-15)."""
    actor.require(Role.STAFF)
    activity = _event(session, activity_id)
    if not isinstance(csv_text, str):
        raise Invalid("Upload the registration file as CSV text.")
    if len(csv_text.encode("utf-8", errors="replace")) > MAX_IMPORT_BYTES:
        raise Invalid(too_large_message())
    rows = _read_rows(csv_text)
    plan = _plan(rows, _known(session, activity.id, rows))
    if plan.problems:
        raise ImportRejected(tuple(plan.problems))
    _insert_registrations(session, list(plan.wanted), now)
    report = ImportReport(added=len(plan.wanted), already_registered=plan.already, members=len(plan.named))
    audit.record(session, actor_id=actor.member_id, action="registrations_imported", entity="activity",
                 entity_id=activity.id, rows=len(rows), added=report.added,
                 already_registered=report.already_registered, members=report.members)
    return report


def event_completion(*, session: Session, actor: Actor, activity_id: object, now: datetime) -> Completion:
    """Who is registered for the event, who has saved every registered day and who has submitted."""
    actor.require(Role.STAFF)
    activity = _event(session, activity_id)
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
