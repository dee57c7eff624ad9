"""Test data made through the same services the app uses."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone  # noqa: F401 (date re-exported for tests)
from decimal import Decimal

from sqlmodel import Session, select

from ce_tracker.models import Activity, ActivityKind, Category, EventDay, Registration, Role
from ce_tracker.rules import CMI
from ce_tracker.services.accounts.actors import Actor, load_actor
from ce_tracker.services.accounts.members import NewMember, add_member
from ce_tracker.services.programs.store import install_program

PASSWORD = "correct-horse-2026"
_counter = iter(range(10_000))


def program(session: Session):
    """The CMI program installed (idempotent)."""
    return install_program(session, CMI)


def category(session: Session, name: str) -> Category:
    row = program(session)
    return session.exec(select(Category).where(Category.program_id == row.id, Category.name == name)).one()


def person(session: Session, *roles: Role, name: str | None = None, certified_on: date | None = None,
           password: str | None = PASSWORD) -> Actor:
    """A new account with ``roles`` (member by default) and the password ``PASSWORD``."""
    program(session)
    n = next(_counter)
    member = add_member(session, NewMember(name or f"Person {n}", f"person{n}@example.test", f"person{n}",
                                           roles or (Role.MEMBER,), certified_on),
                        password=password, actor_id=None)
    session.flush()
    return load_actor(session, member.id)


def account(session: Session, *roles: Role, name: str | None = None, certified_on: date | None = None) -> Actor:
    """Like ``person``, without a password: nothing is hashed (tests that make many people stay fast), and nobody
    can sign in as it."""
    return person(session, *roles, name=name, certified_on=certified_on, password=None)


def event(session: Session, *, ends_on: date, days: int = 3, max_credits: str = "8",
          category_name: str | None = "Biomedical", title: str = "Annual Convention") -> Activity:
    """An event of ``days`` consecutive days ending on ``ends_on``."""
    starts_on = ends_on - timedelta(days=days - 1)
    activity = Activity(kind=ActivityKind.EVENT, title=title, provider="AMI", location="Denver, CO",
                        starts_on=starts_on, ends_on=ends_on,
                        category_id=category(session, category_name).id if category_name else None,
                        designation="Designated for a maximum of 24 CE credits.")
    session.add(activity)
    session.flush()
    for i in range(days):
        session.add(EventDay(activity_id=activity.id, day=starts_on + timedelta(days=i),
                             max_credits=Decimal(max_credits)))
    session.flush()
    return activity


def event_days(session: Session, activity: Activity) -> list[EventDay]:
    return list(session.exec(select(EventDay).where(EventDay.activity_id == activity.id).order_by(EventDay.day)))


def register(session: Session, actor: Actor, *days: EventDay) -> None:
    for day in days:
        session.add(Registration(member_id=actor.member_id, event_day_id=day.id))
    session.flush()


def at(day: date, hour: int = 12) -> datetime:
    """Noon (by default) in New York on ``day``, as an aware UTC instant."""
    from zoneinfo import ZoneInfo
    return datetime(day.year, day.month, day.day, hour, tzinfo=ZoneInfo("America/New_York")).astimezone(timezone.utc)


def approval_request(session: Session, actor: Actor, *, ends_on: date, hours: str = "6", category_name: str = "Art",
                     title: str = "Anatomy Sketching Workshop", now: datetime | None = None):
    """A pending approval request by ``actor`` for a two-day activity ending on ``ends_on``, made the day after."""
    from ce_tracker.config import settings
    from ce_tracker.services.approvals.requests import submit_request
    return submit_request(
        session=session, actor=actor, title=title, provider="City Art School",
        starts_on=(ends_on - timedelta(days=1)).isoformat(), ends_on=ends_on.isoformat(), format="in person",
        category_id=category(session, category_name).id, hours=hours, description="Two days of drawing.",
        url="https://example.org/workshop", now=now or at(ends_on + timedelta(days=1)), settings=settings).request


def course_credit(session: Session, actor: Actor, category_name: str, hours: str, completed_on: date,
                  title: str | None = None) -> None:
    """A recorded catalog course worth ``hours`` in ``category_name``, completed on ``completed_on``."""
    from ce_tracker.models import CreditClaim

    course = Activity(kind=ActivityKind.COURSE, title=title or f"{category_name} course", provider="Provider",
                      starts_on=completed_on, ends_on=completed_on, hours=Decimal(hours),
                      category_id=category(session, category_name).id)
    session.add(course)
    session.flush()
    session.add(CreditClaim(member_id=actor.member_id, activity_id=course.id, category_id=course.category_id,
                            hours=Decimal(hours), completed_on=completed_on))
    session.flush()


def enough_to_renew(session: Session, actor: Actor, on: date) -> None:
    """Art 14, Biomedical 14, Business 7: exactly the 35 hours a CMI needs."""
    for name, hours in (("Art", "14"), ("Biomedical", "14"), ("Business", "7")):
        course_credit(session, actor, name, hours, on)


def judged(answer: str = "meets") -> dict:
    """The committee's answer to each of the seed's criteria, as the review page sends them."""
    from ce_tracker.services.approvals.criteria import DEFAULT_CRITERIA
    return {c.code: {"answer": answer, "note": ""} for c in DEFAULT_CRITERIA}
