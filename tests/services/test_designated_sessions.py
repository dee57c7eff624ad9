"""Designated sessions: a meeting's day counting in its own category (R000-12, R000-13, R002-10)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import select

from ce_tracker.models import AuditEntry, Certificate, Role
from ce_tracker.services.board import cohorts
from ce_tracker.services.errors import Conflict, Invalid, NotAllowed, NotFound
from ce_tracker.services.events import admin, certificates, cme, designated_sessions
from ce_tracker.services.record import credit_record
from ce_tracker.services.record.credit_record import CONFERENCE
from tests.utils import factories as f

CERTIFIED = date(2023, 1, 1)
END = date(2026, 6, 3)
AFTER = f.at(date(2026, 6, 5))


def _meeting(session, member, staff, *, art_day=True, category_name="Biomedical", days=3):
    """The AMI meeting: Biomedical by default, its first day an Art workshop; the member registered for every day."""
    meeting = f.event(session, ends_on=END, days=days, category_name=category_name, title="AMI Annual Meeting")
    rows = f.event_days(session, meeting)
    if art_day:
        designated_sessions.designate_day(session=session, actor=staff, event_day_id=rows[0].id,
                                          category_id=f.category(session, "Art").id, now=AFTER)
    f.register(session, member, *rows)
    return meeting, rows


def _enter_and_submit(session, member, meeting, rows, values):
    for day, value in zip(rows, values):
        cme.save_day(session=session, actor=member, event_day_id=day.id, value=value, now=AFTER)
    return cme.submit_event(session=session, actor=member, activity_id=meeting.id, now=AFTER)


def _lines(session, member):
    rec = credit_record.credit_record(session=session, actor=member, now=AFTER)
    return rec, sorted((line.category, line.hours) for line in rec.lines if line.source == CONFERENCE)


def test_r000_12_a_two_category_event_submits_into_two_categories(session):
    member, staff = f.person(session, certified_on=CERTIFIED), f.person(session, Role.STAFF)
    meeting, rows = _meeting(session, member, staff)
    sheet = cme.event_sheet(session=session, actor=member, activity_id=meeting.id, now=AFTER)
    assert [d.category for d in sheet.days] == ["Art", None, None]  # the CME Tracker says which day is which
    submission = _enter_and_submit(session, member, meeting, rows, ["6", "7.5", "8"])
    assert submission.total == Decimal("21.5")  # Credits Earned stays the event's whole total (R002-12)
    rec, lines = _lines(session, member)
    assert lines == [("Art", Decimal(6)), ("Biomedical", Decimal("15.5"))]
    assert (rec.standing.categories["Art"].earned, rec.standing.categories["Biomedical"].earned) == (6, Decimal("15.5"))
    number = session.exec(select(Certificate.number)).one()
    view = certificates.certificate_for(session=session, actor=member, number=number)
    assert view.categories == (("Art", Decimal(6)), ("Biomedical", Decimal("15.5")))
    assert view.total == Decimal("21.5") and len(view.days) == 3


def test_r000_13_caps_apply_per_category(session):
    member, staff = f.person(session, certified_on=CERTIFIED), f.person(session, Role.STAFF)
    f.course_credit(session, member, "Art", "18", date(2026, 5, 1))
    meeting, rows = _meeting(session, member, staff)
    _enter_and_submit(session, member, meeting, rows, ["8", "8", "8"])
    standing = credit_record.credit_record(session=session, actor=member, now=AFTER).standing
    art, bio = standing.categories["Art"], standing.categories["Biomedical"]
    assert (art.earned, art.counted, art.not_counted) == (26, 21, 5)  # Art's maximum of 21 (R000-13)
    assert (bio.earned, bio.counted) == (16, 16)  # Biomedical's days count on their own


def test_a_day_without_designation_uses_the_events_category(session):
    member, staff = f.person(session, certified_on=CERTIFIED), f.person(session, Role.STAFF)
    meeting, rows = _meeting(session, member, staff, art_day=False)
    submission = _enter_and_submit(session, member, meeting, rows, ["2", "3", "4"])
    _, lines = _lines(session, member)
    assert lines == [("Biomedical", Decimal(9))]
    number = session.exec(select(Certificate.number)).one()
    assert certificates.certificate_for(session=session, actor=member, number=number).categories == ()
    assert submission.total == 9


def test_an_event_without_any_category_stays_cme_only(session):
    member, staff = f.person(session, certified_on=CERTIFIED), f.person(session, Role.STAFF)
    meeting, rows = _meeting(session, member, staff, art_day=False, category_name=None)
    with pytest.raises(Invalid, match="CME-only event"):
        designated_sessions.designate_day(session=session, actor=staff, event_day_id=rows[0].id,
                                          category_id=f.category(session, "Art").id, now=AFTER)
    _enter_and_submit(session, member, meeting, rows, ["2", "3", "4"])
    rec, lines = _lines(session, member)
    assert lines == [(None, Decimal(9))] and rec.standing.counted_total == 0


def test_the_board_counts_designated_sessions_as_the_member_page_does(session):
    member, staff = f.person(session, certified_on=CERTIFIED), f.person(session, Role.STAFF)
    meeting, rows = _meeting(session, member, staff)
    _enter_and_submit(session, member, meeting, rows, ["6", "7.5", "8"])
    own = credit_record.credit_record(session=session, actor=member, now=AFTER).standing
    rows = {r.full_name: r for r in cohorts.certificant_list(session=session, actor=staff, now=AFTER).rows}
    assert rows[member.full_name].standing == own


def test_designations_are_staff_only_within_the_program_and_final_once_submitted(session):
    member, staff = f.person(session, certified_on=CERTIFIED), f.person(session, Role.STAFF)
    meeting, rows = _meeting(session, member, staff)
    art = f.category(session, "Art").id
    with pytest.raises(NotAllowed):
        designated_sessions.designate_day(session=session, actor=member, event_day_id=rows[1].id,
                                          category_id=art, now=AFTER)
    for bad in (0, True, "1", 10**9):
        with pytest.raises((NotFound, Invalid)):
            designated_sessions.designate_day(session=session, actor=staff, event_day_id=bad, category_id=art,
                                              now=AFTER)
        if bad is not True:
            with pytest.raises(Invalid):
                designated_sessions.designate_day(session=session, actor=staff, event_day_id=rows[1].id,
                                                  category_id=bad, now=AFTER)
    # The event's own category is no override; None sets a day back.
    day = designated_sessions.designate_day(session=session, actor=staff, event_day_id=rows[1].id,
                                            category_id=f.category(session, "Biomedical").id, now=AFTER)
    assert day.category_id is None
    view = designated_sessions.designations(session=session, actor=staff, activity_id=meeting.id)
    assert [d.category_id for d in view.days] == [art, None, None] and not view.locked
    assert session.exec(select(AuditEntry).where(AuditEntry.action == "event_day_designated")).first()
    _enter_and_submit(session, member, meeting, rows, ["1", "1", "1"])
    with pytest.raises(Conflict, match="submitted"):
        designated_sessions.designate_day(session=session, actor=staff, event_day_id=rows[0].id,
                                          category_id=None, now=AFTER)
    assert designated_sessions.designations(session=session, actor=staff, activity_id=meeting.id).locked


def test_the_event_category_cannot_be_removed_while_a_day_is_designated(session):
    member, staff = f.person(session, certified_on=CERTIFIED), f.person(session, Role.STAFF)
    meeting, _ = _meeting(session, member, staff)
    form = admin.event_form(session=session, actor=staff, activity_id=meeting.id)
    with pytest.raises(Conflict, match="CME only"):
        admin.update_event(session=session, actor=staff, activity_id=meeting.id,
                                 form=admin.EventForm(**{**form.__dict__, "category_id": None}), now=AFTER)
    # Other edits keep the designation.
    admin.update_event(session=session, actor=staff, activity_id=meeting.id,
                             form=admin.EventForm(**{**form.__dict__, "title": "AMI 2026"}), now=AFTER)
    view = designated_sessions.designations(session=session, actor=staff, activity_id=meeting.id)
    assert view.days[0].category_id == f.category(session, "Art").id
