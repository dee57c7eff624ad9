"""Demo: a second program beside the CMI, and plans in the planner.

An ultrasound society's CME program (30 hours in 3 years, no categories) is created the way staff would in
the program editor; Maya (member@demo.test) holds a term in it besides her CMI term, so her Home and record
show both and each of her credits counts toward both. She has three plans in the planner.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from ce_tracker.models import Member
from ce_tracker.rules import CMI, local_date
from ce_tracker.rules.program_check import ProgramDraft
from ce_tracker.services.accounts import members
from ce_tracker.services.accounts.actors import load_actor
from ce_tracker.services.programs import editor as programs_editor
from ce_tracker.services.record import planner

ULTRASOUND = ProgramDraft(code="RDMS-CME", name="Ultrasound Society CME", term_years="3", total_hours="30",
                          recording_window_days="30", approval_window_days="30", review_days="14",
                          timezone="America/New_York")


def seed(session, *, people: dict[str, Member], now: datetime) -> None:
    staff, member = load_actor(session, people["staff"].id), load_actor(session, people["member"].id)
    today = local_date(CMI, now)
    row = programs_editor.create_program(session=session, actor=staff, draft=ULTRASOUND, now=now)
    members.open_term(session, member_id=member.member_id, program=row, starts_on=today - timedelta(days=400))
    session.flush()
    for title, category, hours, days in (("Spring anatomy workshop", "Art", "6", 60),
                                         ("Imaging physics webinar series", "Biomedical", "8", 150),
                                         ("Illustrators' copyright seminar", "Business", "3", 220)):
        planner.add_plan(session=session, actor=member, title=title, category=category, hours=hours,
                         planned_on=(today + timedelta(days=days)).isoformat(), now=now)
