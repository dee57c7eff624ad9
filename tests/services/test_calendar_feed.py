"""The calendar feed: a private, revocable RFC 5545 feed of the member's deadlines.

The deadlines it carries are the seed's: recording windows closing (R000-08), the committee's decision due on
a pending request (R000-04), the renewal window opening and the term's end (R000-11, R000-17) of every program
the member holds, on the very days Home shows. The feed is read back with the ``icalendar`` package.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

import pytest
from icalendar import Calendar
from sqlmodel import select

from ce_tracker import formatting as fmt
from ce_tracker.config import settings as SETTINGS
from ce_tracker.demo import seed_demo
from ce_tracker.models import CalendarFeed, CertificationTerm, Member, Role
from ce_tracker.rules import CMI
from ce_tracker.services.accounts.actors import load_actor
from ce_tracker.services.errors import NotAllowed
from ce_tracker.services.record import standing_view, terms
from ce_tracker.services.reminders import calendar_feed as feeds
from ce_tracker.services.renewal import applications, window
from tests.utils import factories as f

CERTIFIED = date(2022, 1, 10)  # the term ends 2027-01-09
NOW = f.at(date(2026, 10, 12))


def _entries(ics: bytes) -> dict[str, tuple[str, date]]:
    calendar = Calendar.from_ical(ics)
    return {str(e["uid"]).split("@")[0]: (str(e["summary"]), e.decoded("dtstart")) for e in calendar.walk("VEVENT")}


def test_r000_08_r000_11_the_feed_holds_windows_requests_renewal_opening_and_term_end(session):
    member = f.person(session, certified_on=CERTIFIED)
    event = f.event(session, ends_on=date(2026, 10, 10), title="Fall Convention")
    f.register(session, member, *f.event_days(session, event))
    request = f.approval_request(session, member, ends_on=date(2026, 10, 5), now=f.at(date(2026, 10, 6)))
    token = feeds.create_feed(session=session, actor=member, now=NOW)

    ics = feeds.feed_ics(session=session, token=token, now=NOW, settings=SETTINGS)
    entries = _entries(ics)

    assert entries[f"event-{event.id}"] == ("Last day to record credits: Fall Convention", date(2026, 11, 9))
    assert entries[f"request-{request.id}"][1] == date(2026, 10, 20)  # two weeks after the request (R000-04)
    term_uid = next(uid for uid in entries if uid.startswith("term-end-"))
    assert entries[term_uid] == (f"Certification term ends: {CMI.name}", date(2027, 1, 9))
    # the day after the term's last day, 12 months earlier: the day Home says applying opens
    assert entries[term_uid.replace("term-end", "renewal")] == (f"Renewal window opens: {CMI.name}", date(2026, 1, 10))
    assert ics.startswith(b"BEGIN:VCALENDAR\r\n") and b"VERSION:2.0" in ics and b"PRODID:" in ics


def test_r000_07_an_approved_request_s_window_shows_until_it_is_recorded(session):
    from ce_tracker.services.approvals.review import approve
    from ce_tracker.services.courses import claims
    member = f.person(session, certified_on=CERTIFIED)
    reviewer = f.person(session, Role.REVIEWER)
    request = f.approval_request(session, member, ends_on=date(2026, 10, 5), now=f.at(date(2026, 10, 6)))
    approve(session=session, actor=reviewer, request_id=request.id, note="", criteria=f.judged(),
            now=f.at(date(2026, 10, 8)), settings=SETTINGS)
    token = feeds.create_feed(session=session, actor=member, now=NOW)
    entries = _entries(feeds.feed_ics(session=session, token=token, now=NOW, settings=SETTINGS))
    assert entries[f"approved-{request.id}"][1] == date(2026, 11, 7)  # 30 days from the later approval
    claims.claim_course(session=session, actor=member, activity_id=request.activity_id,
                        category_id=f.category(session, "Art").id, hours="6", now=NOW)
    assert f"approved-{request.id}" not in _entries(feeds.feed_ics(session=session, token=token, now=NOW,
                                                                   settings=SETTINGS))


def test_the_renewal_window_follows_the_configured_months(session):
    member = f.person(session, certified_on=CERTIFIED)
    token = feeds.create_feed(session=session, actor=member, now=NOW)
    six = replace(SETTINGS, renewal_window_months=6)
    entries = _entries(feeds.feed_ics(session=session, token=token, now=NOW, settings=six))
    assert (f"Renewal window opens: {CMI.name}", date(2026, 7, 10)) in entries.values()


def test_only_the_hash_is_stored_and_revoking_or_replacing_ends_the_old_url(session):
    member = f.person(session, certified_on=CERTIFIED)
    first = feeds.create_feed(session=session, actor=member, now=NOW)
    stored = session.exec(select(CalendarFeed)).one()
    assert first not in stored.token_hash and len(stored.token_hash) == 64

    second = feeds.create_feed(session=session, actor=member, now=NOW)
    assert feeds.feed_ics(session=session, token=first, now=NOW, settings=SETTINGS) is None
    assert feeds.feed_ics(session=session, token=second, now=NOW, settings=SETTINGS) is not None
    assert feeds.feed_status(session=session, actor=member).active

    assert feeds.revoke_feed(session=session, actor=member, now=NOW) is True
    assert feeds.feed_ics(session=session, token=second, now=NOW, settings=SETTINGS) is None
    assert not feeds.feed_status(session=session, actor=member).active
    assert feeds.revoke_feed(session=session, actor=member, now=NOW) is False


@pytest.mark.parametrize("forged", ["", "x", "A" * 43, "A" * 5000, None, 12, ["list"], "../../etc/passwd" * 3])
def test_bad_input_a_forged_token_finds_nothing(session, forged):
    member = f.person(session, certified_on=CERTIFIED)
    feeds.create_feed(session=session, actor=member, now=NOW)
    assert feeds.feed_ics(session=session, token=forged, now=NOW, settings=SETTINGS) is None


def test_a_deactivated_member_s_feed_answers_nothing(session):
    member = f.person(session, certified_on=CERTIFIED)
    token = feeds.create_feed(session=session, actor=member, now=NOW)
    session.get(Member, member.member_id).is_active = False
    session.flush()
    assert feeds.feed_ics(session=session, token=token, now=NOW, settings=SETTINGS) is None


def test_a_staff_only_account_has_no_feed(session):
    staff = f.person(session, Role.STAFF)
    with pytest.raises(NotAllowed):
        feeds.create_feed(session=session, actor=staff, now=NOW)


# --- the feed's dates are Home's ------------------------------------------------------------------------------


def _feed(session, actor, now: datetime) -> dict[str, tuple[str, date]]:
    token = feeds.create_feed(session=session, actor=actor, now=now)
    return _entries(feeds.feed_ics(session=session, token=token, now=now, settings=SETTINGS))


def _by_program(entries: dict[str, tuple[str, date]], kind: str) -> dict[str, date]:
    """``{program name: day}`` of the feed's entries of one kind ("renewal-" or "term-end-")."""
    return {summary.split(": ", 1)[1]: day for uid, (summary, day) in entries.items() if uid.startswith(kind)}


@pytest.mark.parametrize("certified_on, ends_on, opens_on", [
    (date(2022, 5, 1), date(2027, 4, 30), date(2026, 5, 1)),  # the term ends on a month's last day
    (date(2023, 3, 1), date(2028, 2, 29), date(2027, 3, 1)),  # the term ends on Feb 29
], ids=["month-end", "feb-29"])
def test_r000_11_r000_17_the_feed_shows_the_days_home_shows(session, certified_on, ends_on, opens_on):
    member = f.person(session, certified_on=certified_on)
    now = f.at(opens_on - timedelta(days=20))  # still collecting: Home says when applying opens
    home = standing_view.home_view(session=session, actor=member, now=now)
    state = window.term_state(session, applications.member_term(session, member, now), now, SETTINGS)

    entries = _feed(session, member, now)

    assert _by_program(entries, "term-end-") == {CMI.name: home.record.term_ends_on} == {CMI.name: ends_on}
    assert _by_program(entries, "renewal-") == {CMI.name: state.opens_on} == {CMI.name: opens_on}
    assert f"Applying to renew opens on {fmt.day(opens_on)}" in home.phase_words


def test_r000_11_a_member_in_two_programs_gets_each_programs_days_as_home_shows_them(session):
    now = datetime(2026, 11, 22, 15, 30, tzinfo=timezone.utc)
    assert seed_demo(session, now=now)
    maya = load_actor(session, session.exec(select(Member).where(Member.email == "member@demo.test")).one().id)
    home = standing_view.home_view(session=session, actor=maya, now=now)
    (other,) = terms.other_terms(session=session, actor=maya, now=now)  # Home's second program
    other_term = session.exec(select(CertificationTerm).where(CertificationTerm.member_id == maya.member_id,
                                                              CertificationTerm.starts_on == other.starts_on)).one()
    first_term = applications.member_term(session, maya, now)

    entries = _feed(session, maya, now)

    assert _by_program(entries, "term-end-") == {home.record.program_name: home.record.term_ends_on,
                                                 other.program_name: other.ends_on}
    assert _by_program(entries, "renewal-") == {
        home.record.program_name: window.term_state(session, first_term, now, SETTINGS).opens_on,
        other.program_name: window.term_state(session, other_term, now, SETTINGS).opens_on}
