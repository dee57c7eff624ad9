"""Renewal (R000-11, R000-15 to R000-19): apply with enough hours, pay, verify, next term; lapse without."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlmodel import select

from ce_tracker.config import settings as app_settings
from ce_tracker.models import (
    AuditEntry,
    CertificationTerm,
    OutboxEmail,
    RenewalApplication,
    RenewalStatus,
    Role,
    TermStatus,
)
from ce_tracker.services.errors import Conflict, Invalid, NotAllowed, NotFound
from ce_tracker.services.renewal import applications, payments, window
from tests.utils import factories as f

CERTIFIED = date(2022, 1, 10)
TERM_ENDS = date(2027, 1, 9)
NOW = f.at(date(2026, 11, 25))
SETTINGS = replace(app_settings, renewal_fee_cents=15000, currency="USD")


def _member(session, *, enough=True):
    member = f.person(session, certified_on=CERTIFIED)
    if enough:
        f.enough_to_renew(session, member, date(2025, 6, 1))
    return member


def _apply(session, member, now=NOW):
    return applications.apply_for_renewal(session=session, actor=member, attested=True, now=now, settings=SETTINGS)


def _paid_application(session, member, staff):
    application = _apply(session, member)
    payments.record_payment(session=session, actor=staff, application_id=application.id, reference="RCPT-1",
                           now=NOW, settings=SETTINGS)
    return application


def _emails(session, subject_part: str) -> list[OutboxEmail]:
    return [e for e in session.exec(select(OutboxEmail)) if subject_part in e.subject]


def test_r000_11_the_term_is_five_years_and_the_overview_says_whether_the_member_may_apply(session):
    member = _member(session)
    overview = applications.renewal_overview(session=session, actor=member, now=NOW, settings=SETTINGS)
    assert (overview.term_starts_on, overview.term_ends_on) == (CERTIFIED, TERM_ENDS)
    assert overview.may_apply and overview.why_not == "" and overview.fee == "150.00 USD"
    assert overview.standing.counted_total == 35


def test_r000_16_without_enough_hours_the_member_sees_what_is_missing_and_cannot_apply(session):
    member = _member(session, enough=False)
    f.course_credit(session, member, "Art", "21", date(2025, 1, 1))
    overview = applications.renewal_overview(session=session, actor=member, now=NOW, settings=SETTINGS)
    assert not overview.may_apply
    # 14 h in Biomedical also bring the total to 35: one figure, not "short in Biomedical: 14 h; 14 h more in total"
    assert overview.why_not.endswith("still needed: 14 h in Biomedical.")
    with pytest.raises(Invalid, match="still needed: 14 h in Biomedical"):
        _apply(session, member)
    assert session.exec(select(RenewalApplication)).all() == []


def test_r000_17_applying_needs_the_attestation_and_records_the_fee_in_force(session):
    member = _member(session)
    for attested in (False, None, "true", 1):
        with pytest.raises(Invalid, match="Confirm"):
            applications.apply_for_renewal(session=session, actor=member, attested=attested, now=NOW, settings=SETTINGS)
    application = _apply(session, member)
    assert (application.status, application.fee_cents, application.attested_at) == (
        RenewalStatus.SUBMITTED, 15000, NOW)
    assert _emails(session, "renewal application received")


def test_r000_17_a_second_application_for_the_same_term_is_refused(units):
    with units() as session:
        member = _member(session)
        _apply(session, member)
    with pytest.raises(Conflict, match="with headquarters"), units() as session:
        _apply(session, member)
    with units() as session:
        assert len(session.exec(select(RenewalApplication)).all()) == 1


def test_r000_17_r000_18_staff_record_payment_and_verify_the_next_term_starts_after_this_one(session):
    member = _member(session)
    staff = f.person(session, Role.STAFF)
    application = _paid_application(session, member, staff)
    queue = applications.verification_queue(session=session, actor=staff, now=NOW)
    assert [(row.id, row.paid, row.standing.may_renew) for row in queue] == [(application.id, True, True)]
    next_term = applications.verify_renewal(session=session, actor=staff, application_id=application.id, now=NOW,
                                       settings=SETTINGS)
    assert (next_term.starts_on, next_term.ends_on) == (date(2027, 1, 10), date(2032, 1, 9))
    old = session.get(CertificationTerm, application.term_id)
    assert old.status is TermStatus.RENEWED and application.next_term_id == next_term.id
    assert applications.verification_queue(session=session, actor=staff, now=NOW) == []
    assert _emails(session, "certification renewed")
    assert session.exec(select(AuditEntry).where(AuditEntry.action == "renewal_verified")).one()
    # Until the new term starts, the member still sees the renewed term; from its first day, 0 of 35 hours.
    assert applications.renewal_overview(session=session, actor=member, now=NOW, settings=SETTINGS).term_ends_on \
        == TERM_ENDS
    later = applications.renewal_overview(session=session, actor=member, now=f.at(date(2027, 1, 10)),
                                     settings=SETTINGS)
    assert (later.term_starts_on, later.standing.counted_total, later.may_apply) == (date(2027, 1, 10), 0, False)


def test_r000_17_verification_needs_the_fee_and_happens_once(units):
    with units() as session:
        member = _member(session)
        staff = f.person(session, Role.STAFF)
        application = _apply(session, member)
    with pytest.raises(Invalid, match="fee"), units() as session:
        applications.verify_renewal(session=session, actor=staff, application_id=application.id, now=NOW,
                               settings=SETTINGS)
    with units() as session:
        payments.record_payment(session=session, actor=staff, application_id=application.id, reference="R-9",
                               now=NOW, settings=SETTINGS)
        applications.verify_renewal(session=session, actor=staff, application_id=application.id, now=NOW,
                               settings=SETTINGS)
    with pytest.raises(Conflict, match="already decided"), units() as session:
        applications.verify_renewal(session=session, actor=staff, application_id=application.id, now=NOW,
                               settings=SETTINGS)
    with units() as session:
        assert len(session.exec(select(CertificationTerm)).all()) == 2


def test_r000_17_a_returned_application_can_be_filed_again(session):
    member = _member(session)
    staff = f.person(session, Role.STAFF)
    application = _apply(session, member)
    with pytest.raises(Invalid, match="reason"):
        applications.return_renewal(session=session, actor=staff, application_id=application.id, reason="  ",
                               now=NOW, settings=SETTINGS)
    applications.return_renewal(session=session, actor=staff, application_id=application.id,
                           reason="The Business course certificate is missing.", now=NOW, settings=SETTINGS)
    overview = applications.renewal_overview(session=session, actor=member, now=NOW, settings=SETTINGS)
    assert overview.application.status is RenewalStatus.REJECTED and overview.may_apply
    assert "certificate is missing" in overview.application.return_reason
    again = _apply(session, member)
    assert again.id == application.id and again.status is RenewalStatus.SUBMITTED and again.return_reason == ""


def test_r000_19_members_cannot_call_headquarters_functions(session):
    member = _member(session)
    application = _apply(session, member)
    with pytest.raises(NotAllowed):
        applications.verification_queue(session=session, actor=member, now=NOW)
    for call in (applications.verify_renewal, payments.record_payment, applications.return_renewal):
        kwargs = {"reference": "x"} if call is payments.record_payment else {}
        kwargs |= {"reason": "x"} if call is applications.return_renewal else {}
        with pytest.raises(NotAllowed):
            call(session=session, actor=member, application_id=application.id, now=NOW, settings=SETTINGS,
                 **kwargs)
    assert application.status is RenewalStatus.SUBMITTED and application.paid_at is None


@pytest.mark.parametrize("bad_id", [None, "1", True, 10**9, -1, [1]])
def test_unknown_application_ids_are_refused(session, bad_id):
    staff = f.person(session, Role.STAFF)
    with pytest.raises(NotFound):
        applications.application_detail(session=session, actor=staff, application_id=bad_id)


def test_r000_15_a_term_ending_short_lapses_the_day_after_its_grace_ends(units):
    """Grace: 30 days after the end any activity of the term's last day may still be recorded (R000-08)."""
    with units() as session:
        short = _member(session, enough=False)
        ready = _member(session)
    grace_ends = TERM_ENDS + timedelta(days=30)
    with units() as session:
        assert window.lapse_ended_terms(session=session, now=f.at(grace_ends, 23), settings=SETTINGS) == 0
        overview = applications.renewal_overview(session=session, actor=short, now=f.at(grace_ends), settings=SETTINGS)
        assert overview.term_status is TermStatus.ACTIVE and overview.phase.value == "grace"
        assert "In grace" in overview.status_words and "Jan 9, 2027" in overview.status_words
        # The page already says lapsed the day after grace, before any sweep has run.
        overview = applications.renewal_overview(session=session, actor=short, now=f.at(grace_ends + timedelta(1)),
                                            settings=SETTINGS)
        assert overview.term_status is TermStatus.LAPSED and "exam must be taken again" in overview.why_not
        assert SETTINGS.exam_url in overview.why_not and SETTINGS.board_email in overview.why_not
    with units() as session:
        after = f.at(grace_ends + timedelta(days=1), 0)
        assert window.lapse_ended_terms(session=session, now=after, settings=SETTINGS) == 1
    with units() as session:  # a second sweep (another worker) changes nothing and emails nobody again
        assert window.lapse_ended_terms(session=session, now=after, settings=SETTINGS) == 0
        statuses = {t.member_id: t.status for t in session.exec(select(CertificationTerm))}
        assert statuses == {short.member_id: TermStatus.LAPSED, ready.member_id: TermStatus.ACTIVE}
        assert len(_emails(session, "certification lapsed")) == 1
        with pytest.raises(Invalid, match="lapsed"):
            _apply(session, short, now=after)
