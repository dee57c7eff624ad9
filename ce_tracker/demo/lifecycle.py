"""Demo states of the certification lifecycle: a member in the window, one in grace, one lapsed.

Every date is an offset from ``now`` in the society's calendar, so the states hold whenever the demo is seeded:

* Inés Navarro: term ends in about 5 months, every requirement met, not yet applied: the window is open.
* Gabriel Grant: term ended 10 days ago, 3.5 Biomedical hours short; a course completed on the term's last day can
  still be recorded for 20 more days: in grace.
* Helen Marsh (base demo): lapsed; her Renewal page carries the exam link and the Board's contact.
* Priya Raman (base demo): applied, fee not yet received, with invoice reference to import.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlmodel import Session

from ce_tracker.demo.people import DEMO_PASSWORD, DOMAIN, demo_password_hash
from ce_tracker.models import Activity, ActivityKind, CreditClaim, Member
from ce_tracker.rules import CMI, add_months, local_date
from ce_tracker.services.accounts import members
from ce_tracker.services.programs import store


def _course(session: Session, categories, title: str, category: str, hours: str, on: date) -> Activity:
    course = Activity(kind=ActivityKind.COURSE, title=title, provider="Demo provider", location="Online",
                      starts_on=on, ends_on=on, hours=Decimal(hours), category_id=categories[category].id)
    session.add(course)
    session.flush()
    return course


def _claim(session: Session, member: Member, course: Activity, now: datetime) -> None:
    """Recorded a few days after completing it, well inside the 30-day window (R000-08)."""
    recorded = datetime.combine(course.ends_on + timedelta(days=4), time(12), ZoneInfo(CMI.timezone))
    session.add(CreditClaim(member_id=member.id, activity_id=course.id, category_id=course.category_id,
                            hours=course.hours, completed_on=course.ends_on,
                            claimed_at=min(recorded.astimezone(timezone.utc), now)))


def _person(session: Session, username: str, name: str, term_ends: date) -> Member:
    starts = add_months(term_ends + timedelta(days=1), -12 * CMI.term_years)
    return members.add_member(session, members.NewMember(name, f"{username}@{DOMAIN}", username,
                                                         certified_on=starts), password=DEMO_PASSWORD, actor_id=None,
                              password_hash=demo_password_hash(session))


def seed(session: Session, *, people: dict[str, Member], now: datetime) -> None:
    today = local_date(CMI, now)
    program = store.default_program(session)
    categories = {c.name: c for c in store.categories_of(session, program.id)}
    window = _person(session, "ines.navarro", "Inés Navarro", add_months(today, 5))
    for title, category, hours, back in (("Medical Animation Principles", "Art", "7.5", 30),
                                         ("Storyboarding Surgery", "Art", "6.5", 26),
                                         ("Clinical Anatomy Review", "Biomedical", "7.5", 20),
                                         ("Imaging the Inner Ear", "Biomedical", "6.5", 16),
                                         ("Running a Freelance Studio", "Business", "7", 10)):
        _claim(session, window, _course(session, categories, title, category, hours,
                                        add_months(today, -back)), now)
    ended = today - timedelta(days=10)
    grace = _person(session, "gabriel.grant", "Gabriel Grant", ended)
    for title, category, hours, back in (("Botanical Illustration Intensive", "Art", "7.5", 40),
                                         ("Pen and Ink Textures", "Art", "6.5", 36),
                                         ("Histology for Illustrators", "Biomedical", "7", 25),
                                         ("Embryology Basics", "Biomedical", "3.5", 21),
                                         ("Contracts and Licensing", "Business", "7", 15)):
        _claim(session, grace, _course(session, categories, title, category, hours,
                                       add_months(ended, -back)), now)
    # Completed on the term's last day and not yet recorded: the 30-day window keeps the term in grace.
    _course(session, categories, "Cardiovascular Imaging Update", "Biomedical", "3.5", ended)
    session.flush()
