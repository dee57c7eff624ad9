"""Upcoming Courses: the pre-approved catalog, and headquarters' upkeep of it (R000-03, R000-06, R000-07, R000-09).

A course stays listed until 30 days after its end: the listing is a query on
the end date against the society's today, so nothing has to run for a course to
leave the list (R000-09). The acting member's own claims come in one query.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import func, or_
from sqlmodel import Session, select

from ce_tracker.models import Activity, ActivityKind, Category, CreditClaim, Role
from ce_tracker.services import audit
from ce_tracker.services.accounts.actors import Actor
from ce_tracker.services.approvals.shared import FORMATS
from ce_tracker.services.errors import Invalid
from ce_tracker.services.events.facts import today_for
from ce_tracker.services.inputs import hours as typed_hours
from ce_tracker.services.inputs import is_id, iso_date, text
from ce_tracker.services.programs.store import categories_of, default_program, load_program

LIMIT = 100  # courses on one page; the search narrows a larger catalog
MAX_QUERY = 100
MAX_HOURS = Decimal(40)


@dataclass(frozen=True)
class CatalogLine:
    """One listed course as the member sees it."""

    activity_id: int
    title: str
    provider: str
    location: str
    format: str
    url: str
    starts_on: date
    ends_on: date
    category_id: int
    category: str
    hours: Decimal
    opens_on: date  # the first day its credit can be recorded: the day after it ends
    closes_on: date  # the last day: 30 days after its end
    recorded: Decimal | None  # the member's recorded hours, if any

    def claimable(self, today: date) -> bool:
        return self.recorded is None and self.opens_on <= today <= self.closes_on


@dataclass(frozen=True)
class Catalog:
    today: date
    categories: tuple[str, ...]
    lines: tuple[CatalogLine, ...]
    more: bool  # more courses matched than are listed


def _like(text: str) -> str:
    """A LIKE pattern matching ``text`` literally (its % and _ are not wildcards)."""
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def catalog(*, session: Session, actor: Actor, now: datetime, category: object = None,
            query: object = "") -> Catalog:
    """Courses still listed, claimable ones first (soonest deadline first), then upcoming by start date."""
    row = default_program(session)
    program = load_program(session, row.id)
    today = today_for(program, now)
    names = tuple(c.name for c in categories_of(session, row.id))
    window = timedelta(days=program.recording_window_days)
    statement = (select(Activity, Category).join(Category, Category.id == Activity.category_id)
                 .where(Activity.kind == ActivityKind.COURSE, Activity.pre_approved,
                        Category.program_id == row.id, Activity.ends_on >= today - window))
    if category not in (None, ""):
        if category not in names:
            raise Invalid("Choose one of the program's categories.")
        statement = statement.where(Category.name == category)
    words = query.strip()[:MAX_QUERY] if isinstance(query, str) else ""
    if words:
        like = _like(words)
        statement = statement.where(or_(func.lower(Activity.title).like(like, escape="\\"),
                                        func.lower(Activity.provider).like(like, escape="\\"),
                                        func.lower(Activity.description).like(like, escape="\\")))
    found = session.exec(statement.order_by(Activity.ends_on, Activity.id).limit(LIMIT + 1)).all()
    ids = [a.id for a, _ in found[:LIMIT]]
    recorded = dict(session.exec(select(CreditClaim.activity_id, CreditClaim.hours).where(
        CreditClaim.member_id == actor.member_id, CreditClaim.activity_id.in_(ids))).all())
    lines = [CatalogLine(a.id, a.title, a.provider, a.location, a.format, a.url, a.starts_on, a.ends_on, c.id,
                         c.name, a.hours, a.ends_on + timedelta(days=1), a.ends_on + window, recorded.get(a.id))
             for a, c in found[:LIMIT]]
    lines.sort(key=lambda line: (line.opens_on > today, line.closes_on if line.opens_on <= today
                                 else line.starts_on, line.title))
    return Catalog(today=today, categories=names, lines=tuple(lines), more=len(found) > LIMIT)


# --- Headquarters keep the catalog --------------------------------------------------------------------

@dataclass(frozen=True)
class CourseInput:
    """What staff type for a course; every field as the browser sent it, checked by ``_clean``."""

    title: object
    provider: object
    location: object
    format: object
    starts_on: object
    ends_on: object
    category_id: object
    hours: object
    url: object = ""
    description: object = ""


def _text(value: object, field: str, limit: int, *, required: bool = False) -> str:
    return text(value, field=field, label=f"course's {field}", limit=limit, required=required, collapse=True)


def _clean(session: Session, course: CourseInput) -> dict:
    starts_on = iso_date(course.starts_on, field="starts_on", label="first day")
    ends_on = iso_date(course.ends_on, field="ends_on", label="last day")
    if ends_on < starts_on:
        raise Invalid("The last day cannot be before the first day.", field="ends_on")
    row = default_program(session)
    category = session.get(Category, course.category_id) if is_id(course.category_id) else None
    if category is None or category.program_id != row.id:
        raise Invalid("Choose the course's category.")
    if course.format not in FORMATS:
        raise Invalid("Choose how the course is given.")
    hours = typed_hours(course.hours, field="hours", label="course's hours", maximum=MAX_HOURS)
    url = _text(course.url, "link", 500)
    if url and not url.startswith(("https://", "http://")):
        raise Invalid("The link must start with https:// or http://.")
    return dict(title=_text(course.title, "title", 200, required=True),
                provider=_text(course.provider, "provider", 200, required=True),
                location=_text(course.location, "location", 200), format=course.format, starts_on=starts_on,
                ends_on=ends_on, category_id=category.id, hours=hours, url=url,
                description=_text(course.description, "description", 4000))


def create_course(*, session: Session, actor: Actor, course: CourseInput) -> Activity:
    """Add a pre-approved course to Upcoming Courses."""
    actor.require(Role.STAFF)
    activity = Activity(kind=ActivityKind.COURSE, pre_approved=True, **_clean(session, course))
    session.add(activity)
    session.flush()
    audit.record(session, actor_id=actor.member_id, action="course_created", entity="activity",
                 entity_id=activity.id, title=activity.title)
    return activity


def staff_courses(*, session: Session, actor: Actor, query: object = "") -> list[Activity]:
    """Every course, newest first, for headquarters (past ones included)."""
    actor.require(Role.STAFF)
    statement = select(Activity).where(Activity.kind == ActivityKind.COURSE)
    words = query.strip()[:MAX_QUERY] if isinstance(query, str) else ""
    if words:
        statement = statement.where(func.lower(Activity.title).like(_like(words), escape="\\"))
    return list(session.exec(statement.order_by(Activity.starts_on.desc(), Activity.id.desc()).limit(200)).all())
