"""The data the write benchmarks share: the CMI program, certified members and one concluded 3-day event."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import delete
from sqlalchemy.engine import Engine
from sqlmodel import Session

from ce_tracker.models import (
    Activity,
    ActivityKind,
    AuditEntry,
    Certificate,
    DayCredit,
    EventDay,
    EventSubmission,
    Registration,
)
from ce_tracker.rules import CMI, local_date
from ce_tracker.services.accounts.actors import Actor, load_actor
from ce_tracker.services.accounts.members import NewMember, add_member
from ce_tracker.services.programs.store import categories_of, install_program

DAY_MAX = Decimal("8")


@dataclass(frozen=True)
class Conference:
    activity_id: int
    day_ids: list[int]
    attendees: list[Actor]


def seed_conference(engine: Engine, attendees: int, now: datetime, *, password_hash: str | None = None,
                    prefix: str = "bench") -> Conference:
    """The program, ``attendees`` certified members each registered for all 3 days of an event that ended
    3 days ago (claiming open). Members get ``password_hash`` as stored (None: no login, so no argon2)."""
    today = local_date(CMI, now)
    with Session(engine, expire_on_commit=False) as session:
        program = install_program(session, CMI)
        biomedical = next(c for c in categories_of(session, program.id) if c.name == "Biomedical")
        ends_on = today - timedelta(days=3)
        activity = Activity(kind=ActivityKind.EVENT, title="Benchmark Conference", provider="AMI",
                            location="Denver, CO", starts_on=ends_on - timedelta(days=2), ends_on=ends_on,
                            category_id=biomedical.id, designation="Designated for a maximum of 24 CE credits.")
        session.add(activity)
        session.flush()
        days = [EventDay(activity_id=activity.id, day=activity.starts_on + timedelta(days=i), max_credits=DAY_MAX)
                for i in range(3)]
        session.add_all(days)
        session.flush()
        certified_on = date(today.year - 1, today.month, min(today.day, 28))
        members = []
        for n in range(attendees):
            member = add_member(session, NewMember(f"Bench Member {n}", f"{prefix}{n}@example.test",
                                                   f"{prefix}{n}", certified_on=certified_on),
                                password=None, actor_id=None)
            if password_hash:
                member.password_hash = password_hash
            members.append(member)
        session.flush()
        session.add_all(Registration(member_id=m.id, event_day_id=d.id) for m in members for d in days)
        session.flush()
        actors = [load_actor(session, m.id) for m in members]
        session.commit()
        return Conference(activity.id, [d.id for d in days], actors)


def clear_saves(engine: Engine) -> None:
    """Forget every save, submit and audit row, so the next run inserts afresh (not timed)."""
    with Session(engine) as session:
        for table in (Certificate, DayCredit, EventSubmission, AuditEntry):
            session.execute(delete(table))
        session.commit()
