"""The calendar feed: a private, revocable RFC 5545 feed of the member's deadlines.

The deadlines it carries are the seed's: recording windows closing (R000-08), the committee's decision due on
a pending request (R000-04), the renewal window opening and the term's end (R000-11).
"""

from __future__ import annotations

from datetime import date

import pytest
from icalendar import Calendar
from sqlmodel import select

from ce_tracker.models import CalendarFeed, Member, Role
from ce_tracker.services.errors import NotAllowed
from ce_tracker.services.reminders import calendar_feed as feeds
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

    ics = feeds.feed_ics(session=session, token=token, now=NOW)
    entries = _entries(ics)

    assert entries[f"event-{event.id}"] == ("Last day to record credits: Fall Convention", date(2026, 11, 9))
    assert entries[f"request-{request.id}"][1] == date(2026, 10, 20)  # two weeks after the request (R000-04)
    term_uid = next(uid for uid in entries if uid.startswith("term-end-"))
    assert entries[term_uid] == ("Certification term ends", date(2027, 1, 9))
    assert entries[term_uid.replace("term-end", "renewal")] == ("Renewal window opens", date(2026, 1, 9))
    assert ics.startswith(b"BEGIN:VCALENDAR\r\n") and b"VERSION:2.0" in ics and b"PRODID:" in ics


def test_r000_07_an_approved_request_s_window_shows_until_it_is_recorded(session):
    from ce_tracker.config import settings
    from ce_tracker.services.approvals.review import approve
    from ce_tracker.services.courses import claims
    member = f.person(session, certified_on=CERTIFIED)
    reviewer = f.person(session, Role.REVIEWER)
    request = f.approval_request(session, member, ends_on=date(2026, 10, 5), now=f.at(date(2026, 10, 6)))
    approve(session=session, actor=reviewer, request_id=request.id, note="", criteria=f.judged(),
            now=f.at(date(2026, 10, 8)),
                      settings=settings)
    token = feeds.create_feed(session=session, actor=member, now=NOW)
    entries = _entries(feeds.feed_ics(session=session, token=token, now=NOW))
    assert entries[f"approved-{request.id}"][1] == date(2026, 11, 7)  # 30 days from the later approval
    claims.claim_course(session=session, actor=member, activity_id=request.activity_id,
                        category_id=f.category(session, "Art").id, hours="6", now=NOW)
    assert f"approved-{request.id}" not in _entries(feeds.feed_ics(session=session, token=token, now=NOW))


def test_the_renewal_window_follows_the_configured_months(session):
    member = f.person(session, certified_on=CERTIFIED)
    token = feeds.create_feed(session=session, actor=member, now=NOW)
    entries = _entries(feeds.feed_ics(session=session, token=token, now=NOW, renewal_window_months=6))
    assert ("Renewal window opens", date(2026, 7, 9)) in entries.values()
    assert feeds.months_before(date(2027, 3, 31), 1) == date(2027, 2, 28)


def test_only_the_hash_is_stored_and_revoking_or_replacing_ends_the_old_url(session):
    member = f.person(session, certified_on=CERTIFIED)
    first = feeds.create_feed(session=session, actor=member, now=NOW)
    stored = session.exec(select(CalendarFeed)).one()
    assert first not in stored.token_hash and len(stored.token_hash) == 64

    second = feeds.create_feed(session=session, actor=member, now=NOW)
    assert feeds.feed_ics(session=session, token=first, now=NOW) is None
    assert feeds.feed_ics(session=session, token=second, now=NOW) is not None
    assert feeds.feed_status(session=session, actor=member).active

    assert feeds.revoke_feed(session=session, actor=member, now=NOW) is True
    assert feeds.feed_ics(session=session, token=second, now=NOW) is None
    assert not feeds.feed_status(session=session, actor=member).active
    assert feeds.revoke_feed(session=session, actor=member, now=NOW) is False


@pytest.mark.parametrize("forged", ["", "x", "A" * 43, "A" * 5000, None, 12, ["list"], "../../etc/passwd" * 3])
def test_bad_input_a_forged_token_finds_nothing(session, forged):
    member = f.person(session, certified_on=CERTIFIED)
    feeds.create_feed(session=session, actor=member, now=NOW)
    assert feeds.feed_ics(session=session, token=forged, now=NOW) is None


def test_a_deactivated_member_s_feed_answers_nothing(session):
    member = f.person(session, certified_on=CERTIFIED)
    token = feeds.create_feed(session=session, actor=member, now=NOW)
    session.get(Member, member.member_id).is_active = False
    session.flush()
    assert feeds.feed_ics(session=session, token=token, now=NOW) is None


def test_a_staff_only_account_has_no_feed(session):
    staff = f.person(session, Role.STAFF)
    with pytest.raises(NotAllowed):
        feeds.create_feed(session=session, actor=staff, now=NOW)
