"""Demo: an AMI meeting with designated sessions, an Art workshop day and a Biomedical talk day.

Staff set it up and designated its first day for Art through the real services; the event itself is
Biomedical, so its second day counts there. Elena Petrova entered both days and submitted, so her record,
her certificate and the Board's figures show the split; Aisha Dar is registered with nothing entered yet. The
demo member's own list is left as the base demo describes it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from sqlmodel import Session

from ce_tracker.demo.people import SOCIETY
from ce_tracker.models import Member, Registration
from ce_tracker.rules import CMI, local_date
from ce_tracker.services.accounts.actors import load_actor
from ce_tracker.services.events import admin, cme, designated_sessions
from ce_tracker.services.events.admin import DayForm, EventForm
from ce_tracker.services.events.facts import event_days
from ce_tracker.services.programs import store

TITLE = "AMI Art & Anatomy Meeting {year}"


def seed(session: Session, *, people: dict[str, Member], now: datetime) -> None:
    staff = load_actor(session, people["staff"].id)
    categories = {c.name: c for c in store.categories_of(session, store.default_program(session).id)}
    starts_on = local_date(CMI, now) - timedelta(days=7)
    ends_on = starts_on + timedelta(days=1)
    created = now - timedelta(days=60)
    meeting = admin.create_event(session=session, actor=staff, now=created, form=EventForm(
        title=TITLE.format(year=starts_on.year), provider=SOCIETY, location="Chicago, IL",
        starts_on=starts_on, ends_on=ends_on, increment=Decimal("0.25"), category_id=categories["Biomedical"].id,
        designation=(f"The {SOCIETY} designates the workshop day for a maximum of 7 CE credits in the Art "
                     "category and the talks day for a maximum of 7.5 CE credits in the Biomedical category."),
        days=(DayForm(starts_on, Decimal(7)), DayForm(ends_on, Decimal("7.5")))))
    art_day, talk_day = event_days(session, meeting.id)
    designated_sessions.designate_day(session=session, actor=staff, event_day_id=art_day.id,
                                      category_id=categories["Art"].id, now=created)
    for username in ("elena.petrova", "aisha.dar"):
        for day in (art_day, talk_day):
            session.add(Registration(member_id=people[username].id, event_day_id=day.id, source="import",
                                     imported_at=created))
    session.flush()
    elena = load_actor(session, people["elena.petrova"].id)
    entered = now - timedelta(days=4)
    for day, value in ((art_day, "6.5"), (talk_day, "7.5")):
        cme.save_day(session=session, actor=elena, event_day_id=day.id, value=value, now=entered)
    cme.submit_event(session=session, actor=elena, activity_id=meeting.id, now=entered)
