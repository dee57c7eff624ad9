"""Words and numbers that agree, tried as a member, the Board and the reminders would (R000-15 to R000-18; a member in two programs).

Each test reproduces a contradiction the app used to show: Home's "At risk: You are behind the pace" to a member
with 40.5 of 35 h and 669 days left; the Board listing a member in two programs once, with her second program's
term at "0 of 30 h counted" while her own page counted it, and her first term not at all; a struck conference
still counted by the Board; a term-end reminder saying "apply to renew" months before applying opens.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from sqlmodel import select

from ce_tracker.config import settings as app_settings
from ce_tracker.models import OutboxEmail, Role
from ce_tracker.rules.planning import evaluate_lines
from ce_tracker.rules.program_check import ProgramDraft
from ce_tracker.rules.status import Status, headline
from ce_tracker.services.accounts import members
from ce_tracker.services.board import cohorts as board_cohorts
from ce_tracker.services.events import cme
from ce_tracker.services.programs import editor as programs_editor
from ce_tracker.services.record import credit_record, planner, standing_view, terms
from ce_tracker.services.reminders import sending
from ce_tracker.services.renewal import applications, evidence
from tests.utils import factories as f

CERTIFIED = date(2023, 10, 5)  # the term ends on Oct 4, 2028; applying opens on Oct 5, 2027
TODAY = date(2026, 12, 5)  # 669 days left
SETTINGS = replace(app_settings, smtp_host=None)
ULTRASOUND = ProgramDraft(code="RDMS-CME", name="Ultrasound Society CME", term_years="3", total_hours="30",
                          recording_window_days="30", approval_window_days="30", review_days="14",
                          timezone="America/New_York")


def _maya(session, name="Maya Castillo"):
    """The demo member's CMI credit: 40.5 of 35 h counted, short 1.5 h of Art only."""
    member = f.person(session, name=name, certified_on=CERTIFIED)
    for category, hours, day in (("Art", "12.5", date(2025, 4, 4)), ("Biomedical", "23.75", date(2025, 11, 5)),
                                 ("Business", "3", date(2024, 3, 1)), ("History", "4", date(2025, 6, 13))):
        f.course_credit(session, member, category, hours, day, title=f"{category} course")
    return member


def _board(session):
    return board_cohorts.certificant_list(session=session, actor=f.person(session, Role.BOARD), now=f.at(TODAY)).rows


def test_r000_15_r000_16_enough_hours_overall_short_in_art_is_not_behind_the_pace_on_home(session):
    member = _maya(session)
    view = standing_view.home_view(session=session, actor=member, now=f.at(TODAY))
    assert view.record.standing.counted_total == 40.5 and view.record.days_left == 669
    assert view.status is Status.ON_PACE and view.status_label == view.term_status == "On pace"
    assert view.headline == "You have enough hours overall; you still need 1.5 h in Art by Oct 4, 2028."
    assert "behind" not in view.headline and "Collecting" not in view.status_label
    assert view.shortfall == "1.5 h in Art" and not view.may_renew
    assert "Applying to renew opens on Oct 5, 2027" in view.phase_words


def test_r000_16_r000_17_home_offers_apply_exactly_when_the_renewal_page_accepts(session):
    member = _maya(session)
    f.course_credit(session, member, "Art", "1.5", date(2026, 11, 1), title="Art top-up")
    for day, offered in ((TODAY, False), (date(2027, 10, 4), False), (date(2027, 10, 5), True)):
        view = standing_view.home_view(session=session, actor=member, now=f.at(day))
        overview = applications.renewal_overview(session=session, actor=member, now=f.at(day), settings=SETTINGS)
        assert view.may_renew is overview.may_apply is offered, day
        assert view.status is (Status.ELIGIBLE if offered else Status.HOURS_MET)
    assert view.headline == "You have the hours needed to renew, and applying is open: apply now."
    plans = planner.planner(session=session, actor=member, now=f.at(TODAY))
    (term,) = plans.terms
    assert term.result.renewable_on == date(2027, 10, 5)  # "You could renew now" said the planner


def _two_programs(session):
    """Maya with a second term in a program without categories, and one conference that counts in both."""
    member = _maya(session)
    staff = f.person(session, Role.STAFF)
    row = programs_editor.create_program(session=session, actor=staff, draft=ULTRASOUND, now=f.at(TODAY))
    members.open_term(session, member_id=member.member_id, program=row, starts_on=TODAY - timedelta(days=400))
    event = f.event(session, ends_on=TODAY - timedelta(days=20), days=1, max_credits="8", category_name=None)
    days = f.event_days(session, event)
    f.register(session, member, *days)
    cme.save_day(session=session, actor=member, event_day_id=days[0].id, value="6", now=f.at(TODAY))
    cme.submit_event(session=session, actor=member, activity_id=event.id, now=f.at(TODAY))
    session.flush()
    return member


def test_r000_25_the_board_lists_each_term_of_a_member_in_two_programs_with_her_own_figures(session):
    member = _two_programs(session)
    rows = [r for r in _board(session) if r.member_id == member.member_id]
    assert sorted(r.program_name for r in rows) == ["Certified Medical Illustrator", "Ultrasound Society CME"]
    cmi = next(r for r in rows if r.program_name == "Certified Medical Illustrator")
    us = next(r for r in rows if r.program_name == "Ultrasound Society CME")
    own = credit_record.credit_record(session=session, actor=member, now=f.at(TODAY))
    home = standing_view.home_view(session=session, actor=member, now=f.at(TODAY))
    assert cmi.standing == own.standing and cmi.status is home.status is Status.ON_PACE
    assert cmi.verdict == home.verdict and headline(cmi.verdict) == home.headline
    assert evaluate_lines(cmi.standing.program, [(x.category, x.hours) for x in own.lines]) == cmi.standing
    (other,) = terms.other_terms(session=session, actor=member, now=f.at(TODAY))
    assert us.standing == other.verdict.standing and us.status is other.status
    # The Biomedical course inside this term (23.75 h) and the 6 h CME-only day count toward the program
    # without categories, as the member's own page counts them; the Board said "0 of 30".
    assert us.standing.counted_total == other.counted == 29.75 and us.status is Status.ON_PACE


def test_r000_17_a_struck_conference_no_longer_counts_on_the_board_either(session):
    member = f.person(session, certified_on=date(2022, 1, 10))  # the window is open: Jan 10, 2026 on
    f.enough_to_renew(session, member, date(2025, 6, 1))
    event = f.event(session, ends_on=TODAY - timedelta(days=20), days=1, max_credits="8")
    days = f.event_days(session, event)
    f.register(session, member, *days)
    cme.save_day(session=session, actor=member, event_day_id=days[0].id, value="8", now=f.at(TODAY))
    cme.submit_event(session=session, actor=member, activity_id=event.id, now=f.at(TODAY))
    application = applications.apply_for_renewal(session=session, actor=member, attested=True, now=f.at(TODAY),
                                                 settings=SETTINGS)
    staff = f.person(session, Role.STAFF)
    line = next(x for x in evidence.evidence(session=session, actor=staff, application_id=application.id)
                if x.kind == evidence.SUBMISSION)
    evidence.strike_credit(session=session, actor=staff, application_id=application.id, kind=line.kind,
                           line_id=line.id, reason="Not attended", now=f.at(TODAY), settings=SETTINGS)
    (row,) = [r for r in _board(session) if r.member_id == member.member_id]
    own = credit_record.credit_record(session=session, actor=member, now=f.at(TODAY))
    assert row.standing == own.standing and row.standing.counted_total == 35
    listed = [(line.category, line.hours) for line in own.lines]  # the struck line is not listed either
    assert evaluate_lines(row.standing.program, listed) == row.standing


def test_r000_15_r000_17_the_term_end_reminder_says_what_home_says(session):
    """With applying opening 6 months before the end, the 12-month reminder to a member with the hours said
    "You have the hours needed: apply to renew. Applying opens on ...": now it says Home's headline."""
    settings = replace(SETTINGS, renewal_window_months=6)
    member = f.person(session, certified_on=date(2023, 1, 10))  # ends Jan 9, 2028
    f.enough_to_renew(session, member, date(2025, 6, 1))
    day = date(2027, 1, 10)
    assert sending.send_reminders(session=session, now=f.at(day), settings=settings) == 1
    body = session.exec(select(OutboxEmail.body).where(OutboxEmail.subject.contains("your term ends"))).one()
    verdict = applications.renewal_overview(session=session, actor=member, now=f.at(day), settings=settings).verdict
    assert verdict.status is Status.HOURS_MET
    assert headline(verdict) == "You have the hours needed to renew; applying opens on Jul 10, 2027."
    assert headline(verdict) in " ".join(body.split()) and "apply to renew." not in body
