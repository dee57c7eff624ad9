"""The demo seed: documented logins, a current-looking CME list, and credit histories that obey the rules."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal
from functools import lru_cache

import pytest
from sqlalchemy import func
from sqlmodel import select

from ce_tracker.demo import DEMO_PASSWORD, seed_demo
from ce_tracker.models import (
    Activity,
    ActivityKind,
    ApprovalMessage,
    ApprovalRequest,
    AuditEntry,
    Category,
    Certificate,
    CertificationTerm,
    CreditClaim,
    EventSubmission,
    Member,
    MessageKind,
    ProgramRow,
    RequestStatus,
    Role,
    RoleGrant,
    TermStatus,
)
from ce_tracker.rules import CMI, EventPhase, evaluate, local_date
from ce_tracker.services.accounts import members
from ce_tracker.services.accounts.actors import load_actor
from ce_tracker.services.accounts.sessions import authenticate
from ce_tracker.services.events import certificates, cme
from tests.utils.tables import row_counts

NOW = datetime(2026, 11, 22, 15, 30, tzinfo=timezone.utc)
LOGINS = {
    "member@demo.test": ("member", "Maya Castillo", {Role.MEMBER}),
    "reviewer@demo.test": ("reviewer", "Rowan Iverson", {Role.REVIEWER, Role.MEMBER}),
    "staff@demo.test": ("staff", "Sam Okafor", {Role.STAFF}),
}


@pytest.fixture(autouse=True)
def hash_once(monkeypatch):
    """Argon2 is slow on purpose; the demo's accounts share one password, so hash it once per test."""
    monkeypatch.setattr(members, "hash_password", lru_cache(maxsize=None)(members.hash_password))


@pytest.fixture
def seeded(session):
    assert seed_demo(session, now=NOW) is True
    return session


def _member(session, email: str) -> Member:
    return session.exec(select(Member).where(Member.email == email)).one()


def test_documented_logins_work_with_every_identifier_and_hold_their_roles(seeded):
    for email, (username, full_name, roles) in LOGINS.items():
        member = _member(seeded, email)
        assert member.full_name == full_name
        for identifier in (email, username, member.member_number):
            assert authenticate(session=seeded, identifier=identifier, password=DEMO_PASSWORD, now=NOW).id == member.id
        assert load_actor(seeded, member.id).roles == frozenset(roles)


def test_demo_member_term_started_three_years_two_months_ago_and_staff_has_none(seeded):
    maya = _member(seeded, "member@demo.test")
    cmi = seeded.exec(select(ProgramRow).where(ProgramRow.code == CMI.code)).one()
    term = members.term_in_program(seeded, maya.id, cmi.id)  # she holds an ultrasound term too
    assert (term.starts_on.year, term.starts_on.month, term.starts_on.day) == (2023, 9, 22)
    assert seeded.exec(select(CertificationTerm).where(
        CertificationTerm.member_id == _member(seeded, "reviewer@demo.test").id)).one()
    assert not seeded.exec(select(CertificationTerm).where(
        CertificationTerm.member_id == _member(seeded, "staff@demo.test").id)).all()


def test_demo_member_has_a_calendar_feed_and_imported_credits(seeded):
    from ce_tracker.models import CalendarFeed
    maya = _member(seeded, "member@demo.test")
    assert seeded.exec(select(CalendarFeed).where(CalendarFeed.member_id == maya.id)).one().revoked_at is None
    imported = seeded.exec(select(CreditClaim).where(CreditClaim.member_id == maya.id,
                                                     CreditClaim.source == "imported")).all()
    assert len(imported) == 2


def test_a_second_seed_changes_nothing(seeded):
    before = row_counts(seeded)
    assert seed_demo(seeded, now=NOW + timedelta(days=3)) is False
    assert row_counts(seeded) == before


def test_demo_member_sees_open_submitted_and_upcoming_events_most_recent_first(seeded):
    actor = load_actor(seeded, _member(seeded, "member@demo.test").id)
    lines = cme.my_events(session=seeded, actor=actor, now=NOW)
    assert [line.phase for line in lines] == [EventPhase.UPCOMING, EventPhase.OPEN, EventPhase.SUBMITTED]
    assert [line.starts_on for line in lines] == sorted((line.starts_on for line in lines), reverse=True)
    upcoming, recent, last_year = lines
    assert upcoming.opens_on > local_date(CMI, NOW) and upcoming.closes_on is None
    assert recent.title == "AMI Annual Conference 2026" and recent.total is None
    sheet = cme.event_sheet(session=seeded, actor=actor, activity_id=recent.activity_id, now=NOW)
    assert sheet.can_submit is False and len(sheet.missing_days) == 3
    assert last_year.title == "AMI Annual Conference 2025"
    assert last_year.certificate_number and last_year.certificate_number.startswith("CME-2025-")


def test_reviewer_has_two_of_three_recent_days_with_one_saved(seeded):
    actor = load_actor(seeded, _member(seeded, "reviewer@demo.test").id)
    recent = next(e for e in cme.my_events(session=seeded, actor=actor, now=NOW) if e.phase is EventPhase.OPEN)
    sheet = cme.event_sheet(session=seeded, actor=actor, activity_id=recent.activity_id, now=NOW)
    assert sum(d.registered for d in sheet.days) == 2 and len(sheet.missing_days) == 1


def test_catalog_members_and_committee_queue(seeded):
    grants = seeded.exec(select(func.count()).select_from(RoleGrant).where(RoleGrant.role == Role.MEMBER)).one()
    assert grants >= 12
    courses = seeded.exec(select(Activity).where(Activity.kind == ActivityKind.COURSE,
                                                 Activity.pre_approved.is_(True))).all()
    assert len(courses) >= 12
    names = {seeded.get(Category, c.category_id).name for c in courses}
    assert names == {"Art", "Biomedical", "Business", "History"}
    today = local_date(CMI, NOW)
    assert any(c.ends_on > today for c in courses)
    assert any(today - timedelta(days=30) <= c.ends_on < today for c in courses)
    for course in courses:
        assert Decimal(1) <= course.hours <= Decimal("7.5") and course.hours % Decimal("0.25") == 0
    pending = seeded.exec(select(ApprovalRequest).where(ApprovalRequest.status == RequestStatus.PENDING)).all()
    assert len(pending) == 3 and len({r.member_id for r in pending}) == 3
    assert sorted((today - local_date(CMI, r.submitted_at)).days for r in pending) == [0, 5, 16]
    reviewer = _member(seeded, "reviewer@demo.test")
    assert reviewer.id not in {r.member_id for r in pending}  # the reviewer has requests to decide, none their own
    decided = seeded.exec(select(ApprovalRequest).where(ApprovalRequest.status.in_(
        [RequestStatus.APPROVED, RequestStatus.DECLINED]))).all()
    assert {r.status for r in decided} == {RequestStatus.APPROVED, RequestStatus.DECLINED}
    assert all(r.decided_by == reviewer.id and r.decision_note and r.decided_at for r in decided)
    returned = seeded.exec(select(ApprovalRequest).where(ApprovalRequest.status == RequestStatus.RETURNED)).one()
    assert returned.member_id == _member(seeded, "member@demo.test").id
    question = seeded.exec(select(ApprovalMessage).where(ApprovalMessage.request_id == returned.id)).one()
    assert question.kind is MessageKind.QUESTION and question.author_id == reviewer.id
    assert seeded.exec(select(AuditEntry).where(AuditEntry.action == "demo_seeded")).one()


def test_terms_cover_the_interesting_cases(seeded):
    today = local_date(CMI, NOW)
    terms = seeded.exec(select(CertificationTerm)).all()
    assert any(t.status is TermStatus.ACTIVE and 0 <= (t.ends_on - today).days <= 60 for t in terms)
    assert any(t.status is TermStatus.ACTIVE and (today - t.starts_on).days < 365 for t in terms)
    assert any(t.status is TermStatus.LAPSED and t.ends_on < today for t in terms)


def test_credit_histories_show_shortfalls_caps_and_a_complete_record(seeded):
    names = {c.id: c.name for c in seeded.exec(select(Category))}
    standings = []
    for member_id in {c.member_id for c in seeded.exec(select(CreditClaim))}:
        hours: dict[str, Decimal] = {}
        for claim in seeded.exec(select(CreditClaim).where(CreditClaim.member_id == member_id)):
            hours[names[claim.category_id]] = hours.get(names[claim.category_id], Decimal(0)) + claim.hours
        standings.append(evaluate(CMI, hours))
    assert any(s.categories["Art"].shortfall for s in standings)
    assert any(s.categories["Biomedical"].shortfall for s in standings)
    assert any(s.categories["Art"].earned > 21 for s in standings)
    assert any(s.categories["Business"].earned + s.categories["History"].earned > 7 for s in standings)
    assert any(s.may_renew for s in standings)
    assert len(seeded.exec(select(EventSubmission)).all()) >= 6


@pytest.mark.parametrize("now", [
    NOW,
    datetime(2028, 2, 29, 12, tzinfo=timezone.utc),  # leap day
    datetime(2027, 1, 1, 3, tzinfo=timezone.utc),  # still New Year's Eve in New York
    datetime(2026, 3, 31, 23, 30, tzinfo=timezone.utc),  # month end: shorter months clamp
])
def test_every_claim_lies_within_its_term_and_was_recorded_within_30_days(session, now):
    assert seed_demo(session, now=now) is True
    claims = session.exec(select(CreditClaim)).all()
    assert claims
    for claim in claims:
        terms = session.exec(select(CertificationTerm).where(CertificationTerm.member_id == claim.member_id)).all()
        assert any(term.starts_on <= claim.completed_on <= term.ends_on for term in terms)  # renewed: two terms
        if claim.source == "member":  # imported past records were recorded before the app existed
            assert 0 <= (local_date(CMI, claim.claimed_at) - claim.completed_on).days <= CMI.recording_window_days
        assert claim.claimed_at <= now
    actor = load_actor(session, _member(session, "member@demo.test").id)
    phases = [line.phase for line in cme.my_events(session=session, actor=actor, now=now)]
    assert phases == [EventPhase.UPCOMING, EventPhase.OPEN, EventPhase.SUBMITTED]


def test_demo_member_holds_terms_in_two_programs_and_has_plans(seeded):
    from ce_tracker.models import PlannedActivity, ProgramRow
    from ce_tracker.services.record import planner, terms
    maya = load_actor(seeded, _member(seeded, "member@demo.test").id)
    held = seeded.exec(select(CertificationTerm).where(CertificationTerm.member_id == maya.member_id)).all()
    assert sorted(seeded.get(ProgramRow, t.program_id).code for t in held) == ["CMI", "RDMS-CME"]
    (other,) = terms.other_terms(session=seeded, actor=maya, now=NOW)
    assert other.program_name == "Ultrasound Society CME" and other.any_hours and other.required == 30
    assert other.counted > 0  # her CMI credits count toward the ultrasound program too
    assert len(seeded.exec(select(PlannedActivity).where(PlannedActivity.member_id == maya.member_id)).all()) == 3
    view = planner.planner(session=seeded, actor=maya, now=NOW)
    assert [t.program_name for t in view.terms] == ["Certified Medical Illustrator", "Ultrasound Society CME"]


def test_demo_has_a_meeting_with_an_art_day_and_a_biomedical_day(seeded):
    from ce_tracker.services.record import credit_record

    elena = load_actor(seeded, _member(seeded, "elena.petrova@demo.test").id)
    lines = [line for line in credit_record.credit_record(session=seeded, actor=elena, now=NOW).lines
             if line.title.startswith("AMI Art & Anatomy Meeting")]
    assert sorted((line.category, line.hours) for line in lines) == [("Art", Decimal("6.5")),
                                                                      ("Biomedical", Decimal("7.5"))]


def test_r000_15_to_r000_18_the_demo_shows_every_status_a_term_can_have(seeded):
    """A newcomer finds each status on the Board, and the demo member reads the words the figures give."""
    from ce_tracker.rules.status import Status
    from ce_tracker.services.board import cohorts
    from ce_tracker.services.record import standing_view

    board = load_actor(seeded, _member(seeded, "board@demo.test").id)
    rows = cohorts.certificant_list(session=seeded, actor=board, now=NOW).rows
    assert {row.status for row in rows} == set(Status)
    maya = load_actor(seeded, _member(seeded, "member@demo.test").id)
    assert [row.program_name for row in rows if row.member_id == maya.member_id] == [
        "Certified Medical Illustrator", "Ultrasound Society CME"]
    home = standing_view.home_view(session=seeded, actor=maya, now=NOW)
    assert home.status is Status.ON_PACE and not home.may_renew
    assert home.headline.startswith("You have enough hours overall; you still need 1.5 h in Art by ")


def test_the_demo_shows_a_revoked_certificate(seeded):
    marcus = seeded.exec(select(Member).where(Member.username == "marcus.bell")).one()
    [revoked] = seeded.exec(select(Certificate).where(Certificate.member_id == marcus.id,
                                                      Certificate.revoked_at.is_not(None))).all()
    answer = certificates.verify(session=seeded, number=revoked.number, code=revoked.verification_code)
    assert answer.revoked and "sign-in sheets" in answer.revoked_reason
    assert seeded.exec(select(func.count()).select_from(Certificate)
                       .where(Certificate.revoked_at.is_not(None))).one() == 1
