"""The base demo: a dozen certified members, a course catalog, three CME events, renewals.

Approval requests are a feature on top of it (``demo.requests``).

Every date here is an offset from the ``now`` the caller passes in, never a
calendar date. The demo is there to show the states that matter: a conference
whose claiming window is open, a workshop whose claiming has not opened yet, a
term about to end, a request overdue for the committee's two-week review. Fixed
dates would age out of all of those within weeks; relative dates make a demo
seeded today and one seeded next spring look equally current.

Rows are made through the real services wherever one exists (accounts, terms,
per-day credits, submits and their certificates), so the demo can only hold
what the app itself could have produced.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import Session, select

from ce_tracker.config import settings
from ce_tracker.models import (
    Activity,
    ActivityKind,
    Category,
    CreditClaim,
    EventDay,
    Member,
    Registration,
    Role,
    TermStatus,
)
from ce_tracker.rules import CMI, local_date
from ce_tracker.services import audit
from ce_tracker.services.accounts import members
from ce_tracker.services.accounts.actors import load_actor
from ce_tracker.services.accounts.passwords import hash_password
from ce_tracker.services.events import cme
from ce_tracker.services.programs import store
from ce_tracker.services.renewal import applications as renewal_applications
from ce_tracker.services.renewal import payments

DEMO_PASSWORD = "demo-pass-2026"


def demo_password_hash(session: Session) -> str:
    """The demo password's argon2 hash, made once per seeding (kept on its session) for every demo account.

    They all share the one published password, so one salt among them hides nothing; a hash at the app's cost
    takes 0.2 CPU-seconds, a second of every demo seeding."""
    if "demo_password_hash" not in session.info:
        session.info["demo_password_hash"] = hash_password(DEMO_PASSWORD)
    return session.info["demo_password_hash"]
DOMAIN = "demo.test"
SOCIETY = "Association of Medical Illustrators"
ZONE = ZoneInfo(CMI.timezone)


# --- The people ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Person:
    """One demo account; ``courses`` are catalog keys the person has claimed credit for."""

    username: str
    full_name: str
    roles: tuple[Role, ...] = (Role.MEMBER,)
    certified_months_ago: int | None = None
    term_ends_in_days: int | None = None  # instead of a start: a term about to run out
    lapsed: bool = False
    courses: tuple[str, ...] = ()

    @property
    def email(self) -> str:
        return f"{self.username}@{DOMAIN}"


PEOPLE: tuple[Person, ...] = (
    # The three documented logins. Maya is short in Art; a recent course is there for her to claim.
    Person("member", "Maya Castillo", certified_months_ago=3 * 12 + 2,
           courses=("rigging", "pricing", "vesalius", "cardiac", "procreate")),
    Person("reviewer", "Rowan Iverson", (Role.REVIEWER, Role.MEMBER), certified_months_ago=50,
           courses=("chimerax", "brodel", "rigging", "neuro", "carbon", "color")),
    Person("staff", "Sam Okafor", (Role.STAFF,)),
    # Renewing within weeks, with every requirement met.
    Person("priya.raman", "Priya Raman", term_ends_in_days=44,
           courses=("pathology", "watercolor", "chimerax", "rigging", "neuro", "color", "vesalius", "copyright")),
    # First year of certification.
    Person("daniel.whitford", "Daniel Whitford", certified_months_ago=7, courses=("sculpting", "wax")),
    # Term ran out without enough Biomedical hours.
    Person("helen.marsh", "Helen Marsh", certified_months_ago=5 * 12 + 4, lapsed=True,
           courses=("figure", "watercolor", "color", "pathology", "project")),
    # More than the 21 Art hours that count.
    Person("tomas.herrera", "Tomás Herrera", certified_months_ago=54,
           courses=("watercolor", "rigging", "carbon", "color", "procreate", "chimerax", "cardiac")),
    # Business and History together above their 7-hour cap.
    Person("grace.liu", "Grace Liu", certified_months_ago=44,
           courses=("pricing", "copyright", "brodel", "vesalius", "wax", "rigging", "color", "neuro", "cardiac")),
    # Short in Art.
    Person("marcus.bell", "Marcus Bell", certified_months_ago=26, courses=("carbon", "cardiac", "hand", "copyright")),
    # Short in Biomedical.
    Person("aisha.dar", "Aisha Dar", certified_months_ago=33,
           courses=("carbon", "color", "procreate", "sculpting", "cardiac", "vesalius")),
    Person("elena.petrova", "Elena Petrova", certified_months_ago=20,
           courses=("color", "cardiac", "copyright", "procreate")),
    Person("jonah.fischer", "Jonah Fischer", certified_months_ago=49,
           courses=("project", "chimerax", "brodel", "rigging", "neuro", "carbon")),
    Person("claire.dubois", "Claire Dubois", certified_months_ago=29,
           courses=("vesalius", "color", "cardiac", "hand", "sculpting")),
    # Each status a term can have, so a newcomer sees every one on Home and the Board (``rules.status``):
    # at risk, behind the pace: 11 of the 35 h achieved after two thirds of the term.
    Person("victor.lang", "Victor Lang", certified_months_ago=40, courses=("hand", "color")),
    # At risk in the final days: enough hours overall, 1 h of Biomedical missing, 60 days left.
    Person("sofia.reyes", "Sofia Reyes", term_ends_in_days=60,
           courses=("watercolor", "rigging", "carbon", "pathology", "neuro", "project", "pricing")),
    # Hours met with applying not yet open (it opens 12 months before the term ends).
    Person("lena.brandt", "Lena Brandt", certified_months_ago=40,
           courses=("rigging", "carbon", "color", "neuro", "cardiac", "hand", "pricing", "vesalius")),
)


# --- The course catalog ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Course:
    """A pre-approved catalog course; ``ended_days_ago`` is negative for one still to come."""

    key: str
    title: str
    provider: str
    location: str
    category: str
    hours: str
    ended_days_ago: int
    days: int = 1


COURSES: tuple[Course, ...] = (
    # Ended within the last 30 days: still claimable.
    Course("sculpting", "Digital Sculpting for Medical Visualization", "Gnomon School of Visual Effects",
           "Online", "Art", "7.5", 12, days=3),
    Course("hand", "Surgical Anatomy of the Hand", "Johns Hopkins Art as Applied to Medicine",
           "Baltimore, MD", "Biomedical", "7.5", 24),
    Course("wax", "Anatomical Wax Models of La Specola", "Mütter Museum of The College of Physicians",
           "Philadelphia, PA", "History", "2", 5),
    # Older.
    Course("procreate", "Procreate for Surgical Sketching", "AMI Webinar Series", "Online", "Art", "2", 240),
    Course("copyright", "Copyright and Licensing for Illustrators", "Graphic Artists Guild", "Online",
           "Business", "2", 300),
    Course("cardiac", "Cardiac Embryology Refresher", "Augusta University Medical Illustration",
           "Augusta, GA", "Biomedical", "4", 330),
    Course("color", "Color Theory for Medical and Data Graphics", "Rochester Institute of Technology",
           "Rochester, NY", "Art", "3.5", 540),
    Course("vesalius", "Vesalius and the History of Anatomical Illustration", "The New York Academy of Medicine",
           "New York, NY", "History", "2.5", 650),
    Course("carbon", "Carbon Dust and Traditional Rendering Techniques", "Guild of Natural Science Illustrators",
           "Washington, DC", "Art", "6", 730, days=2),
    Course("neuro", "Neuroanatomy for Illustrators", "University of Toronto Biomedical Communications",
           "Toronto, ON", "Biomedical", "7", 900, days=2),
    Course("pricing", "Pricing and Contracts for Freelance Medical Illustrators",
           "AMI Professional Practices Committee", "Online", "Business", "3", 1020),
    Course("rigging", "Character Rigging for Medical Animation", "University of Illinois Chicago Biomedical "
           "Visualization", "Chicago, IL", "Art", "7.5", 1100, days=2),
    Course("brodel", "Max Brödel and the Birth of Medical Illustration", "Johns Hopkins Medical Archives",
           "Online", "History", "1.5", 1200),
    Course("chimerax", "Molecular Visualization with ChimeraX", "UCSF Resource for Biocomputing",
           "San Francisco, CA", "Biomedical", "5.25", 1350),
    Course("project", "Project Management for Creative Studios", "Rhode Island School of Design Continuing "
           "Education", "Online", "Business", "4.5", 1460, days=28),
    Course("watercolor", "Watercolor for Scientific Illustration", "Guild of Natural Science Illustrators",
           "Online", "Art", "7", 1570, days=42),
    Course("pathology", "Pathology Basics for Visual Communicators", "Mayo Clinic School of Continuous "
           "Professional Development", "Rochester, MN", "Biomedical", "6", 1700),
    Course("figure", "Figure Drawing Intensive: Musculoskeletal Form", "Art Students League of New York",
           "New York, NY", "Art", "7.5", 1880, days=3),
    # Still to come.
    Course("illustrator", "Adobe Illustrator Workflows for Patient Education", "AMI Webinar Series", "Online",
           "Art", "1.5", -20),
    Course("ophthalmic", "Ophthalmic Anatomy for Surgical Illustration", "Wilmer Eye Institute",
           "Baltimore, MD", "Biomedical", "3", -45),
    Course("accessibility", "Accessible Color and Alt Text for Medical Graphics", "AMI Webinar Series", "Online",
           "Business", "1.25", -60),
)


# --- Live events ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Attendance:
    """One person's registered days (0-based), the credits they saved for them in order, and whether they submitted."""

    username: str
    days: tuple[int, ...]
    credits: tuple[str, ...] = ()
    submit: bool = False


@dataclass(frozen=True)
class Event:
    """A live event; ``title`` may hold ``{year}``, filled from its first day."""

    title: str
    location: str
    description: str
    category: str | None
    starts_in_days: int
    max_credits: tuple[str, ...]
    attendance: tuple[Attendance, ...]


ALL_DAYS = (0, 1, 2)
EVENTS: tuple[Event, ...] = (
    Event("AMI Annual Conference {year}", "Minneapolis, MN",
          "Three days of workshops, case presentations and the Salon, with designated Biomedical sessions.",
          "Biomedical", -397, ("7.5", "8", "6.25"), (
              Attendance("member", ALL_DAYS, ("7.5", "6.5", "5.75"), submit=True),
              Attendance("reviewer", ALL_DAYS, ("7.5", "8", "6.25"), submit=True),
              Attendance("priya.raman", ALL_DAYS, ("6", "7.25", "4"), submit=True),
              Attendance("tomas.herrera", ALL_DAYS, ("7", "8", "6"), submit=True),
              Attendance("marcus.bell", (1, 2), ("8", "5.5"), submit=True),
              Attendance("jonah.fischer", (0, 1), ("7.5", "7"), submit=True),
              Attendance("grace.liu", ALL_DAYS, ("6.5",)),  # never finished: the credit was forfeited
              Attendance("helen.marsh", ALL_DAYS),
              Attendance("claire.dubois", ALL_DAYS),
              Attendance("elena.petrova", (2,)),
          )),
    Event("AMI Annual Conference {year}", "Cleveland, OH",
          "The annual meeting: anatomy and surgical sessions, animation workshops and the Salon.",
          "Biomedical", -12, ("8", "7.75", "6.5"), (
              Attendance("member", ALL_DAYS),  # nothing saved: the demo member enters credits now
              Attendance("reviewer", (1, 2), ("7.5",)),
              Attendance("daniel.whitford", ALL_DAYS, ("8", "7.75", "6.5"), submit=True),
              Attendance("claire.dubois", ALL_DAYS, ("7", "6.5", "5"), submit=True),
              Attendance("priya.raman", ALL_DAYS, ("8", "7", "6.5"), submit=True),
              Attendance("elena.petrova", ALL_DAYS, ("6", "6.5")),
              Attendance("aisha.dar", (1, 2)),
          )),
    Event("Northeast Regional Workshop: Medical Animation Pipelines", "Boston, MA",
          "Two hands-on days on storyboarding, rigging and rendering for patient-education animation.",
          None, 21, ("6.5", "6.5"), (
              Attendance("member", (0, 1)),
              Attendance("marcus.bell", (0, 1)),
              Attendance("aisha.dar", (0,)),
          )),
)


# --- Dates ----------------------------------------------------------------------------------------

def _months_before(day: date, months: int) -> date:
    """The same day of the month ``months`` earlier (the month's last day when it is shorter)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _at(day: date, hour: int, now: datetime) -> datetime:
    """``hour`` o'clock in New York on ``day``, as UTC, never later than ``now``."""
    return min(datetime.combine(day, time(hour), ZONE).astimezone(timezone.utc), now)


def _certified_on(person: Person, today: date) -> date | None:
    if person.term_ends_in_days is not None:
        # A term ends the day before its anniversary, so start one day after the wanted end, term_years back.
        return _months_before(today + timedelta(days=person.term_ends_in_days + 1), 12 * CMI.term_years)
    if person.certified_months_ago is not None:
        return _months_before(today, person.certified_months_ago)
    return None


def _lag(*keys: str) -> int:
    """A steady 1 to 25 days between finishing a course and recording it (always inside the 30-day window)."""
    return 1 + sum(ord(c) for c in "".join(keys)) % 25


def _credits(value: Decimal) -> str:
    return f"{value.normalize():f}"


# --- Seeding --------------------------------------------------------------------------------------

def seed_people(session: Session, *, now: datetime) -> dict[str, Member] | None:
    """The base demo: people, catalog, events, renewals; None, touching nothing, if any account exists."""
    if session.exec(select(func.count()).select_from(Member)).one():
        return None
    today = local_date(CMI, now)
    program = store.install_program(session, CMI)
    categories = {c.name: c for c in store.categories_of(session, program.id)}
    people = _add_people(session, today)
    catalog = _add_catalog(session, categories, today)
    for person in PEOPLE:
        for key in person.courses:
            claim_course(session, people[person.username], catalog[key], now)
    for event in EVENTS:
        _add_event(session, event, people, categories, today, now)
    _add_renewals(session, people, now)
    audit.record(session, actor_id=None, action="demo_seeded", entity="database", accounts=len(people),
                 courses=len(catalog), events=len(EVENTS))
    session.flush()
    return people


def _add_renewals(session: Session, people: dict[str, Member], now: datetime) -> None:
    """Two applications in headquarters' queue: Priya's fee not yet received, Tomás's received.

    The reviewer login has the hours too and has not applied, so the member's side can be tried.
    """
    staff = load_actor(session, people["staff"].id)
    for username, days_ago in (("priya.raman", 3), ("tomas.herrera", 6)):
        applied = now - timedelta(days=days_ago)
        application = renewal_applications.apply_for_renewal(session=session, actor=load_actor(session, people[username].id),
                                                attested=True, now=applied, settings=settings)
        if username == "tomas.herrera":
            payments.record_payment(session=session, actor=staff, application_id=application.id,
                                   reference="CHK-20418", now=applied + timedelta(days=2), settings=settings)


def _add_people(session: Session, today: date) -> dict[str, Member]:
    people = {}
    for person in PEOPLE:
        member = members.add_member(session, members.NewMember(person.full_name, person.email, person.username,
                                                               person.roles, _certified_on(person, today)),
                                    password=DEMO_PASSWORD, actor_id=None,
                                    password_hash=demo_password_hash(session))
        if person.lapsed:
            members.term_in_program(session, member.id, members.first_program_id(session, member.id)).status = \
                TermStatus.LAPSED
        people[person.username] = member
    session.flush()
    return people


def _add_catalog(session: Session, categories: dict[str, Category], today: date) -> dict[str, Activity]:
    catalog = {}
    for course in COURSES:
        ends_on = today - timedelta(days=course.ended_days_ago)
        catalog[course.key] = Activity(
            kind=ActivityKind.COURSE, title=course.title, provider=course.provider, location=course.location,
            starts_on=ends_on - timedelta(days=course.days - 1), ends_on=ends_on, hours=Decimal(course.hours),
            category_id=categories[course.category].id, pre_approved=True)
        session.add(catalog[course.key])
    session.flush()
    return catalog


def claim_course(session: Session, member: Member, activity: Activity, now: datetime,
           approval_request_id: int | None = None) -> None:
    """Record a finished course the way a member would have: on its last day's credit, within 30 days."""
    completed_on = activity.ends_on
    claimed_at = _at(completed_on + timedelta(days=_lag(member.username, activity.title)), 10, now)
    session.add(CreditClaim(member_id=member.id, activity_id=activity.id, category_id=activity.category_id,
                            hours=activity.hours, completed_on=completed_on, claimed_at=claimed_at,
                            approval_request_id=approval_request_id))


def _designation(event: Event, total: Decimal, categories: dict[str, Category]) -> str:
    opening = f"The {SOCIETY} designates this live activity for a maximum of {_credits(total)}"
    if event.category is None:
        return f"{opening} CME credits. It does not count toward a CMI renewal category."
    return f"{opening} CE credits in the {categories[event.category].name} category."


def _add_event(session: Session, event: Event, people: dict[str, Member], categories: dict[str, Category],
               today: date, now: datetime) -> None:
    starts_on = today + timedelta(days=event.starts_in_days)
    maxima = [Decimal(m) for m in event.max_credits]
    activity = Activity(
        kind=ActivityKind.EVENT, title=event.title.format(year=starts_on.year), provider=SOCIETY,
        location=event.location, description=event.description, starts_on=starts_on,
        ends_on=starts_on + timedelta(days=len(maxima) - 1),
        category_id=categories[event.category].id if event.category else None,
        designation=_designation(event, sum(maxima, Decimal(0)), categories), pre_approved=True)
    session.add(activity)
    session.flush()
    days = [EventDay(activity_id=activity.id, day=starts_on + timedelta(days=i), max_credits=m)
            for i, m in enumerate(maxima)]
    session.add_all(days)
    session.flush()
    for hour, attendance in enumerate(event.attendance, start=9):
        _attend(session, people[attendance.username], activity, days, attendance, hour, now)


def _attend(session: Session, member: Member, activity: Activity, days: list[EventDay], attendance: Attendance,
            hour: int, now: datetime) -> None:
    """Register the days, then save and submit through the CME Tracker three days after the event."""
    imported_at = _at(activity.starts_on - timedelta(days=30), 9, now)
    for index in attendance.days:
        session.add(Registration(member_id=member.id, event_day_id=days[index].id, source="import",
                                 imported_at=imported_at))
    session.flush()
    if not attendance.credits:
        return
    actor = load_actor(session, member.id)
    entered_at = _at(activity.ends_on + timedelta(days=3), hour, now)
    for index, value in zip(attendance.days, attendance.credits):
        cme.save_day(session=session, actor=actor, event_day_id=days[index].id, value=value, now=entered_at)
    if attendance.submit:
        cme.submit_event(session=session, actor=actor, activity_id=activity.id, now=entered_at)
