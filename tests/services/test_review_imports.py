"""The security review's M2: staff import past credits and registrations, never into their own record, and an
imported line passes the checks a member's own claim passes (an active account, a term that has not lapsed), or
the preview says why it is accepted anyway.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import func, select

from ce_tracker.models import CertificationTerm, CreditClaim, Member, Registration, Role, TermStatus
from ce_tracker.services.accounts.members import profile
from ce_tracker.services.errors import Invalid
from ce_tracker.services.events import registration_import
from ce_tracker.services.events.registration_import import ImportRejected
from ce_tracker.services.record import past_records
from tests.utils import factories as f

NOW = f.at(date(2026, 10, 12))
HEADER = "member_number,category,hours,completed_on,title,provider\n"


def _number(session, actor) -> str:
    return profile(session=session, actor=actor).member_number


def _claims(session) -> int:
    return session.exec(select(func.count()).select_from(CreditClaim)).one()


def _lapse(session, actor) -> CertificationTerm:
    term = session.exec(select(CertificationTerm).where(CertificationTerm.member_id == actor.member_id)).one()
    term.status = TermStatus.LAPSED
    session.add(term)
    session.flush()
    return term


def test_review_m2_staff_who_are_members_cannot_import_past_credits_into_their_own_record(session):
    staff = f.person(session, Role.STAFF, Role.MEMBER, name="Sam Staff", certified_on=date(2022, 1, 10))
    other = f.person(session, name="Ada", certified_on=date(2022, 1, 10))
    text = HEADER + (f"{_number(session, other)},Art,6,2025-03-14,Watercolour anatomy,\n"
                     f"{_number(session, staff)},Art,21,2025-03-14,Hours I gave myself,\n")
    preview = past_records.preview(session=session, actor=staff, csv_text=text, now=NOW)
    assert [line.line for line in preview.lines] == [2]
    assert preview.problems == (f"Line 3: {_number(session, staff)} is your own record: another staff member must "
                                "import your past credits.",)
    with pytest.raises(Invalid, match="Nothing was imported"):
        past_records.commit(session=session, actor=staff, csv_text=text, now=NOW)
    assert _claims(session) == 0
    # Another staff member may import the same line.
    colleague = f.person(session, Role.STAFF)
    assert past_records.commit(session=session, actor=colleague, csv_text=text, now=NOW) == 2


def test_review_m2_an_imported_past_credit_passes_the_claim_checks_inactive_lapsed_not_a_member(session):
    staff = f.person(session, Role.STAFF)
    gone = f.person(session, name="Gone Away", certified_on=date(2022, 1, 10))
    lapsed = f.person(session, name="Laps Ed", certified_on=date(2019, 1, 10))
    clerk = f.person(session, Role.STAFF, name="Only Staff")
    fine = f.person(session, name="Fine Member", certified_on=date(2022, 1, 10))
    member = session.get(Member, gone.member_id)
    member.is_active = False
    session.add(member)
    term = _lapse(session, lapsed)
    text = HEADER + (f"{_number(session, gone)},Art,6,2025-03-14,Inactive,\n"
                     f"{_number(session, lapsed)},Art,6,{term.ends_on.isoformat()},In the lapsed term,\n"
                     f"{_number(session, clerk)},Art,6,2025-03-14,Not a member,\n"
                     f"{_number(session, fine)},Art,6,2025-03-14,Fine,\n")
    preview = past_records.preview(session=session, actor=staff, csv_text=text, now=NOW)
    assert [line.line for line in preview.lines] == [5]
    assert preview.problems == (
        f"Line 2: {_number(session, gone)} (Gone Away) has an inactive account.",
        f"Line 3: the date {term.ends_on.isoformat()} falls in a certification term of {_number(session, lapsed)} "
        "that has lapsed; credit cannot be recorded in it.",
        f"Line 4: {_number(session, clerk)} (Only Staff) is not a member's account.")
    with pytest.raises(Invalid):
        past_records.commit(session=session, actor=staff, csv_text=text, now=NOW)
    assert _claims(session) == 0


def test_review_m2_the_preview_says_why_a_line_past_its_30_day_window_is_accepted(session):
    staff = f.person(session, Role.STAFF)
    ada = f.person(session, name="Ada", certified_on=date(2022, 1, 10))
    text = HEADER + (f"{_number(session, ada)},Art,6,2025-03-14,Old workshop,\n"
                     f"{_number(session, ada)},Art,2,2026-10-01,Recent workshop,\n")
    preview = past_records.preview(session=session, actor=staff, csv_text=text, now=NOW)
    assert preview.problems == ()
    old, recent = preview.lines
    assert old.note == ("Completed more than 30 days ago: accepted as a past record (the 30-day rule applies to "
                        "credit recorded in CE Tracker).")
    assert recent.note == ""
    assert "without pre-approval" in past_records.ACCEPTED_ANYWAY and "30-day" in past_records.ACCEPTED_ANYWAY


# --- registrations --------------------------------------------------------------------------------------------

def _convention(session):
    activity = f.event(session, ends_on=date(2026, 10, 10))
    return activity, [d.day.isoformat() for d in f.event_days(session, activity)]


def _registered(session) -> int:
    return session.exec(select(func.count()).select_from(Registration)).one()


def test_review_m2_staff_who_are_members_cannot_register_their_own_days(session):
    staff = f.person(session, Role.STAFF, Role.MEMBER, name="Sam Staff", certified_on=date(2022, 1, 10))
    other = f.person(session, name="Ada", certified_on=date(2022, 1, 10))
    activity, days = _convention(session)
    text = (f"member_id,day\n{_number(session, other)},{days[0]}\n"
            f"{_number(session, staff)},{days[0]}\n{_number(session, staff)},{days[1]}\n")
    with pytest.raises(ImportRejected) as refused:
        registration_import.import_registrations(session=session, actor=staff, activity_id=activity.id,
                                                 csv_text=text, now=NOW)
    own = (f"Member {_number(session, staff)} (Sam Staff) is you: another staff member must register your days.")
    assert refused.value.problems == ((3, own), (4, own))
    assert _registered(session) == 0
    colleague = f.person(session, Role.STAFF)
    report = registration_import.import_registrations(session=session, actor=colleague, activity_id=activity.id,
                                                      csv_text=text, now=NOW)
    assert report.added == 3


def test_review_m2_a_registration_in_a_lapsed_term_is_refused_like_a_claim(session):
    staff = f.person(session, Role.STAFF)
    lapsed = f.person(session, name="Laps Ed", certified_on=date(2021, 10, 1))
    _lapse(session, lapsed)
    activity = f.event(session, ends_on=date(2026, 9, 20))
    day = f.event_days(session, activity)[0].day.isoformat()
    with pytest.raises(ImportRejected) as refused:
        registration_import.import_registrations(session=session, actor=staff, activity_id=activity.id,
                                                 csv_text=f"member_id,day\n{_number(session, lapsed)},{day}\n",
                                                 now=NOW)
    assert refused.value.problems == ((2, f"Member {_number(session, lapsed)} (Laps Ed): this event falls in a "
                                          "certification term that has lapsed; credit cannot be recorded in it."),)
    # An event without a CE category (CME only) is outside every CE term: the registration is accepted.
    cme_only = f.event(session, ends_on=date(2026, 9, 20), category_name=None, title="CME only")
    day = f.event_days(session, cme_only)[0].day.isoformat()
    assert registration_import.import_registrations(
        session=session, actor=staff, activity_id=cme_only.id,
        csv_text=f"member_id,day\n{_number(session, lapsed)},{day}\n", now=NOW).added == 1
