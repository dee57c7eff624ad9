"""Registering members for a live event from the registration system's CSV export (R002-14, R002-15).

All rows or none: every row is checked first (against the event's days and the
members it names, read in a few set-based queries), every problem is reported
with its line, and only a clean file is inserted, in one executemany. Imported
registrations make the days claimable at once; there is no waiting period
(R002-15 replaces the old portal's 72-hour delay).

A row passes the checks a member's own claim passes: an active account, and, for an event that gives CE credit,
no lapsed term holding the event (``courses.claims``). Staff never register their own days, as they never act on
their own renewal (``renewal.common``).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Row, insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from ce_tracker.formatting import long_date
from ce_tracker.models import Activity, EventSubmission, Member, Registration, Role
from ce_tracker.services import audit
from ce_tracker.services.accounts.actors import Actor
from ce_tracker.services.courses.claims import LAPSED, lapsed_on
from ce_tracker.services.errors import Conflict, Invalid
from ce_tracker.services.events.facts import event_days, event_of
from ce_tracker.services.renewal.common import is_own

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


def too_large_message() -> str:
    """What staff are told of a file over ``MAX_IMPORT_BYTES``; the page's upload check says the same."""
    return f"The file is larger than {MAX_IMPORT_BYTES / 2**20:g} MB; split it into smaller files."


def _chunks(values: list, size: int = _IN_CHUNK):
    for start in range(0, len(values), size):
        yield values[start:start + size]


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
    lapsed: set[int]  # members whose lapsed term holds this CE event: no credit can be recorded in it
    importer: Actor  # the staff member importing, who never registers their own days


def _members_named(session: Session, numbers: list[str]) -> dict[str, Row]:
    """The members the file names, as plain rows: ORM objects would cost more than the whole check."""
    found: dict[str, Row] = {}
    for chunk in _chunks(numbers):
        found.update((row.member_number, row) for row in session.execute(
            select(Member.member_number, Member.id, Member.full_name, Member.is_active)
            .where(Member.member_number.in_(chunk))))
    return found


def _lapsed_for(session: Session, activity: Activity) -> set[int]:
    """The members with a lapsed term holding the event's last day (where its credit counts); none for a
    CME-only event, which counts in no CE term."""
    return set() if activity.category_id is None else lapsed_on(session, activity.ends_on)


def _known(session: Session, activity: Activity, rows: list[tuple[int, str, str]], actor: Actor) -> _Known:
    """The event's days, the members the file names, the event's registrations and who submitted it."""
    activity_id = activity.id
    days = {d.day: d.id for d in event_days(session, activity_id)}
    members = _members_named(session, sorted({number for _, number, _ in rows if number}))
    existing: set[tuple[int, int]] = set()
    for chunk in _chunks(list(days.values())):
        existing.update(session.execute(select(Registration.member_id, Registration.event_day_id)
                                        .where(Registration.event_day_id.in_(chunk))).tuples())
    submitted = set(session.execute(select(EventSubmission.member_id)
                                    .where(EventSubmission.activity_id == activity_id)).scalars())
    return _Known(days=days, members=members, existing=existing, submitted=submitted,
                  lapsed=_lapsed_for(session, activity), importer=actor)


def _member_problem(number: str, member: Row | None, known: _Known) -> str | None:
    if not number:
        return "The member ID is blank."
    if member is None:
        return f"No member has the ID {number[:40]!r}."
    if is_own(known.importer, member.id):
        return f"Member {number} ({member.full_name}) is you: another staff member must register your days."
    if not member.is_active:
        return f"Member {number} ({member.full_name}) has an inactive account."
    if member.id in known.lapsed:
        return (f"Member {number} ({member.full_name}): this event falls in a certification term that has "
                f"lapsed; {LAPSED}.")
    return None


def _day_problem(day_text: str, day: date | None, days: dict[date, int]) -> str | None:
    if not day_text:
        return "The day is blank."
    if day is None:
        return f"{day_text[:40]!r} is not a date; use YYYY-MM-DD or MM/DD/YYYY."
    if day not in days:
        return f"{long_date(day)} is not a day of this event."
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
        bad = [p for p in (_member_problem(number, member, known), _day_problem(day_text, day, known.days)) if p]
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
    activity = event_of(session, activity_id)
    if not isinstance(csv_text, str):
        raise Invalid("Upload the registration file as CSV text.")
    if len(csv_text.encode("utf-8", errors="replace")) > MAX_IMPORT_BYTES:
        raise Invalid(too_large_message())
    rows = _read_rows(csv_text)
    plan = _plan(rows, _known(session, activity, rows, actor))
    if plan.problems:
        raise ImportRejected(tuple(plan.problems))
    _insert_registrations(session, list(plan.wanted), now)
    report = ImportReport(added=len(plan.wanted), already_registered=plan.already, members=len(plan.named))
    audit.record(session, actor_id=actor.member_id, action="registrations_imported", entity="activity",
                 entity_id=activity.id, rows=len(rows), added=report.added,
                 already_registered=report.already_registered, members=report.members)
    return report
