"""The Board of Certification (R000-15 to R000-18): cohorts by term end, the list, CSV,
the random audit sample and its evidence packs; and every one refused to a member without the role."""

from __future__ import annotations

import csv
import zipfile
from dataclasses import replace
from datetime import date
from io import BytesIO, StringIO

import pytest
from sqlalchemy import func
from sqlmodel import select

from ce_tracker.config import settings as app_settings
from ce_tracker.models import AuditEntry, AuditSample, CreditClaim, RenewalApplication, Role
from ce_tracker.rules.status import Status
from ce_tracker.services.accounts.actors import load_actor
from ce_tracker.services.accounts.members import NewMember, add_member
from ce_tracker.services.approvals.attachments import add_attachment
from ce_tracker.services.board import audit_sample
from ce_tracker.services.board import cohorts as board_cohorts
from ce_tracker.services.errors import Invalid, NotAllowed, NotFound
from ce_tracker.services.record import credit_record
from ce_tracker.services.renewal import applications, payments
from tests.utils import factories as f

NOW = f.at(date(2026, 11, 25))
SETTINGS = replace(app_settings, renewal_fee_cents=15000, currency="USD")
_numbers = iter(range(100_000))
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _person(session, *roles, name=None, certified_on=None):
    """An account without a password: these tests never sign in, and hashing is slow."""
    f.program(session)
    n = next(_numbers)
    member = add_member(session, NewMember(name or f"Person {n}", f"board{n}@example.test", f"board{n}",
                                           roles or (Role.MEMBER,), certified_on), password=None, actor_id=None)
    session.flush()
    return load_actor(session, member.id)


def _society(session):
    """One certificant in each state the Board counts; returns them by expected status, and the actors."""
    staff, chair = _person(session, Role.STAFF), _person(session, Role.BOARD, name="Board Chair")
    people = {}
    people["on pace"] = _person(session, name="Olive Pace", certified_on=date(2025, 6, 1))
    f.course_credit(session, people["on pace"], "Art", "7", date(2026, 1, 10))
    people["at risk"] = _person(session, name="Ari Risk", certified_on=date(2022, 1, 10))
    for status in ("eligible", "applied", "renewed"):
        people[status] = _person(session, name=f"{status.title()} Person", certified_on=date(2022, 1, 10))
        f.enough_to_renew(session, people[status], date(2025, 6, 1))
    for status in ("applied", "renewed"):
        application = applications.apply_for_renewal(session=session, actor=people[status], attested=True, now=NOW,
                                                settings=SETTINGS)
    request = f.approval_request(session, people["renewed"], ends_on=date(2025, 3, 1))
    add_attachment(session=session, actor=people["renewed"], request_id=request.id,
                   filename="agenda.png", data=PNG, now=f.at(date(2025, 3, 2)), max_bytes=5_000_000)
    session.add(CreditClaim(member_id=people["renewed"].member_id, activity_id=_course(session).id,
                            category_id=f.category(session, "Art").id, hours=6, completed_on=date(2025, 3, 1),
                            approval_request_id=request.id))
    payments.record_payment(session=session, actor=staff, application_id=application.id, reference="RCPT-7",
                           now=NOW, settings=SETTINGS)
    applications.verify_renewal(session=session, actor=staff, application_id=application.id, now=NOW, settings=SETTINGS)
    people["in grace"] = _person(session, name="Gracie Window", certified_on=date(2021, 11, 10))
    people["lapsed"] = _person(session, name="Laps Ed", certified_on=date(2021, 6, 1))
    waiting = _person(session, name="Wait Request", certified_on=date(2021, 6, 2))
    f.approval_request(session, waiting, ends_on=date(2026, 5, 20))
    session.flush()
    return people, waiting, chair, staff, application


def _course(session):
    from ce_tracker.models import Activity, ActivityKind
    course = Activity(kind=ActivityKind.COURSE, title="Approved workshop", starts_on=date(2025, 2, 28),
                      ends_on=date(2025, 3, 1), hours=6, category_id=f.category(session, "Art").id)
    session.add(course)
    session.flush()
    return course


def _statuses(session, chair):
    listing = board_cohorts.certificant_list(session=session, actor=chair, now=NOW)
    return {row.full_name: row.status for row in listing.rows}


def test_r000_15_each_certificant_has_the_status_the_board_counts(session):
    people, waiting, chair, _, _ = _society(session)
    statuses = _statuses(session, chair)
    for expected, actor in people.items():
        assert statuses[actor.full_name] is Status(expected), expected
    # Ended short six months ago, but an approval request for an activity inside the term is undecided.
    assert statuses[waiting.full_name] is Status.IN_GRACE


def test_r000_15_cohorts_per_quarter_of_term_end_count_every_status(session):
    _society(session)
    chair = _person(session, Role.BOARD)
    cohorts = {c.quarter: c for c in board_cohorts.cohorts(session=session, actor=chair, now=NOW)}
    assert list(cohorts) == ["2026 Q2", "2026 Q4", "2027 Q1", "2030 Q2"]  # soonest term end first
    assert cohorts["2026 Q2"].counts[Status.LAPSED] == 1
    assert cohorts["2026 Q2"].counts[Status.IN_GRACE] == 1
    assert cohorts["2026 Q4"].counts[Status.IN_GRACE] == 1
    q1 = cohorts["2027 Q1"].counts
    assert (q1[Status.AT_RISK], q1[Status.ELIGIBLE], q1[Status.APPLIED], q1[Status.RENEWED]) == (
        1, 1, 1, 1)
    assert cohorts["2030 Q2"].counts[Status.ON_PACE] == 1
    assert sum(c.total for c in cohorts.values()) == 8


def test_r000_16_the_board_figures_are_the_member_pages_figures(session):
    """The same rules engine over the same credit lines: the counted hours agree with the member's record."""
    people, _, chair, _, _ = _society(session)
    rows = {r.full_name: r for r in board_cohorts.certificant_list(session=session, actor=chair, now=NOW).rows}
    for name in ("on pace", "eligible", "at risk"):
        own = credit_record.credit_record(session=session, actor=people[name], now=NOW)
        assert rows[people[name].full_name].standing == own.standing


def test_the_list_filters_by_quarter_status_and_name_and_refuses_nonsense(session):
    people, _, chair, _, _ = _society(session)
    listing = board_cohorts.certificant_list(session=session, actor=chair, now=NOW, quarter="2027 Q1", status="applied")
    assert [r.full_name for r in listing.rows] == [people["applied"].full_name] and listing.total == 1
    assert board_cohorts.certificant_list(session=session, actor=chair, now=NOW, query="gracie").total == 1
    assert board_cohorts.certificant_list(session=session, actor=chair, now=NOW, query=people["lapsed"].full_name
                                  ).rows[0].status is Status.LAPSED
    for bad in ({"quarter": "2027 Q5"}, {"quarter": "'; drop"}, {"status": "asleep"}):
        with pytest.raises(Invalid):
            board_cohorts.certificant_list(session=session, actor=chair, now=NOW, **bad)


def test_r000_25_the_csv_has_every_matching_certificant_with_term_dates_and_is_formula_safe(session):
    """The Board keeps track of every certified member's term expiration date: each one is listed with it."""
    _society(session)
    chair = _person(session, Role.BOARD)
    _person(session, name="=HYPERLINK(1)", certified_on=date(2024, 1, 1))
    rows = list(csv.reader(StringIO(board_cohorts.certificants_csv(session=session, actor=chair, now=NOW))))
    assert rows[0][:6] == ["Member ID", "Name", "Term starts", "Term ends", "Quarter", "Status"]
    assert "Art counted" in rows[0] and len(rows) == 1 + 9
    assert any(r[1] == "'=HYPERLINK(1)" for r in rows[1:])
    lapsed = list(csv.reader(StringIO(board_cohorts.certificants_csv(session=session, actor=chair, now=NOW,
                                                             status="lapsed"))))
    assert [r[2:6] for r in lapsed[1:]] == [["2021-06-01", "2026-05-31", "2026 Q2", "lapsed"]]


def test_staff_see_the_board_views_too(session):
    _, _, _, staff, _ = _society(session)
    assert board_cohorts.cohorts(session=session, actor=staff, now=NOW)


def _count(session, model):
    return session.exec(select(func.count()).select_from(model)).one()


@pytest.mark.parametrize("call", ["cohorts", "view", "list", "csv", "draw", "samples", "period", "pack"])
def test_a_member_calling_a_board_handler_is_refused_and_nothing_changes(session, call):
    people, _, chair, _, application = _society(session)
    sample = audit_sample.draw_sample(session=session, actor=chair, verified_from="2026-11-01",
                                      verified_to="2026-11-30", size=1, now=NOW, seed=7)
    member = people["eligible"]
    before = (_count(session, AuditSample), _count(session, AuditEntry))
    calls = {
        "cohorts": lambda: board_cohorts.cohorts(session=session, actor=member, now=NOW),
        "view": lambda: board_cohorts.board_view(session=session, actor=member, now=NOW),
        "period": lambda: audit_sample.suggested_period(session=session, actor=member, now=NOW),
        "list": lambda: board_cohorts.certificant_list(session=session, actor=member, now=NOW),
        "csv": lambda: board_cohorts.certificants_csv(session=session, actor=member, now=NOW),
        "draw": lambda: audit_sample.draw_sample(session=session, actor=member, verified_from="2026-11-01",
                                                 verified_to="2026-11-30", size=1, now=NOW),
        "samples": lambda: audit_sample.samples(session=session, actor=member),
        "pack": lambda: audit_sample.evidence_pack(session=session, actor=member, sample_id=sample.id,
                                                   application_id=application.id, now=NOW, society_name="AMI"),
    }
    with pytest.raises(NotAllowed):
        calls[call]()
    assert (_count(session, AuditSample), _count(session, AuditEntry)) == before


def test_an_audit_sample_is_random_recorded_and_reproducible_from_its_seed(session):
    _, _, chair, _, application = _society(session)
    sample = audit_sample.draw_sample(session=session, actor=chair, verified_from="2026-11-01",
                                      verified_to="2026-11-30", size="3", now=NOW)
    assert sample.population == 1 and sample.application_ids == [application.id] and sample.seed > 0
    assert audit_sample.pick(list(range(1, 101)), 5, 2026) == audit_sample.pick(list(range(100, 0, -1)), 5, 2026)
    assert audit_sample.pick(list(range(1, 101)), 5, 2026) != audit_sample.pick(list(range(1, 101)), 5, 2027)
    drawn = session.exec(select(AuditEntry).where(AuditEntry.action == "audit_sample_drawn")).one()
    assert drawn.detail["seed"] == str(sample.seed)
    view = audit_sample.samples(session=session, actor=chair).samples[0]
    assert view.seed == sample.seed and [r.application_id for r in view.renewals] == [application.id]
    assert view.renewals[0].verified_on == date(2026, 11, 25)


@pytest.mark.parametrize("period, size", [(("2026-12-01", "2026-11-01"), 1), (("2026-11-01", "2026-11-30"), 0),
                                          (("2026-11-01", "2026-11-30"), 501), (("nope", "2026-11-30"), 1),
                                          (("2020-01-01", "2020-12-31"), 1), (("2026-11-01", "2026-11-30"), True)])
def test_a_bad_sample_request_is_refused_and_nothing_is_recorded(session, period, size):
    _, _, chair, _, _ = _society(session)
    with pytest.raises(Invalid):
        audit_sample.draw_sample(session=session, actor=chair, verified_from=period[0], verified_to=period[1],
                                 size=size, now=NOW)
    assert _count(session, AuditSample) == 0


def test_the_evidence_pack_holds_the_transcript_and_the_approval_attachments(session):
    people, _, chair, _, application = _society(session)
    sample = audit_sample.draw_sample(session=session, actor=chair, verified_from=date(2026, 11, 25),
                                      verified_to=date(2026, 11, 25), size=1, now=NOW, seed=1)
    name, data = audit_sample.evidence_pack(session=session, actor=chair, sample_id=sample.id,
                                            application_id=application.id, now=NOW, society_name="AMI")
    assert name.endswith(".zip")
    archive = zipfile.ZipFile(BytesIO(data))
    names = archive.namelist()
    assert names[0] == "MANIFEST.txt" and "transcript.pdf" in names
    assert archive.read("transcript.pdf").startswith(b"%PDF")
    assert [n for n in names if n.startswith("attachments/")][0].endswith("agenda.png")
    assert f"seed {sample.seed}" in archive.read("MANIFEST.txt").decode()
    assert people["renewed"].full_name in archive.read("MANIFEST.txt").decode()


@pytest.mark.parametrize("which", ["other application", "no sample", "bool", "text"])
def test_an_evidence_pack_is_only_for_a_renewal_the_sample_drew(session, which):
    _, _, chair, _, application = _society(session)
    sample = audit_sample.draw_sample(session=session, actor=chair, verified_from="2026-11-01",
                                      verified_to="2026-11-30", size=1, now=NOW, seed=1)
    sample_id, application_id = {"other application": (sample.id, application.id + 1),
                                 "no sample": (sample.id + 1, application.id),
                                 "bool": (sample.id, True), "text": (str(sample.id), application.id)}[which]
    with pytest.raises(NotFound):
        audit_sample.evidence_pack(session=session, actor=chair, sample_id=sample_id, application_id=application_id,
                                   now=NOW, society_name="AMI")


def test_the_demo_has_a_board_login_renewals_verified_and_an_audit_sample_ready(session):
    from ce_tracker.demo import seed_demo
    from ce_tracker.models import Member

    assert seed_demo(session, now=NOW) is True
    chair = load_actor(session, session.exec(select(Member).where(Member.email == "board@demo.test")).one().id)
    assert chair.roles == frozenset({Role.BOARD})
    ready = audit_sample.samples(session=session, actor=chair).samples
    # The demo drew a sample, then drew again over the same year with a reason, shown with it.
    assert [len(s.renewals) for s in ready] == [3, 2] and {s.population for s in ready} == {3}
    assert ready[0].redraw_of == ready[1].id and ready[0].reason and not ready[1].reason
    counts = {s: sum(c.counts[s] for c in board_cohorts.cohorts(session=session, actor=chair, now=NOW)) for s in Status}
    assert counts[Status.RENEWED] >= 3 and counts[Status.APPLIED] == 2 and counts[Status.LAPSED] >= 1
    kenji = session.exec(select(Member).where(Member.username == "kenji.mori")).one()
    application = session.exec(select(RenewalApplication).where(RenewalApplication.member_id == kenji.id)).one()
    fresh = audit_sample.draw_sample(session=session, actor=chair, verified_from="2026-01-01",
                                     verified_to="2026-11-30", size=3, now=NOW, reason="Every renewal of the year.")
    _, data = audit_sample.evidence_pack(session=session, actor=chair, sample_id=fresh.id,
                                         application_id=application.id, now=NOW, society_name="AMI")
    assert any(n.startswith("attachments/") for n in zipfile.ZipFile(BytesIO(data)).namelist())


def test_staff_grant_the_board_role_like_any_other(session):
    from ce_tracker.services.accounts import members
    staff, person = _person(session, Role.STAFF), _person(session)
    members.set_roles(session=session, actor=staff, member_id=person.member_id, roles=(Role.MEMBER, Role.BOARD))
    assert load_actor(session, person.member_id).roles == frozenset({Role.MEMBER, Role.BOARD})
    with pytest.raises(NotAllowed):
        members.set_roles(session=session, actor=person, member_id=person.member_id, roles=(Role.BOARD,))


def test_the_kept_figures_follow_every_change_at_once(session):
    """The society is read once and kept; a new credit, an application or a decision shows on the next view."""
    people, _, chair, staff, _ = _society(session)
    statuses = _statuses(session, chair)
    assert statuses[people["at risk"].full_name] is Status.AT_RISK
    f.enough_to_renew(session, people["at risk"], date(2025, 6, 1))  # rows added outside the services
    assert _statuses(session, chair)[people["at risk"].full_name] is Status.ELIGIBLE
    applications.apply_for_renewal(session=session, actor=people["at risk"], attested=True, now=NOW, settings=SETTINGS)
    assert _statuses(session, chair)[people["at risk"].full_name] is Status.APPLIED


def test_changes_without_a_new_row_are_followed_through_their_audit_rows(session):
    """A struck credit, a deactivated account, an edited event: each shows on the next view."""
    from ce_tracker.models import ClaimStatus, Member
    from ce_tracker.services import audit
    people, _, chair, staff, _ = _society(session)
    eligible = people["eligible"]
    assert _statuses(session, chair)[eligible.full_name] is Status.ELIGIBLE
    claim = session.exec(select(CreditClaim).where(CreditClaim.member_id == eligible.member_id)).first()
    claim.status = ClaimStatus.WITHDRAWN  # as the lifecycle's strike does, with its audit row
    audit.record(session, actor_id=staff.member_id, action="credit_struck", entity="creditclaim", entity_id=claim.id)
    assert _statuses(session, chair)[eligible.full_name] is Status.AT_RISK
    session.get(Member, people["lapsed"].member_id).is_active = False
    audit.record(session, actor_id=staff.member_id, action="member_deactivated", entity="member",
                 entity_id=people["lapsed"].member_id)
    assert people["lapsed"].full_name not in _statuses(session, chair)
    claim.status = ClaimStatus.RECORDED  # an action it cannot tie to a member: everything is read again
    audit.record(session, actor_id=staff.member_id, action="something_new", entity="activity", entity_id=1)
    assert _statuses(session, chair)[eligible.full_name] is Status.ELIGIBLE


def test_the_kept_society_after_changes_equals_a_fresh_reading(session):
    from ce_tracker.services.board import society as board_society
    people, _, chair, _, _ = _society(session)
    board_cohorts.cohorts(session=session, actor=chair, now=NOW)
    f.course_credit(session, people["at risk"], "Art", "14", date(2025, 1, 1))
    applications.apply_for_renewal(session=session, actor=people["eligible"], attested=True, now=NOW, settings=SETTINGS)
    _person(session, name="New Certificant", certified_on=date(2026, 11, 1))
    kept = board_cohorts.certificant_list(session=session, actor=chair, now=NOW).rows
    board_society.forget()
    assert board_cohorts.certificant_list(session=session, actor=chair, now=NOW).rows == kept
    assert [c.counts for c in board_cohorts.cohorts(session=session, actor=chair, now=NOW)] == [
        c.counts for c in board_cohorts._cohorts(kept)]
