"""Each person's next steps on Home (R000-05, R000-08, R000-15 to R000-17, R000-03, R002-14): the item appears
while there is something to do, says what and by when, leads to the place it is done, and goes once it is done.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from ce_tracker.config import settings as app_settings
from ce_tracker.models import Role
from ce_tracker.services.approvals.requests import answer_question
from ce_tracker.services.approvals.review import approve, return_with_question
from ce_tracker.services.events import cme
from ce_tracker.services.renewal import applications, payments
from ce_tracker.services.to_do.item import Place, Urgency
from ce_tracker.services.to_do.lists import to_do_list
from tests.utils import factories as f

CERTIFIED = date(2022, 1, 10)  # the term ends on 2027-01-09
NOW = f.at(date(2026, 11, 25))
SETTINGS = replace(app_settings, renewal_fee_cents=15000, currency="USD")


def _steps(session, actor, now=NOW):
    return to_do_list(session=session, actor=actor, now=now, settings=SETTINGS)


def _places(steps):
    return [(s.place, s.target) for s in steps]


def test_r000_16_hours_still_needed_lead_to_matching_courses_and_go_once_earned(session):
    member = f.person(session, certified_on=CERTIFIED)
    f.course_credit(session, member, "Art", "14", date(2025, 1, 1))
    f.course_credit(session, member, "Business", "7", date(2025, 1, 1))
    steps = _steps(session, member)
    bio = [s for s in steps if s.place is Place.COURSES and s.target == "Biomedical"]
    assert [s.title for s in bio] == ["Earn 14 h more of Biomedical"]
    assert "Jan 9, 2027" in bio[0].detail
    # 14 h of Biomedical also make up the total: no second, double-counted "more in total" step.
    assert not [s for s in steps if "any category" in s.title]
    f.course_credit(session, member, "Biomedical", "14", date(2025, 2, 1))
    assert not [s for s in _steps(session, member) if s.place is Place.COURSES]


def test_r000_16_hours_missing_beyond_the_categories_are_asked_once_in_any_category(session):
    member = f.person(session, certified_on=CERTIFIED)
    for name in ("Art", "Biomedical"):
        f.course_credit(session, member, name, "14", date(2025, 1, 1))
    f.course_credit(session, member, "Business", "3", date(2025, 1, 1))
    titles = [s.title for s in _steps(session, member) if s.place is Place.COURSES]
    assert titles == ["Earn 4 h more in any category"]


def test_r000_15_in_grace_the_step_says_exactly_what_saves_the_certification(session):
    member = f.person(session, certified_on=CERTIFIED)
    f.course_credit(session, member, "Art", "14", date(2025, 1, 1))
    f.course_credit(session, member, "Business", "7", date(2025, 1, 1))
    f.course_credit(session, member, "Biomedical", "10.5", date(2025, 1, 1))
    in_grace = f.at(date(2027, 1, 19))  # ten days after the term's last day
    steps = [s for s in _steps(session, member, in_grace) if s.place is Place.COURSES]
    assert len(steps) == 1
    step = steps[0]
    assert step.title == "Record 3.5 h of Biomedical to keep your Certified Medical Illustrator certification"
    assert "completed by Jan 9, 2027" in step.detail and "record them by Feb 8, 2027" in step.detail
    assert step.target == "Biomedical" and step.due_on == date(2027, 2, 8)


def test_r000_17_renewal_is_a_step_only_when_the_renewal_page_would_accept_it(session):
    member = f.person(session, certified_on=CERTIFIED)
    f.enough_to_renew(session, member, date(2025, 6, 1))
    before_window = f.at(date(2025, 12, 1))
    assert not [s for s in _steps(session, member, before_window) if s.place is Place.RENEWAL]
    assert [s.action for s in _steps(session, member) if s.place is Place.RENEWAL] == ["Apply for renewal"]
    applications.apply_for_renewal(session=session, actor=member, attested=True, now=NOW, settings=SETTINGS)
    assert not [s for s in _steps(session, member) if s.place is Place.RENEWAL]


def test_r000_05_a_question_from_the_committee_is_a_step_until_answered(session):
    member = f.person(session, certified_on=CERTIFIED)
    reviewer = f.person(session, Role.REVIEWER, Role.MEMBER, certified_on=CERTIFIED)
    request = f.approval_request(session, member, ends_on=date(2026, 11, 20))
    return_with_question(session=session, actor=reviewer, request_id=request.id, question="Which days?",
                         now=NOW, settings=SETTINGS)
    asked = [s for s in _steps(session, member) if s.place is Place.REQUEST]
    assert _places(asked) == [(Place.REQUEST, str(request.id))]
    assert asked[0].title.startswith("Answer the CE committee's question")
    answer_question(session=session, actor=member, request_id=request.id, answer="Both days.", now=NOW,
                    settings=SETTINGS)
    assert not [s for s in _steps(session, member) if s.place is Place.REQUEST]


def test_r000_08_r002_12_conference_credits_to_enter_with_their_last_day_until_submitted(session):
    member = f.person(session, certified_on=CERTIFIED)
    event = f.event(session, ends_on=date(2026, 11, 20), days=2)
    days = f.event_days(session, event)
    f.register(session, member, *days)
    step = [s for s in _steps(session, member) if s.place is Place.EVENT][0]
    assert step.title == "Enter your credits for Annual Convention" and step.target == str(event.id)
    assert step.due_on == date(2026, 12, 20) and "25 days left" in step.detail
    soon = f.at(date(2026, 12, 15))
    assert [s.urgency for s in _steps(session, member, soon) if s.place is Place.EVENT] == [Urgency.SOON]
    for day in days:
        cme.save_day(session=session, actor=member, event_day_id=day.id, value="4", now=NOW)
    cme.submit_event(session=session, actor=member, activity_id=event.id, now=NOW)
    assert not [s for s in _steps(session, member) if s.place is Place.EVENT]


def test_r000_03_a_reviewer_sees_requests_due_overdue_first_never_their_own(session):
    reviewer = f.person(session, Role.REVIEWER, Role.MEMBER, certified_on=CERTIFIED)
    member = f.person(session, certified_on=CERTIFIED)
    older = f.approval_request(session, member, ends_on=date(2026, 10, 1), title="Old workshop",
                               now=f.at(date(2026, 10, 2)))
    newer = f.approval_request(session, member, ends_on=date(2026, 11, 20), title="New workshop")
    f.approval_request(session, reviewer, ends_on=date(2026, 11, 20), title="My own")
    steps = [s for s in _steps(session, reviewer) if s.place is Place.REVIEW_REQUEST]
    assert [s.target for s in steps] == [str(older.id), str(newer.id)]
    assert steps[0].urgency is Urgency.OVERDUE and "Overdue since" in steps[0].detail
    approve(session=session, actor=reviewer, request_id=older.id, criteria=f.judged(), now=NOW, settings=SETTINGS)
    assert [s.target for s in _steps(session, reviewer) if s.place is Place.REVIEW_REQUEST] == [str(newer.id)]


def test_r000_17_staff_see_fees_to_record_then_renewals_to_verify(session):
    staff = f.person(session, Role.STAFF)
    member = f.person(session, certified_on=CERTIFIED, name="Priya Raman")
    f.enough_to_renew(session, member, date(2025, 6, 1))
    application = applications.apply_for_renewal(session=session, actor=member, attested=True, now=NOW,
                                                 settings=SETTINGS)
    steps = _steps(session, staff)
    assert [(s.title, s.place) for s in steps] == [("Record 1 renewal fee", Place.STAFF_PAYMENTS)]
    assert "Priya Raman" in steps[0].detail
    payments.record_payment(session=session, actor=staff, application_id=application.id, reference="R-1", now=NOW,
                            settings=SETTINGS)
    assert [(s.title, s.place) for s in _steps(session, staff)] == [("Verify 1 renewal", Place.STAFF_RENEWALS)]


def test_r002_14_staff_see_events_with_nobody_registered_until_imported(session):
    staff = f.person(session, Role.STAFF)
    member = f.person(session, certified_on=CERTIFIED)
    event = f.event(session, ends_on=date(2026, 12, 10), days=2, title="Winter Meeting")
    f.event(session, ends_on=date(2026, 10, 10), days=2, title="Past Meeting")
    steps = [s for s in _steps(session, staff) if s.place is Place.STAFF_EVENT]
    assert [(s.title, s.target) for s in steps] == [("Import the registrations for Winter Meeting", str(event.id))]
    f.register(session, member, *f.event_days(session, event))
    assert not [s for s in _steps(session, staff) if s.place is Place.STAFF_EVENT]


def test_r000_15_the_board_sees_the_quarter_whose_terms_end_next_and_the_audit_sample(session):
    board = f.person(session, Role.BOARD)
    f.person(session, certified_on=CERTIFIED)  # ends 2027-01-09: 2027 Q1
    steps = _steps(session, board)
    assert [(s.place, s.target) for s in steps] == [(Place.BOARD, "2027 Q1"), (Place.BOARD_SAMPLE, "")]
    assert "1 certificants" not in steps[0].detail and steps[0].title.startswith("Terms ending in 2027 Q1")


def test_r000_19_a_person_with_no_role_work_has_nothing_to_do(session):
    member = f.person(session, certified_on=date(2026, 11, 1))
    assert [s for s in _steps(session, member) if s.place is not Place.COURSES] == []
    assert all(s.place is Place.COURSES for s in _steps(session, member))
