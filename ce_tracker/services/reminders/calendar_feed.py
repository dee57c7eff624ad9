"""A member's deadlines as a private, revocable iCalendar feed (RFC 5545).

Calendar apps subscribe to a URL and cannot sign in, so the URL itself is the secret: a random 256-bit token
of which only the SHA-256 is stored (``models.CalendarFeed``). A revoked, replaced or forged token finds no
row and the route answers 404 with nothing else, so a guess learns nothing. Each entry keeps a stable UID,
so a subscribed calendar updates it in place on its next refresh instead of adding a copy.

What the feed holds, all-day entries in the society's time zone:
  - recording windows closing: registered events not yet submitted, approved requests not yet recorded;
  - approval requests due: the committee's decision due date for each pending request;
  - for each program the member holds a term in: the renewal window opening and the term's last day, the very
    dates Home shows (``rules.application_opens_on`` with the society's ``renewal_window_months``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import urlsplit

from icalendar import Calendar, Event
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from ce_tracker.config import Settings
from ce_tracker.models import (
    Activity,
    ActivityKind,
    ApprovalRequest,
    CalendarFeed,
    Category,
    CertificationTerm,
    CreditClaim,
    EventDay,
    EventSubmission,
    ProgramRow,
    Registration,
    RequestStatus,
    Role,
)
from ce_tracker.rules import application_opens_on, local_date, recording_deadline, review_due
from ce_tracker.services import audit, tokens
from ce_tracker.services.accounts.actors import Actor, load_actor
from ce_tracker.services.accounts.members import terms_by_program
from ce_tracker.services.courses.claims import claim_window
from ce_tracker.services.errors import Conflict
from ce_tracker.services.programs.store import load_program

MAX_TOKEN_LENGTH = 64  # new_token() makes 43 characters; anything much longer is not ours


@dataclass(frozen=True)
class CalendarEntry:
    """One all-day entry: a stable id (the UID), what it is, and the day."""

    uid: str
    summary: str
    day: date
    description: str = ""


@dataclass(frozen=True)
class FeedStatus:
    """Whether the member has a live feed URL, and since when (the URL itself is shown only once)."""

    active: bool
    created_at: datetime | None = None


def _active(session: Session, member_id: int) -> CalendarFeed | None:
    return session.exec(select(CalendarFeed).where(CalendarFeed.member_id == member_id,
                                                   CalendarFeed.revoked_at.is_(None))).first()


def feed_status(*, session: Session, actor: Actor) -> FeedStatus:
    actor.require(Role.MEMBER)
    feed = _active(session, actor.member_id)
    return FeedStatus(active=feed is not None, created_at=feed.created_at if feed else None)


def _revoke(session: Session, actor: Actor, now: datetime) -> bool:
    """End every live feed of the member in one UPDATE (there is at most one, by the unique index)."""
    ended = session.execute(update(CalendarFeed).where(CalendarFeed.member_id == actor.member_id,
                                                       CalendarFeed.revoked_at.is_(None))
                            .values(revoked_at=now).returning(CalendarFeed.id)).scalars().all()
    for feed_id in ended:
        audit.record(session, actor_id=actor.member_id, action="calendar_feed_revoked", entity="calendarfeed",
                     entity_id=feed_id)
    return bool(ended)


SAME_MOMENT = ("Your calendar address was changed at the same moment in another tab or window; reload the page "
               "and make a new address if you need one.")


def create_feed(*, session: Session, actor: Actor, now: datetime) -> str:
    """A new feed token for the acting member; any earlier URL stops working at once. Shown once.

    Two clicks at once: the unique index admits one live feed, so the second insert fails and that click is
    refused (its unit of work, its revoke included, rolls back); the address the other click showed is live.
    """
    actor.require(Role.MEMBER)
    _revoke(session, actor, now)
    token = tokens.new_token()
    feed = CalendarFeed(member_id=actor.member_id, token_hash=tokens.digest(token), created_at=now)
    session.add(feed)
    try:
        session.flush()
    except IntegrityError as error:
        raise Conflict(SAME_MOMENT) from error
    audit.record(session, actor_id=actor.member_id, action="calendar_feed_created", entity="calendarfeed",
                 entity_id=feed.id)
    return token


def revoke_feed(*, session: Session, actor: Actor, now: datetime) -> bool:
    """End the acting member's feed URL; False when there was none."""
    actor.require(Role.MEMBER)
    return _revoke(session, actor, now)


def _event_entries(session: Session, member_id: int, now: datetime) -> list[CalendarEntry]:
    """Registered events with a CE category, not submitted, whose recording window has not closed (R000-08).

    One statement for all of them (``cme.my_events`` asks per event, fine for a page, too slow for a feed
    that calendar apps poll).
    """
    submitted = select(EventSubmission.activity_id).where(EventSubmission.member_id == member_id)
    rows = session.exec(select(Activity.id, Activity.title, Activity.ends_on, Category.program_id).distinct()
                        .join(EventDay, EventDay.activity_id == Activity.id)
                        .join(Registration, Registration.event_day_id == EventDay.id)
                        .join(Category, Category.id == Activity.category_id)
                        .where(Registration.member_id == member_id, Activity.kind == ActivityKind.EVENT,
                               Activity.id.not_in(submitted))).all()
    programs: dict = {}
    entries = []
    for activity_id, title, ends_on, program_id in rows:
        program = programs.setdefault(program_id, load_program(session, program_id))
        closes = recording_deadline(program, ends_on)
        if closes >= local_date(program, now):
            entries.append(CalendarEntry(f"event-{activity_id}", f"Last day to record credits: {title}", closes,
                                         "Enter and submit your credits in the CME Tracker."))
    return entries


def _approved_entries(session: Session, member_id: int, now: datetime) -> list[CalendarEntry]:
    """Approved requests not yet recorded whose window has not closed, also before it opens (R000-07)."""
    recorded = select(CreditClaim.activity_id).where(CreditClaim.member_id == member_id)
    rows = session.exec(select(ApprovalRequest, Activity, Category)
                        .join(Activity, Activity.id == ApprovalRequest.activity_id)
                        .join(Category, Category.id == Activity.category_id)
                        .where(ApprovalRequest.member_id == member_id,
                               ApprovalRequest.status == RequestStatus.APPROVED,
                               ApprovalRequest.activity_id.not_in(recorded))).all()
    programs: dict = {}
    entries = []
    for request, activity, category in rows:
        program = programs.setdefault(category.program_id, load_program(session, category.program_id))
        _, closes = claim_window(program, activity, request)
        if closes >= local_date(program, now):
            entries.append(CalendarEntry(f"approved-{request.id}", f"Last day to record: {activity.title}", closes,
                                         "Record the approved credit in your CE record."))
    return entries


def _window_entries(session: Session, actor: Actor, now: datetime) -> list[CalendarEntry]:
    return _event_entries(session, actor.member_id, now) + _approved_entries(session, actor.member_id, now)


def _request_entries(session: Session, member_id: int) -> list[CalendarEntry]:
    rows = session.exec(select(ApprovalRequest, Category).join(Category, Category.id == ApprovalRequest.category_id)
                        .where(ApprovalRequest.member_id == member_id,
                               ApprovalRequest.status == RequestStatus.PENDING)).all()
    programs: dict = {}
    entries = []
    for request, category in rows:
        program = programs.setdefault(category.program_id, load_program(session, category.program_id))
        due = review_due(program, local_date(program, request.queued_at))
        entries.append(CalendarEntry(f"request-{request.id}", f"Approval decision due: {request.title}", due,
                                     "The CE committee answers your approval request by this day."))
    return entries


def _program_entries(session: Session, term: CertificationTerm, window_months: int) -> list[CalendarEntry]:
    """The renewal window's first day and the term's last day, as Home shows them (R000-11, R000-17)."""
    name = session.get(ProgramRow, term.program_id).name
    return [CalendarEntry(f"renewal-{term.id}", f"Renewal window opens: {name}",
                          application_opens_on(term.ends_on, window_months),
                          f"You may apply to renew from today; your term ends on {term.ends_on:%B %-d, %Y}."),
            CalendarEntry(f"term-end-{term.id}", f"Certification term ends: {name}", term.ends_on,
                          "Last day of your certification term.")]


def member_entries(*, session: Session, actor: Actor, now: datetime, settings: Settings) -> list[CalendarEntry]:
    """Every deadline of the member, soonest first (the same list the feed and the Calendar page show)."""
    entries = _window_entries(session, actor, now) + _request_entries(session, actor.member_id)
    for term, _ in terms_by_program(session, actor.member_id, now):
        entries += _program_entries(session, term, settings.renewal_window_months)
    entries.sort(key=lambda e: (e.day, e.uid))
    return entries


def _ics(entries: list[CalendarEntry], *, now: datetime, domain: str, name: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//CE Tracker//Deadlines//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-published-ttl", "PT12H")
    for entry in entries:
        event = Event()
        event.add("uid", f"{entry.uid}@{domain}")
        event.add("dtstamp", now)
        event.add("dtstart", entry.day)
        event.add("dtend", entry.day + timedelta(days=1))
        event.add("summary", entry.summary)
        if entry.description:
            event.add("description", entry.description)
        event.add("transp", "TRANSPARENT")  # a deadline does not make the member busy
        cal.add_component(event)
    return cal.to_ical()


def feed_ics(*, session: Session, token: object, now: datetime, settings: Settings) -> bytes | None:
    """The calendar for the feed whose token this is; None (the route's 404) for anything else."""
    if not isinstance(token, str) or not 20 <= len(token) <= MAX_TOKEN_LENGTH:
        return None
    feed = session.exec(select(CalendarFeed).where(CalendarFeed.token_hash == tokens.digest(token),
                                                   CalendarFeed.revoked_at.is_(None))).first()
    actor = load_actor(session, feed.member_id) if feed else None
    if actor is None:
        return None
    entries = member_entries(session=session, actor=actor, now=now, settings=settings)
    return _ics(entries, now=now, domain=urlsplit(settings.public_url).hostname or "ce-tracker",
                name=f"{settings.society_name}: CE deadlines")
