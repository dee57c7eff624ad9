"""Staff import members' past CE credits from CSV: a preview naming every problem by line, then all or nothing.

A society moving to CE Tracker has years of credits in spreadsheets. Each line becomes a course credit in the
member's record (an ``Activity`` that is not in the catalog and a ``CreditClaim`` whose ``source`` is
``imported``), so the rules engine counts it like any other and the record shows where it came from.

The format (UTF-8, a header line, one credit per line; the column order is free)::

    member_number,category,hours,completed_on,title,provider
    M-000123,Art,6,2025-03-14,Watercolour anatomy workshop,City Art School

``provider`` may be left empty. Hours are more than 0, at most ``MAX_HOURS``, in quarter hours; the date is
YYYY-MM-DD and not in the future; the category is one of the member's program. A line identical to a credit
already imported (same member, title and date) is refused, so importing a file twice changes nothing.

A line passes the checks a member's own claim passes (``courses.claims``): an active account with the member
role, and a date outside every lapsed term. Staff never import into their own record (``renewal.common``), as
they never act on their own renewal. Two claim rules do not apply, and the preview says so (``ACCEPTED_ANYWAY``
and each line's ``note``): the 30-day window and pre-approval, since these are credits the society accepted
before it kept them here.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlmodel import Session, select

from ce_tracker.models import Activity, ActivityKind, Category, CreditClaim, Member, Role, RoleGrant
from ce_tracker.rules import HoursError, Program, check_claim_hours, local_date, parse_hours, recording_deadline
from ce_tracker.services import audit
from ce_tracker.services.accounts.actors import Actor
from ce_tracker.services.accounts.members import first_program_id
from ce_tracker.services.courses.claims import LAPSED, in_lapsed_term, lapsed_terms
from ce_tracker.services.errors import Invalid
from ce_tracker.services.programs.store import default_program, load_program
from ce_tracker.services.renewal.common import is_own

IMPORTED = "imported"
COLUMNS = ("member_number", "category", "hours", "completed_on", "title", "provider")
REQUIRED = COLUMNS[:-1]
MAX_BYTES = 2 * 1024 * 1024
MAX_LINES = 10_000
MAX_HOURS = Decimal("100")
ACCEPTED_ANYWAY = ("Past records are accepted without pre-approval and after the 30-day window for recording "
                   "credit: the society accepted them before it kept its records here. Every other check of a "
                   "member's own claim applies: an active member's account, a category of the member's program, "
                   "and no credit in a term that has lapsed.")


@dataclass(frozen=True)
class Line:
    """One good line, ready to import."""

    line: int
    member_id: int
    member_number: str
    member_name: str
    category_id: int
    category: str
    hours: Decimal
    completed_on: date
    title: str
    provider: str
    note: str = ""  # why a line a member could no longer record is accepted anyway


@dataclass(frozen=True)
class Preview:
    """What the file would import, and every problem by line; ``problems`` empty means it may be committed."""

    lines: tuple[Line, ...]
    problems: tuple[str, ...]


def _rows(csv_text: object) -> list[tuple[int, dict[str, str]]]:
    """The file's lines after the header, each with its line number in the file (as a spreadsheet shows it)."""
    if not isinstance(csv_text, str) or not csv_text.strip():
        raise Invalid("Choose a CSV file with a header line and one credit per line.")
    if len(csv_text.encode("utf-8", errors="replace")) > MAX_BYTES:
        raise Invalid(f"The file is larger than {MAX_BYTES // 2**20} MB; split it into smaller files.")
    reader = csv.DictReader(io.StringIO(csv_text.lstrip("\ufeff"), newline=""), strict=True)
    header = [(h or "").strip().lower() for h in reader.fieldnames or []]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise Invalid(f"Line 1 (the header) lacks the column{'s' if len(missing) > 1 else ''} "
                      f"{', '.join(missing)}. Expected: {','.join(COLUMNS)}.")
    reader.fieldnames = header
    rows = []
    try:
        for row in reader:
            if len(rows) >= MAX_LINES:
                raise Invalid(f"The file has more than {MAX_LINES:,} lines; split it into smaller files.")
            rows.append((reader.line_num, row))
    except csv.Error as error:
        raise Invalid(f"Line {reader.line_num}: the file is not valid CSV ({error}).") from error
    if not rows:
        raise Invalid("The file has a header but no credits.")
    return rows


def _value(row: dict, name: str) -> str:
    value = row.get(name)
    return value.strip() if isinstance(value, str) else ""


class _Lookup:
    """Members, their roles, lapsed terms, programs and categories, read once per file, not once per line."""

    def __init__(self, session: Session, numbers: set[str]) -> None:
        self.members = {m.member_number.upper(): m for m in
                        session.exec(select(Member).where(Member.member_number.in_(numbers))).all()} if numbers else {}
        ids = [m.id for m in self.members.values()]
        self.certified = set(session.exec(select(RoleGrant.member_id).where(
            RoleGrant.member_id.in_(ids), RoleGrant.role == Role.MEMBER)).all()) if ids else set()
        self.lapsed = lapsed_terms(session, ids)
        self.categories: dict[int, dict[str, Category]] = {}
        self.programs: dict[int, Program] = {}
        self.session = session
        fallback = default_program(session)
        self.default_program_id = fallback.id if fallback else None

    def category(self, member: Member, name: str) -> Category | None:
        program_id = first_program_id(self.session, member.id) or self.default_program_id
        if program_id not in self.categories:
            rows = self.session.exec(select(Category).where(Category.program_id == program_id)).all()
            self.categories[program_id] = {c.name.lower(): c for c in rows}
        return self.categories[program_id].get(name.lower())

    def program(self, category: Category) -> Program:
        if category.program_id not in self.programs:
            self.programs[category.program_id] = load_program(self.session, category.program_id)
        return self.programs[category.program_id]


def _member_problems(member: Member, actor: Actor, lookup: _Lookup) -> list[str]:
    """What refuses a line for its member: the claim rules' account checks, and the importer's own record."""
    if is_own(actor, member.id):
        return [f"{member.member_number} is your own record: another staff member must import your past credits"]
    if not member.is_active:
        return [f"{member.member_number} ({member.full_name}) has an inactive account"]
    if member.id not in lookup.certified:
        return [f"{member.member_number} ({member.full_name}) is not a member's account"]
    return []


def _late_note(lookup: _Lookup, category: Category, completed_on: date, today: date) -> str:
    """The line's note when a member could no longer record it (R000-08): past records are accepted anyway."""
    program = lookup.program(category)
    if recording_deadline(program, completed_on) >= today:
        return ""
    return (f"Completed more than {program.recording_window_days} days ago: accepted as a past record (the "
            f"{program.recording_window_days}-day rule applies to credit recorded in CE Tracker).")


def _check(row: dict, n: int, lookup: _Lookup, actor: Actor, today: date, problems: list[str]) -> Line | None:
    errors = []
    number, category_name = _value(row, "member_number").upper(), _value(row, "category")
    title, provider = " ".join(_value(row, "title").split()), " ".join(_value(row, "provider").split())
    member = lookup.members.get(number)
    if not number:
        errors.append("the member number is empty")
    elif member is None:
        errors.append(f"no member has the number {number[:20]!r}")
    else:
        errors += _member_problems(member, actor, lookup)
    category = lookup.category(member, category_name) if member and category_name else None
    if member and category is None:
        errors.append(f"{category_name[:60]!r} is not a category of the member's program" if category_name
                      else "the category is empty")
    try:
        hours = check_claim_hours(parse_hours(_value(row, "hours")), MAX_HOURS)
    except HoursError as error:
        hours = None
        errors.append(f"hours: {str(error).rstrip('.')}")
    try:
        completed_on = date.fromisoformat(_value(row, "completed_on"))
        if completed_on > today:
            errors.append(f"the date {completed_on.isoformat()} is in the future")
        elif member and in_lapsed_term(lookup.lapsed.get(member.id, []), completed_on):
            errors.append(f"the date {completed_on.isoformat()} falls in a certification term of "
                          f"{member.member_number} that has lapsed; {LAPSED}")
    except ValueError:
        completed_on = None
        errors.append(f"the date {_value(row, 'completed_on')[:20]!r} is not a date like 2025-03-14")
    if not title:
        errors.append("the title is empty")
    elif len(title) > 200 or len(provider) > 200:
        errors.append("the title and provider are at most 200 characters each")
    if errors:
        problems.append(f"Line {n}: " + "; ".join(errors) + ".")
        return None
    return Line(n, member.id, member.member_number, member.full_name, category.id, category.name, hours,
                completed_on, title, provider, _late_note(lookup, category, completed_on, today))


def _already(session: Session, lines: list[Line]) -> set[tuple[int, str, date]]:
    members = {line.member_id for line in lines}
    if not members:
        return set()
    rows = session.exec(select(CreditClaim.member_id, Activity.title, CreditClaim.completed_on)
                        .join(Activity, Activity.id == CreditClaim.activity_id)
                        .where(CreditClaim.member_id.in_(members), CreditClaim.source == IMPORTED)).all()
    return {(m, t.lower(), d) for m, t, d in rows}


def require_importer(actor: Actor) -> None:
    """Only staff import past records (the page asks before showing its form)."""
    actor.require(Role.STAFF)


def preview(*, session: Session, actor: Actor, csv_text: object, now: datetime) -> Preview:
    """Check every line of the file without changing anything."""
    actor.require(Role.STAFF)
    rows = _rows(csv_text)
    lookup = _Lookup(session, {_value(r, "member_number").upper() for _, r in rows if _value(r, "member_number")})
    program = default_program(session)
    today = local_date(load_program(session, program.id), now) if program else now.date()
    problems: list[str] = []
    lines = [line for n, row in rows if (line := _check(row, n, lookup, actor, today, problems))]
    seen: dict[tuple[int, str, date], int] = {}
    existing = _already(session, lines)
    for line in lines:
        key = (line.member_id, line.title.lower(), line.completed_on)
        if key in existing:
            problems.append(f"Line {line.line}: {line.member_number} already has the imported credit "
                            f"{line.title!r} of {line.completed_on.isoformat()}.")
        elif key in seen:
            problems.append(f"Line {line.line}: the same credit as line {seen[key]}.")
        seen.setdefault(key, line.line)
    problems.sort(key=lambda p: int(p.split(":", 1)[0].split()[1]))
    return Preview(tuple(lines), tuple(problems))


def commit(*, session: Session, actor: Actor, csv_text: object, now: datetime) -> int:
    """Import every line or none: any problem refuses the whole file. Returns the number of credits imported."""
    result = preview(session=session, actor=actor, csv_text=csv_text, now=now)
    if result.problems:
        raise Invalid(f"Nothing was imported: the file has {len(result.problems)} problem"
                      f"{'s' if len(result.problems) > 1 else ''}. {result.problems[0]}")
    for line in result.lines:
        activity = Activity(kind=ActivityKind.COURSE, title=line.title, provider=line.provider,
                            starts_on=line.completed_on, ends_on=line.completed_on, hours=line.hours,
                            category_id=line.category_id, pre_approved=False, created_at=now,
                            description="Imported from past records.")
        session.add(activity)
        session.flush()
        session.add(CreditClaim(member_id=line.member_id, activity_id=activity.id, category_id=line.category_id,
                                hours=line.hours, completed_on=line.completed_on, claimed_at=now, source=IMPORTED))
    session.flush()
    audit.record(session, actor_id=actor.member_id, action="past_credits_imported", entity="creditclaim",
                 lines=len(result.lines), members=len({line.member_id for line in result.lines}))
    return len(result.lines)
