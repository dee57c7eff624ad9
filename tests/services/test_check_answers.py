"""What headquarters' irreversible steps will do, said before them, and nothing changed by asking:
verifying a renewal (R000-17, R000-18), striking a credit (R000-16, R000-17), recording a passed exam
(R000-11, R000-18)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlmodel import select

from ce_tracker.config import settings as app_settings
from ce_tracker.models import AuditEntry, CertificationTerm, ClaimStatus, CreditClaim, Member, OutboxEmail, Role
from ce_tracker.services.errors import Conflict, Invalid, NotFound
from ce_tracker.services.renewal import applications, payments, previews, reinstatement
from ce_tracker.services.renewal import evidence as renewal_evidence
from ce_tracker.services.renewal import window as renewal_window
from ce_tracker.services.renewal.common import OWN_RECORD
from tests.utils import factories as f

CERTIFIED = date(2022, 1, 10)  # the term runs to Jan 9, 2027
NOW = f.at(date(2026, 11, 25))
SETTINGS = replace(app_settings, renewal_fee_cents=15000, currency="USD", renewal_window_months=12)


def _changes(session) -> tuple[int, int, int]:
    """Emails, audit rows and terms: what any irreversible step leaves behind."""
    return tuple(len(session.exec(select(table)).all()) for table in (OutboxEmail, AuditEntry, CertificationTerm))


def _applied(session, name: str = "Rosa Renewer"):
    member = f.person(session, name=name, certified_on=CERTIFIED)
    f.enough_to_renew(session, member, date(2025, 6, 1))
    f.course_credit(session, member, "Art", "2", date(2025, 7, 1), title="Duplicate Art course")
    application = applications.apply_for_renewal(session=session, actor=member, attested=True, now=NOW,
                                                 settings=SETTINGS)
    return member, application


def test_r000_17_r000_18_verify_says_the_fee_is_missing_then_names_the_member_and_the_next_term(session):
    member, application = _applied(session)
    staff = f.person(session, Role.STAFF)
    number = session.get(Member, member.member_id).member_number
    before = _changes(session)
    check = previews.verify_preview(session=session, actor=staff, application_id=application.id)
    assert check.blocked == ("The fee is not recorded yet: the record has the hours needed, so record the payment "
                             "first.")
    assert check.summary == (
        f"You are verifying the renewal of Rosa Renewer (member ID {number}). Their record has 37 of 35 h counted "
        "in the term Jan 10, 2022 to Jan 9, 2027: enough to renew. Their next term will run from Jan 10, 2027 to "
        "Jan 9, 2032, and they will be emailed that they are renewed.")
    assert _changes(session) == before  # asking changes nothing
    payments.record_payment(session=session, actor=staff, application_id=application.id, reference="R-1", now=NOW,
                            settings=SETTINGS)
    assert previews.verify_preview(session=session, actor=staff, application_id=application.id).blocked == ""
    term = applications.verify_renewal(session=session, actor=staff, application_id=application.id, now=NOW,
                                       settings=SETTINGS)
    assert (term.starts_on, term.ends_on) == (date(2027, 1, 10), date(2032, 1, 9))  # the dates the summary gave
    assert previews.verify_preview(session=session, actor=staff,
                                   application_id=application.id).blocked == "This application was already decided."


def test_r000_17_verify_says_which_hours_are_missing_and_refuses_ones_own_renewal(session):
    member = f.person(session, certified_on=CERTIFIED)
    f.enough_to_renew(session, member, date(2025, 6, 1))
    application = applications.apply_for_renewal(session=session, actor=member, attested=True, now=NOW,
                                                 settings=SETTINGS)
    staff = f.person(session, Role.STAFF)
    [art] = [line for line in renewal_evidence.evidence(session=session, actor=staff, application_id=application.id)
             if line.category == "Art"]
    renewal_evidence.strike_credit(session=session, actor=staff, application_id=application.id, kind=art.kind,
                                   line_id=art.id, reason="Not attended.", now=NOW, settings=SETTINGS)
    blocked = previews.verify_preview(session=session, actor=staff, application_id=application.id).blocked
    assert blocked == ("The record does not have the hours needed to renew (still needed: 14 h in Art), and the "
                       "fee is not recorded yet.")
    staff_member = f.person(session, Role.MEMBER, Role.STAFF, certified_on=CERTIFIED)
    f.enough_to_renew(session, staff_member, date(2025, 6, 1))
    own = applications.apply_for_renewal(session=session, actor=staff_member, attested=True, now=NOW,
                                         settings=SETTINGS)
    assert previews.verify_preview(session=session, actor=staff_member, application_id=own.id).blocked == OWN_RECORD


def test_r000_16_r000_17_strike_names_the_line_and_the_standing_it_leaves_and_changes_nothing(session):
    _, application = _applied(session)
    staff = f.person(session, Role.STAFF)
    [line] = [x for x in renewal_evidence.evidence(session=session, actor=staff, application_id=application.id)
              if x.title == "Duplicate Art course"]
    before = _changes(session)
    words = previews.strike_preview(session=session, actor=staff, application_id=application.id, kind=line.kind,
                                    line_id=line.id, reason="Recorded twice.")
    assert words == ("You are striking \u201cDuplicate Art course\u201d (Art, 2 h, completed Jul 1, 2025) from the "
                     "record of Rosa Renewer. It stays listed, marked as struck, and no longer counts. Their standing "
                     "goes from 37 of 35 h counted to 35 of 35 h counted: enough to renew. They will be emailed "
                     "your reason: \u201cRecorded twice.\u201d")
    assert _changes(session) == before
    assert session.get(CreditClaim, line.id).status is ClaimStatus.RECORDED
    [art] = [x for x in renewal_evidence.evidence(session=session, actor=staff, application_id=application.id)
             if x.category == "Art" and x.title != "Duplicate Art course"]
    words = previews.strike_preview(session=session, actor=staff, application_id=application.id, kind=art.kind,
                                    line_id=art.id, reason="No certificate.")
    assert "goes from 37 of 35 h counted to 23 of 35 h counted: not enough to renew (still needed: 12 h in Art)" \
        in words
    with pytest.raises(Invalid, match="Give the reason"):
        previews.strike_preview(session=session, actor=staff, application_id=application.id, kind=line.kind,
                                line_id=line.id, reason="  ")
    renewal_evidence.strike_credit(session=session, actor=staff, application_id=application.id, kind=line.kind,
                                   line_id=line.id, reason="Recorded twice.", now=NOW, settings=SETTINGS)
    with pytest.raises(NotFound):  # a struck line cannot be struck again
        previews.strike_preview(session=session, actor=staff, application_id=application.id, kind=line.kind,
                                line_id=line.id, reason="Again.")
    with pytest.raises(NotFound):
        previews.strike_preview(session=session, actor=staff, application_id=application.id, kind="other",
                                line_id=line.id, reason="Again.")


def test_r000_11_r000_18_the_exam_check_says_whose_member_id_it_is_and_the_new_term(session):
    member = f.person(session, name="Helen Lapsed", certified_on=CERTIFIED)
    board = f.person(session, Role.BOARD)
    row = session.get(Member, member.member_id)
    renewal_window.lapse_ended_terms(session=session, now=f.at(date(2027, 2, 10)), settings=SETTINGS)
    now = f.at(date(2027, 6, 2))
    before = _changes(session)
    found = previews.exam_preview(session=session, actor=board, member_number=f" {row.member_number} ",
                                  passed_on="2027-06-01", now=now, settings=SETTINGS)
    assert found.member_name == "Helen Lapsed"
    assert found.summary == (
        f"This member ID is Helen Lapsed's ({row.email}). Their last term ran from Jan 10, 2022 to Jan 9, 2027 "
        "and is lapsed; it and its credits are kept. Recording that they passed the exam on Jun 1, 2027 starts a "
        "new Certified Medical Illustrator term from Jun 1, 2027 to May 31, 2032, and they will be emailed.")
    assert _changes(session) == before
    with pytest.raises(NotFound, match="No account has that member ID"):
        previews.exam_preview(session=session, actor=board, member_number="999999999", passed_on="2027-06-01",
                              now=now, settings=SETTINGS)
    with pytest.raises(Invalid, match="falls inside"):  # refused before the confirmation, as the recording would be
        previews.exam_preview(session=session, actor=board, member_number=row.member_number,
                              passed_on="2026-06-01", now=now, settings=SETTINGS)
    newcomer = f.person(session, name="Nora New")
    number = session.get(Member, newcomer.member_id).member_number
    assert "They hold no certification term yet: this is their first." in previews.exam_preview(
        session=session, actor=board, member_number=number, passed_on="2027-06-01", now=now,
        settings=SETTINGS).summary
    in_grace = f.person(session, certified_on=date(2022, 5, 1))
    with pytest.raises(Conflict, match="has not lapsed"):
        previews.exam_preview(session=session, actor=board,
                              member_number=session.get(Member, in_grace.member_id).member_number,
                              passed_on=date(2027, 5, 2).isoformat(), now=f.at(date(2027, 5, 3)), settings=SETTINGS)
    name, term = reinstatement.record_exam_pass_by_number(session=session, actor=board,
                                                          member_number=row.member_number, passed_on="2027-06-01",
                                                          now=now, settings=SETTINGS)
    assert (name, term.starts_on, term.ends_on) == ("Helen Lapsed", date(2027, 6, 1), date(2032, 5, 31))
