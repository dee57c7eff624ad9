"""The whole life of a term with the clock controlled by ``now`` (R000-11, R000-15 to R000-18).

Collect, enter the window, apply, pay, verify, next term; a term that ends short, is in grace, is completed by a
late recording and renews; one that lapses, is emailed, and is reinstated by an exam date.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlmodel import select

from ce_tracker.config import settings as app_settings
from ce_tracker.models import (
    Activity,
    AuditEntry,
    CertificationTerm,
    OutboxEmail,
    Role,
    TermStatus,
)
from ce_tracker.rules import TermPhase
from ce_tracker.services.accounts.actors import load_actor
from ce_tracker.services.approvals import review
from ce_tracker.services.courses import claims
from ce_tracker.services.errors import Conflict, Invalid, NotAllowed, NotFound
from ce_tracker.services.record import credit_record
from ce_tracker.services.renewal import applications, payments, reinstatement
from ce_tracker.services.renewal import window as renewal_window
from tests.utils import factories as f

CERTIFIED = date(2022, 1, 10)
ENDS = date(2027, 1, 9)
SETTINGS = replace(app_settings, renewal_fee_cents=15000, currency="USD", renewal_window_months=12,
                   exam_url="https://exam.example.test/apply", board_email="board@example.test")


def _apply(session, member, now):
    return applications.apply_for_renewal(session=session, actor=member, attested=True, now=now, settings=SETTINGS)


def _pay_and_verify(session, application, staff, now):
    payments.record_payment(session=session, actor=staff, application_id=application.id, reference="CHK-1",
                           now=now, settings=SETTINGS)
    return applications.verify_renewal(session=session, actor=staff, application_id=application.id, now=now,
                                  settings=SETTINGS)


def _emails(session, part):
    return [e for e in session.exec(select(OutboxEmail)) if part in e.subject]


def _phase(session, member, day):
    return applications.renewal_overview(session=session, actor=member, now=f.at(day), settings=SETTINGS).phase


def test_r000_17_r000_18_the_whole_life_of_a_term(session):
    member = f.person(session, certified_on=CERTIFIED)
    staff = f.person(session, Role.STAFF)
    f.enough_to_renew(session, member, date(2024, 5, 1))
    # Years early: the hours are there but applying is not open yet, and the page says when it opens.
    early = f.at(date(2025, 6, 1))
    overview = applications.renewal_overview(session=session, actor=member, now=early, settings=SETTINGS)
    assert overview.phase is TermPhase.COLLECTING and not overview.may_apply
    assert "Applying opens on Jan 10, 2026" in overview.why_not
    with pytest.raises(Invalid, match="Applying opens on Jan 10, 2026"):
        _apply(session, member, early)
    # In the window: apply, pay, verify.
    in_window = f.at(date(2026, 1, 10))
    assert _phase(session, member, date(2026, 1, 10)) is TermPhase.WINDOW
    application = _apply(session, member, in_window)
    assert application.invoice_reference.startswith("REN-")
    with pytest.raises(Conflict):
        _apply(session, member, in_window)  # a second application
    next_term = _pay_and_verify(session, application, staff, in_window)
    assert (next_term.starts_on, next_term.ends_on) == (ENDS + timedelta(1), date(2032, 1, 9))
    # Credits completed between the verification and the end count in the current term; after, in the next.
    f.course_credit(session, member, "Art", "2", ENDS, title="Last day course")
    f.course_credit(session, member, "Art", "3", ENDS + timedelta(1), title="First day course")
    before = credit_record.credit_record(session=session, actor=member, now=f.at(ENDS))
    after = credit_record.credit_record(session=session, actor=member, now=f.at(ENDS + timedelta(1)))
    assert before.term_ends_on == ENDS and "Last day course" in [x.title for x in before.lines]
    assert "First day course" not in [x.title for x in before.lines]
    assert after.term_starts_on == ENDS + timedelta(1) and [x.title for x in after.lines] == ["First day course"]
    # The member's page keeps saying the current term until the next starts.
    overview = applications.renewal_overview(session=session, actor=member, now=f.at(ENDS), settings=SETTINGS)
    assert overview.term_ends_on == ENDS and overview.application.next_term[0] == ENDS + timedelta(1)
    assert "your next term runs from Jan 10, 2027 to Jan 9, 2032" in overview.status_words


def test_r000_15_a_short_term_in_grace_is_completed_by_a_late_recording_and_renews(session):
    member = f.person(session, certified_on=CERTIFIED)
    staff = f.person(session, Role.STAFF)
    for name, hours in (("Art", "14"), ("Biomedical", "14"), ("Business", "5")):
        f.course_credit(session, member, name, hours, date(2025, 3, 1))
    course = Activity(kind="course", title="Late Business course", provider="P", starts_on=ENDS - timedelta(1),
                      ends_on=ENDS, hours=2, category_id=f.category(session, "Business").id)
    session.add(course)
    session.flush()
    day_after = ENDS + timedelta(days=3)
    overview = applications.renewal_overview(session=session, actor=member, now=f.at(day_after), settings=SETTINGS)
    assert overview.phase is TermPhase.GRACE and "Feb 8, 2027" in overview.status_words
    assert "still needed: 2 h." in overview.status_words
    assert renewal_window.lapse_ended_terms(session=session, now=f.at(day_after), settings=SETTINGS) == 0
    claims.claim_course(session=session, actor=member, activity_id=course.id, category_id=course.category_id,
                        hours="2", now=f.at(ENDS + timedelta(days=20)))
    application = _apply(session, member, f.at(ENDS + timedelta(days=20)))  # in grace
    # Even after grace ends, nothing lapses: the hours are there and headquarters have the application.
    assert renewal_window.lapse_ended_terms(session=session, now=f.at(ENDS + timedelta(40)), settings=SETTINGS) == 0
    next_term = _pay_and_verify(session, application, staff, f.at(ENDS + timedelta(days=41)))
    assert next_term.starts_on == ENDS + timedelta(1)


def test_r000_15_an_undecided_approval_request_keeps_the_term_in_grace(session):
    member = f.person(session, certified_on=CERTIFIED)
    reviewer = f.person(session, Role.REVIEWER)
    f.course_credit(session, member, "Art", "14", date(2025, 3, 1))
    request = f.approval_request(session, member, ends_on=ENDS - timedelta(days=2), now=f.at(ENDS + timedelta(20)))
    late = f.at(ENDS + timedelta(days=45))
    assert _phase(session, member, ENDS + timedelta(days=45)) is TermPhase.GRACE
    overview = applications.renewal_overview(session=session, actor=member, now=late, settings=SETTINGS)
    assert "not yet decided" in overview.status_words
    assert renewal_window.lapse_ended_terms(session=session, now=late, settings=SETTINGS) == 0
    review.decline(session=session, actor=reviewer, request_id=request.id, criteria=f.judged(),
                   reason="Not medical illustration.", now=late, settings=SETTINGS)
    assert renewal_window.lapse_ended_terms(session=session, now=late, settings=SETTINGS) == 1


def test_r000_15_a_lapsed_member_is_emailed_then_reinstated_by_an_exam_date(session):
    member = f.person(session, certified_on=CERTIFIED)
    board = f.person(session, Role.BOARD)
    f.course_credit(session, member, "Art", "10", date(2024, 3, 1), title="Old course")
    lapse_day = f.at(ENDS + timedelta(days=31))
    assert renewal_window.lapse_ended_terms(session=session, now=lapse_day, settings=SETTINGS) == 1
    [email] = _emails(session, "certification lapsed")
    assert SETTINGS.exam_url in email.body and SETTINGS.board_email in email.body
    # Recording into the lapsed term is refused, whatever the window says.
    course = Activity(kind="course", title="Too late", provider="P", starts_on=ENDS, ends_on=ENDS, hours=2,
                      category_id=f.category(session, "Art").id)
    session.add(course)
    session.flush()
    with pytest.raises(Invalid, match="lapsed"):
        claims.claim_course(session=session, actor=member, activity_id=course.id, category_id=course.category_id,
                            hours="2", now=f.at(ENDS + timedelta(days=10)))
    # Bad exam dates and the wrong people are refused, nothing changed.
    exam = date(2027, 6, 1)
    now = f.at(date(2027, 6, 2))
    for bad, error in ((ENDS, Invalid), ("June 1", Invalid), (date(2027, 7, 1), Invalid)):
        with pytest.raises(error):
            reinstatement.record_exam_pass(session=session, actor=board, member_id=member.member_id, passed_on=bad,
                                     now=now, settings=SETTINGS)
    with pytest.raises(NotAllowed):
        reinstatement.record_exam_pass(session=session, actor=member, member_id=member.member_id, passed_on=exam,
                                 now=now, settings=SETTINGS)
    with pytest.raises(NotFound):
        reinstatement.record_exam_pass(session=session, actor=board, member_id=10**9, passed_on=exam, now=now,
                                 settings=SETTINGS)
    term = reinstatement.record_exam_pass(session=session, actor=board, member_id=member.member_id,
                                    passed_on=exam.isoformat(), now=now, settings=SETTINGS)
    assert (term.starts_on, term.ends_on, term.status) == (exam, date(2032, 5, 31), TermStatus.ACTIVE)
    terms = session.exec(select(CertificationTerm).where(CertificationTerm.member_id == member.member_id)).all()
    assert sorted(t.status.value for t in terms) == ["active", "lapsed"]  # the history is kept
    assert _emails(session, "certification term started")
    assert session.exec(select(AuditEntry).where(AuditEntry.action == "term_reinstated")).one()
    rec = credit_record.credit_record(session=session, actor=member, now=now)
    assert rec.term_starts_on == exam and rec.lines == ()
    with pytest.raises(Invalid, match="falls inside"):  # terms never overlap
        reinstatement.record_exam_pass(session=session, actor=board, member_id=member.member_id,
                                 passed_on=date(2028, 1, 1), now=f.at(date(2028, 1, 2)), settings=SETTINGS)


def test_a_term_still_in_grace_cannot_be_replaced_by_an_exam(session):
    member = f.person(session, certified_on=CERTIFIED)
    staff = f.person(session, Role.STAFF)
    with pytest.raises(Conflict, match="has not lapsed"):
        reinstatement.record_exam_pass(session=session, actor=staff, member_id=member.member_id,
                                 passed_on=ENDS + timedelta(2), now=f.at(ENDS + timedelta(5)), settings=SETTINGS)
    assert len(session.exec(select(CertificationTerm)).all()) == 1


def test_a_new_certificant_gets_a_first_term_from_the_exam_date(session):
    staff = f.person(session, Role.STAFF)
    newcomer = f.person(session)
    term = reinstatement.record_exam_pass(session=session, actor=staff, member_id=newcomer.member_id,
                                    passed_on=date(2026, 11, 2), now=f.at(date(2026, 11, 3)), settings=SETTINGS)
    assert term.starts_on == date(2026, 11, 2)
    assert session.exec(select(AuditEntry).where(AuditEntry.action == "term_started")).one()


def test_a_member_cannot_record_an_exam_pass(session):
    member = f.person(session, certified_on=CERTIFIED)
    other = f.person(session)
    with pytest.raises(NotAllowed):
        reinstatement.record_exam_pass(session=session, actor=member, member_id=other.member_id,
                                 passed_on=date(2026, 11, 2), now=f.at(date(2026, 11, 3)), settings=SETTINGS)


@pytest.mark.parametrize("utc_hour, day", [(23, date(2026, 12, 1)), (0, date(2026, 12, 1)), (4, date(2026, 12, 1)),
                                           (5, date(2026, 12, 2))])
def test_dates_are_the_societys_calendar_dates_just_before_and_after_midnight_utc(session, utc_hour, day):
    """22:04 in New York on Dec 1 is 03:04 UTC on Dec 2: the filing says Dec 1."""
    member = f.person(session, certified_on=date(2022, 1, 10))
    f.enough_to_renew(session, member, date(2024, 5, 1))
    utc_day = date(2026, 12, 1) if utc_hour == 23 else date(2026, 12, 2)
    now = datetime(utc_day.year, utc_day.month, utc_day.day, utc_hour, 4, tzinfo=timezone.utc)
    _apply(session, member, now)
    view = applications.renewal_overview(session=session, actor=member, now=now, settings=SETTINGS).application
    assert view.submitted_on == day
    [email] = _emails(session, "renewal application received")
    assert view.invoice_reference in email.body


def test_the_window_and_grace_follow_the_society_calendar_at_midnight_utc(session):
    """The window opens on Jan 10, 2026 in New York: 03:00 UTC on Jan 10 is still Jan 9 there."""
    member = f.person(session, certified_on=CERTIFIED)
    f.enough_to_renew(session, member, date(2024, 5, 1))
    before = datetime(2026, 1, 10, 3, 0, tzinfo=timezone.utc)
    after = datetime(2026, 1, 10, 5, 30, tzinfo=timezone.utc)
    with pytest.raises(Invalid, match="Applying opens"):
        _apply(session, member, before)
    assert _apply(session, member, after).id


def test_r000_17_the_window_is_configurable(session):
    member = f.person(session, certified_on=CERTIFIED)
    f.enough_to_renew(session, member, date(2024, 5, 1))
    six = replace(SETTINGS, renewal_window_months=6)
    overview = applications.renewal_overview(session=session, actor=member, now=f.at(date(2026, 3, 1)), settings=six)
    assert not overview.may_apply and "Jul 10, 2026" in overview.why_not
    load_actor(session, member.member_id)


@pytest.mark.parametrize("now", [datetime(2026, 11, 22, 15, 30, tzinfo=timezone.utc),
                                 datetime(2027, 3, 1, 4, 30, tzinfo=timezone.utc)])
def test_the_demo_shows_a_member_in_the_window_one_in_grace_and_one_lapsed(session, now, monkeypatch):
    from functools import lru_cache

    from ce_tracker.demo import seed_demo
    from ce_tracker.models import Member
    from ce_tracker.services.accounts import members

    monkeypatch.setattr(members, "hash_password", lru_cache(maxsize=None)(members.hash_password))
    assert seed_demo(session, now=now)
    phases = {}
    for username in ("ines.navarro", "gabriel.grant", "helen.marsh"):
        member = session.exec(select(Member).where(Member.username == username)).one()
        phases[username] = applications.renewal_overview(session=session, actor=load_actor(session, member.id),
                                                    now=now, settings=app_settings)
    assert phases["ines.navarro"].phase is TermPhase.WINDOW and phases["ines.navarro"].may_apply
    assert phases["gabriel.grant"].phase is TermPhase.GRACE and "still needed: 3.5 h in Biomedical" in \
        phases["gabriel.grant"].status_words
    assert phases["helen.marsh"].phase is TermPhase.LAPSED and app_settings.exam_url in phases["helen.marsh"].why_not
