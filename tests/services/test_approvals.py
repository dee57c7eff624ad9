"""Approval requests and the CE committee (R000-02 to R000-06, R000-08, R000-19): every rule and every refusal."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func
from sqlmodel import select

from ce_tracker.config import settings
from ce_tracker.models import (
    Activity,
    ActivityKind,
    ApprovalAttachment,
    ApprovalMessage,
    ApprovalRequest,
    AuditEntry,
    CreditClaim,
    MessageKind,
    OutboxEmail,
    RequestStatus,
    Role,
)
from ce_tracker.rules import CMI
from ce_tracker.services.approvals import attachments, requests, review
from ce_tracker.services.courses import claims
from ce_tracker.services.errors import Conflict, Invalid, NotAllowed, NotFound
from ce_tracker.services.programs.store import categories_of, install_program
from tests.utils import factories as f
from tests.utils.tables import row_counts

ENDED = date(2026, 3, 10)
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
LIMIT = 1024


def _form(session, **changes) -> dict:
    form = dict(title="Anatomy Sketching Workshop", provider="City Art School", starts_on="2026-03-09",
                ends_on=ENDED.isoformat(), format="in person", category_id=f.category(session, "Art").id, hours="6",
                description="Two days of drawing.", url="https://example.org/workshop")
    form.update(changes)
    return form


def _submit(session, actor, *, on: date = ENDED + timedelta(days=1), hour: int = 12, **changes):
    return requests.submit_request(session=session, actor=actor, now=f.at(on, hour), settings=settings,
                                   **_form(session, **changes))


# --- Submitting (R000-02, R000-05) ---------------------------------------------------------------

def test_r000_02_a_request_goes_to_the_committee_with_every_field(session, people):
    member, _ = people
    submitted = _submit(session, member, on=ENDED - timedelta(days=20), hours="7.25", format="Online (live)")
    request = submitted.request
    assert (request.status, request.hours, request.format, request.starts_on, request.ends_on) == (
        RequestStatus.PENDING, Decimal("7.25"), "online (live)", date(2026, 3, 9), ENDED)
    assert request.queued_at == request.submitted_at
    assert (submitted.after_activity, submitted.ask_by) == (False, ENDED + timedelta(days=30))
    email = session.exec(select(OutboxEmail)).one()
    assert email.to_address == settings.committee_email and "Anatomy Sketching Workshop" in email.subject
    assert f"/review/{request.id}" in email.body
    audit = session.exec(select(AuditEntry).where(AuditEntry.action == "approval_requested")).one()
    assert (audit.actor_id, audit.entity_id) == (member.member_id, request.id)


def test_r000_05_a_request_after_the_activity_is_accepted_with_a_warning(session, people):
    submitted = _submit(session, people[0], on=ENDED + timedelta(days=3))
    assert submitted.after_activity and submitted.ask_by == date(2026, 4, 9)


@pytest.mark.parametrize("days_after, hour, allowed", [
    (30, 12, True),
    (30, 23, True),  # 04:00 UTC on day 31, still day 30 in New York
    (31, 0, False),
    (31, 12, False),
    (200, 12, False),
])
def test_r000_05_requests_are_accepted_until_day_30_after_the_end_in_the_societys_time_zone(
        session, people, days_after, hour, allowed):
    member, _ = people
    on = ENDED + timedelta(days=days_after)
    if allowed:
        assert _submit(session, member, on=on, hour=hour).request.id
        return
    before = row_counts(session)
    with pytest.raises(Invalid) as refused:
        _submit(session, member, on=on, hour=hour)
    assert requests.TOO_LATE in refused.value.message
    assert requests.TOO_LATE == ("If this form is submitted later than 30 days after the activity is completed, "
                                 "CE credit will not be awarded.")
    assert row_counts(session) == before


BAD_FIELDS = [
    ({"hours": "0"}, "more than 0"),
    ({"hours": "-2"}, "cannot be negative"),
    ({"hours": "40.25"}, "at most 40"),
    ({"hours": "1.1"}, "steps of 0.25"),
    ({"hours": "six"}, "not a number"),
    ({"hours": "²"}, "not a number"),
    ({"hours": "٣"}, "not a number"),
    ({"hours": "１２"}, "not a number"),
    ({"starts_on": "２０２６-03-09"}, "as a date"),
    ({"hours": "1e3"}, "not a number"),
    ({"hours": ""}, "Enter the activity's hours"),
    ({"hours": 6}, "as a number"),
    ({"hours": None}, "as a number"),
    ({"title": "   "}, "Enter the activity's title"),
    ({"title": "x" * 201}, "at most 200"),
    ({"title": ["list"]}, "as text"),
    ({"provider": ""}, "Enter the provider"),
    ({"description": "d" * 4001}, "at most 4000"),
    ({"url": "javascript:alert(1)"}, "web address"),
    ({"url": "https://"}, "web address"),
    ({"starts_on": "2026-03-11"}, "cannot be before the first day"),
    ({"starts_on": "03/09/2026"}, "as a date"),
    ({"ends_on": "2026-02-30"}, "as a date"),
    ({"ends_on": 20260310}, "as a date"),
    ({"starts_on": "2025-03-01"}, "at most a year"),
    ({"format": "carrier pigeon"}, "Choose the format"),
    ({"format": None}, "Choose the format"),
    ({"category_id": 999_999}, "categories of your certification program"),
    ({"category_id": "1"}, "categories of your certification program"),
    ({"category_id": True}, "categories of your certification program"),
]


@pytest.mark.parametrize("changes, message", BAD_FIELDS)
def test_r000_02_bad_input_is_refused_with_a_message_and_changes_nothing(session, people, changes, message):
    member, _ = people
    before = row_counts(session)
    with pytest.raises(Invalid, match=message):
        _submit(session, member, **changes)
    assert row_counts(session) == before


def test_r000_02_a_category_of_another_program_is_refused(session, people):
    other = install_program(session, dataclasses.replace(CMI, code="CMA", name="Another Program"))
    foreign = categories_of(session, other.id)[0]
    before = row_counts(session)
    with pytest.raises(Invalid, match="categories of your certification program"):
        _submit(session, people[0], category_id=foreign.id)
    assert row_counts(session) == before


def test_r000_02_an_activity_years_ahead_is_refused(session, people):
    with pytest.raises(Invalid, match="two years"):
        _submit(session, people[0], on=date(2026, 1, 5), starts_on="2028-06-01", ends_on="2028-06-02")


def test_r000_19_staff_without_the_member_role_cannot_request(session):
    staff = f.person(session, Role.STAFF)
    with pytest.raises(NotAllowed):
        _submit(session, staff)


# --- Attachments ---------------------------------------------------------------------------------

def _attach(session, actor, request, data=PDF, name="agenda.pdf", limit=LIMIT):
    return attachments.add_attachment(session=session, actor=actor, request_id=request.id, filename=name, data=data,
                                    now=f.at(ENDED + timedelta(days=2)), max_bytes=limit)


@pytest.mark.parametrize("data, name, content_type, stored_name", [
    (PDF, "agenda.pdf", "application/pdf", "agenda.pdf"),
    (PNG, "../../etc/passwd", "image/png", "passwd.png"),
    (JPEG, "C:\\Users\\me\\certificate.exe", "image/jpeg", "certificate.jpg"),
    (PDF, '"; evil=<script>.pdf', "application/pdf", "evil_script.pdf"),
    (PDF, None, "application/pdf", "attachment.pdf"),
])
def test_r000_02_attachments_are_typed_by_their_bytes_and_renamed_safely(session, people, data, name, content_type,
                                                                        stored_name):
    member, _ = people
    request = _submit(session, member).request
    attachment = _attach(session, member, request, data, name)
    assert (attachment.content_type, attachment.filename, attachment.size) == (content_type, stored_name, len(data))
    assert attachment.data == data
    assert session.exec(select(AuditEntry).where(AuditEntry.action == "approval_attachment_added")).one()


@pytest.mark.parametrize("data, message", [
    (b"GIF89a" + b"\x00" * 10, "PDF, PNG or JPEG"),
    (b"<html><script>alert(1)</script></html>", "PDF, PNG or JPEG"),
    (b"%PDF" + b"\x00" * (LIMIT - 3), "larger than"),  # one byte over, with a real PDF start
    (b"", "Choose a file"),
    ("%PDF-1.7 as text", "Choose a file"),
])
def test_r000_02_wrong_type_or_oversized_attachments_are_refused(session, people, data, message):
    member, _ = people
    request = _submit(session, member).request
    before = row_counts(session)
    with pytest.raises(Invalid, match=message):
        _attach(session, member, request, data, "agenda.pdf")
    assert row_counts(session) == before


def test_r000_02_an_attachment_exactly_at_the_limit_is_accepted(session, people):
    member, _ = people
    request = _submit(session, member).request
    assert _attach(session, member, request, PDF + b"\x00" * (LIMIT - len(PDF))).size == LIMIT


def test_r000_19_attachments_only_on_ones_own_open_request_and_a_few_at_most(session, people):
    member, reviewer = people
    request = _submit(session, member).request
    with pytest.raises(NotFound):
        _attach(session, reviewer, request)
    for n in range(attachments.MAX_ATTACHMENTS):
        _attach(session, member, request, PDF + bytes([n]))
    with pytest.raises(Conflict, match="at most 5"):
        _attach(session, member, request, PDF + b"more")
    other = _submit(session, member, title="Second").request
    _attach(session, member, other)
    with pytest.raises(Conflict, match="already attached"):
        _attach(session, member, other)
    review.decline(session=session, actor=reviewer, request_id=other.id, reason="Not relevant.", criteria=f.judged(),
                      now=f.at(ENDED + timedelta(days=3)), settings=settings)
    with pytest.raises(Conflict, match="waiting for a decision"):
        _attach(session, member, other, PDF + b"late")


def test_r000_19_only_the_member_and_reviewers_can_read_an_attachment(session, people):
    member, reviewer = people
    attachment = _attach(session, member, _submit(session, member).request)
    for actor in (member, reviewer):
        assert attachments.attachment_for(session=session, actor=actor, attachment_id=attachment.id).data == PDF
    for stranger in (f.person(session), f.person(session, Role.STAFF)):
        with pytest.raises(NotFound):
            attachments.attachment_for(session=session, actor=stranger, attachment_id=attachment.id)
    for forged in ("1", None, True, 10**9):
        with pytest.raises(NotFound):
            attachments.attachment_for(session=session, actor=member, attachment_id=forged)


# --- Reading -------------------------------------------------------------------------------------

def test_r000_19_a_request_is_visible_to_its_member_and_reviewers_only(session, people):
    member, reviewer = people
    request = _submit(session, member).request
    now = f.at(ENDED + timedelta(days=2))
    mine = requests.request_detail(session=session, actor=member, request_id=request.id, now=now)
    assert mine.is_owner and mine.can_attach and not mine.can_decide and mine.line.member_name == ""
    theirs = requests.request_detail(session=session, actor=reviewer, request_id=request.id, now=now)
    assert theirs.can_decide and not theirs.can_attach and theirs.line.member_name == "Maya Member"
    for stranger in (f.person(session), f.person(session, Role.STAFF)):
        with pytest.raises(NotFound):
            requests.request_detail(session=session, actor=stranger, request_id=request.id, now=now)
    assert [line.request_id for line in requests.my_requests(session=session, actor=member, now=now)] == [request.id]
    assert requests.my_requests(session=session, actor=reviewer, now=now) == []


def test_r000_04_the_queue_is_sorted_by_due_date_marks_overdue_and_the_reviewers_own(session, people):
    member, reviewer = people
    older = _submit(session, member, title="Older", on=ENDED + timedelta(days=1)).request
    newer = _submit(session, member, title="Newer", on=ENDED + timedelta(days=5)).request
    own = _submit(session, reviewer, title="Reviewer's own", on=ENDED + timedelta(days=3)).request
    on_time = review.review_queue(session=session, actor=reviewer, now=f.at(ENDED + timedelta(days=15)))
    assert [line.request_id for line in on_time] == [older.id, own.id, newer.id]
    assert [line.due_on for line in on_time] == [ENDED + timedelta(days=15), ENDED + timedelta(days=17),
                                                 ENDED + timedelta(days=19)]
    assert not any(line.overdue for line in on_time)
    late = review.review_queue(session=session, actor=reviewer, now=f.at(ENDED + timedelta(days=16)))
    assert [line.overdue for line in late] == [True, False, False]
    assert [line.own for line in late] == [False, True, False]
    with pytest.raises(NotAllowed):
        review.review_queue(session=session, actor=member, now=f.at(ENDED))


# --- Deciding (R000-03, R000-19) -----------------------------------------------------------------

def _approve(session, reviewer, request, *, on=ENDED + timedelta(days=4), **changes):
    return review.approve(session=session, actor=reviewer, request_id=request.id, now=f.at(on), settings=settings,
                             **{"criteria": f.judged(), "publish": True, **changes})


def _emails_to(session, actor) -> list[OutboxEmail]:
    from ce_tracker.models import Member
    address = session.get(Member, actor.member_id).email
    return list(session.exec(select(OutboxEmail).where(OutboxEmail.to_address == address)))


def test_r000_03_approval_puts_the_activity_in_the_catalog_and_emails_the_member(session, people):
    member, reviewer = people
    request = _submit(session, member, on=ENDED - timedelta(days=10), description="Cadaver lab.").request
    activity = _approve(session, reviewer, request, on=ENDED - timedelta(days=5))
    assert (activity.kind, activity.pre_approved, activity.title, activity.provider, activity.hours,
            activity.category_id, activity.starts_on, activity.ends_on, activity.format, activity.url,
            activity.description) == (
        ActivityKind.COURSE, True, request.title, request.provider, Decimal("6.00"), request.category_id,
        request.starts_on, ENDED, "in person", "https://example.org/workshop", "Cadaver lab.")
    assert (request.status, request.activity_id, request.decided_by, request.approved_hours) == (
        RequestStatus.APPROVED, activity.id, reviewer.member_id, Decimal("6.00"))
    [email] = _emails_to(session, member)
    assert email.subject.startswith("Approved:") and "Upcoming Courses" in email.body
    assert session.exec(select(AuditEntry).where(AuditEntry.action == "approval_approved")).one().actor_id == \
        reviewer.member_id


def test_r000_19_the_committee_may_approve_other_hours_and_another_category_with_a_note(session, people):
    member, reviewer = people
    request = _submit(session, member).request
    biomedical = f.category(session, "Biomedical")
    activity = _approve(session, reviewer, request, hours="4.5", category_id=biomedical.id,
                        note="Only the anatomy sessions count.")
    assert (activity.hours, activity.category_id) == (Decimal("4.50"), biomedical.id)
    assert (request.approved_hours, request.approved_category_id, request.decision_note) == (
        Decimal("4.50"), biomedical.id, "Only the anatomy sessions count.")
    [email] = _emails_to(session, member)
    assert "4.5 Biomedical hours" in email.body and "you asked for 6 Art hours" in email.body
    assert "Only the anatomy sessions count." in email.body


@pytest.mark.parametrize("changes, message", [
    ({"hours": "0"}, "more than 0"),
    ({"hours": "-1"}, "negative"),
    ({"hours": "2.2"}, "steps of 0.25"),
    ({"hours": "lots"}, "not a number"),
    ({"hours": 3}, "as a number"),
    ({"category_id": 999_999}, "categories"),
    ({"category_id": "2"}, "categories"),
    ({"note": "n" * 2001}, "at most 2000"),
])
def test_r000_19_bad_approval_input_is_refused_and_changes_nothing(session, people, changes, message):
    member, reviewer = people
    request = _submit(session, member).request
    before = row_counts(session)
    with pytest.raises(Invalid, match=message):
        _approve(session, reviewer, request, **changes)
    assert row_counts(session) == before and request.status is RequestStatus.PENDING


def test_r000_19_a_category_of_another_program_cannot_be_approved(session, people):
    member, reviewer = people
    request = _submit(session, member).request
    foreign = categories_of(session, install_program(session, dataclasses.replace(CMI, code="CMA")).id)[1]
    with pytest.raises(Invalid):
        _approve(session, reviewer, request, category_id=foreign.id)
    assert request.status is RequestStatus.PENDING


def test_r000_03_decline_needs_a_reason_and_emails_it(session, people):
    member, reviewer = people
    request = _submit(session, member).request
    with pytest.raises(Invalid, match="Enter the reason"):
        review.decline(session=session, actor=reviewer, request_id=request.id, reason="  ", criteria=f.judged(),
                          now=f.at(ENDED + timedelta(days=2)), settings=settings)
    assert request.status is RequestStatus.PENDING
    review.decline(session=session, actor=reviewer, request_id=request.id, criteria=f.judged(), reason="Landscape painting is "
                      "outside medical illustration.", now=f.at(ENDED + timedelta(days=2)), settings=settings)
    assert (request.status, request.activity_id) == (RequestStatus.DECLINED, None)
    [email] = _emails_to(session, member)
    assert email.subject.startswith("Not approved:") and "Landscape painting" in email.body
    assert session.exec(select(AuditEntry).where(AuditEntry.action == "approval_declined")).one()
    assert session.exec(select(Activity).where(Activity.title == request.title)).all() == []


@pytest.mark.parametrize("decision", ["approve", "decline", "return"])
def test_r000_19_a_reviewer_cannot_decide_their_own_request(session, people, decision):
    _, reviewer = people
    request = _submit(session, reviewer).request
    before = row_counts(session)
    with pytest.raises(NotAllowed, match="your own request"):
        _decision(session, reviewer, request, decision)
    assert row_counts(session) == before and request.status is RequestStatus.PENDING
    view = requests.request_detail(session=session, actor=reviewer, request_id=request.id,
                                   now=f.at(ENDED + timedelta(days=2)))
    assert view.is_owner and not view.can_decide


def _decision(session, actor, request, decision: str, on=ENDED + timedelta(days=3)):
    common = dict(session=session, actor=actor, request_id=request.id, now=f.at(on), settings=settings)
    if decision == "approve":
        return review.approve(criteria=f.judged(), **common)
    if decision == "decline":
        return review.decline(reason="No.", criteria=f.judged(), **common)
    return review.return_with_question(question="Which sessions?", **common)


@pytest.mark.parametrize("decision", ["approve", "decline", "return"])
def test_r000_19_a_member_cannot_call_a_reviewers_decision(session, people, decision):
    member, _ = people
    request = _submit(session, f.person(session)).request
    staff = f.person(session, Role.STAFF)
    before = row_counts(session)
    for actor in (member, staff):
        with pytest.raises(NotAllowed):
            _decision(session, actor, request, decision)
    assert row_counts(session) == before
    assert request.status is RequestStatus.PENDING


@pytest.mark.parametrize("first, second", [("approve", "decline"), ("decline", "approve"),
                                           ("approve", "approve"), ("return", "approve")])
def test_r000_19_a_second_decision_by_another_reviewer_is_refused(units, first, second):
    with units() as session:
        member = f.person(session, certified_on=date(2024, 1, 1))
        one = f.person(session, Role.REVIEWER)
        two = f.person(session, Role.REVIEWER)
        request = f.approval_request(session, member, ends_on=ENDED)
    with units() as session:
        _decision(session, one, session.get(ApprovalRequest, request.id), first)
    with units() as session:
        before = row_counts(session)
        with pytest.raises(Conflict, match="already decided" if first != "return" else "member's answer"):
            _decision(session, two, session.get(ApprovalRequest, request.id), second)
        assert row_counts(session) == before
    with units() as session:
        assert session.exec(select(func.count()).select_from(Activity)).one() == (1 if first == "approve" else 0)


def test_r000_19_bad_request_ids_are_not_found(session, people):
    _, reviewer = people
    for forged in ("1", None, 1.0, True, 10**9):
        with pytest.raises(NotFound):
            review.approve(session=session, actor=reviewer, request_id=forged, now=f.at(ENDED), settings=settings,
                              criteria=f.judged())


# --- Questions and answers -----------------------------------------------------------------------

def test_r000_04_a_returned_request_waits_for_the_answer_then_queues_again_with_a_new_clock(session, people):
    member, reviewer = people
    request = _submit(session, member, on=ENDED + timedelta(days=1)).request
    review.return_with_question(session=session, actor=reviewer, request_id=request.id,
                                   question="Was there a hands-on lab?", now=f.at(ENDED + timedelta(days=4)),
                                   settings=settings)
    assert request.status is RequestStatus.RETURNED
    [question_email] = _emails_to(session, member)
    assert "Was there a hands-on lab?" in question_email.body
    assert review.review_queue(session=session, actor=reviewer, now=f.at(ENDED + timedelta(days=5))) == []
    view = requests.request_detail(session=session, actor=member, request_id=request.id,
                                   now=f.at(ENDED + timedelta(days=5)))
    assert view.can_answer and [m.kind for m in view.messages] == [MessageKind.QUESTION]
    assert view.messages[0].author == "CE committee"  # which reviewer asked is the committee's business

    with pytest.raises(NotFound):
        requests.answer_question(session=session, actor=f.person(session), request_id=request.id, answer="Yes",
                                 now=f.at(ENDED + timedelta(days=6)), settings=settings)
    with pytest.raises(Invalid, match="Enter the answer"):
        requests.answer_question(session=session, actor=member, request_id=request.id, answer="",
                                 now=f.at(ENDED + timedelta(days=6)), settings=settings)
    requests.answer_question(session=session, actor=member, request_id=request.id, answer="Yes, four hours.",
                             now=f.at(ENDED + timedelta(days=6)), settings=settings)
    assert request.status is RequestStatus.PENDING and request.queued_at == f.at(ENDED + timedelta(days=6))
    committee = session.exec(select(OutboxEmail).where(OutboxEmail.to_address == settings.committee_email)
                             .order_by(OutboxEmail.id.desc())).first()
    assert committee.subject.startswith("Answer on") and "Yes, four hours." in committee.body
    [line] = review.review_queue(session=session, actor=reviewer, now=f.at(ENDED + timedelta(days=16)))
    assert (line.due_on, line.overdue) == (ENDED + timedelta(days=20), False)
    thread = session.exec(select(ApprovalMessage).order_by(ApprovalMessage.id)).all()
    assert [(m.kind, m.body) for m in thread] == [(MessageKind.QUESTION, "Was there a hands-on lab?"),
                                                 (MessageKind.ANSWER, "Yes, four hours.")]
    with pytest.raises(Conflict, match="not waiting for an answer"):
        requests.answer_question(session=session, actor=member, request_id=request.id, answer="Again",
                                 now=f.at(ENDED + timedelta(days=7)), settings=settings)
    assert session.exec(select(AuditEntry).where(AuditEntry.action == "approval_answered")).one()


def test_r000_19_a_question_must_be_asked(session, people):
    member, reviewer = people
    request = _submit(session, member).request
    with pytest.raises(Invalid, match="Enter the question"):
        review.return_with_question(session=session, actor=reviewer, request_id=request.id, question=None,
                                       now=f.at(ENDED + timedelta(days=2)), settings=settings)
    assert request.status is RequestStatus.PENDING


# --- Recording the approved credit (R000-08) -----------------------------------------------------

def _record(session, actor, request, on, hours="6", category_id=None):
    return claims.claim_course(session=session, actor=actor, activity_id=request.activity_id,
                               category_id=category_id or request.approved_category_id, hours=hours, now=f.at(on))


def test_r000_08_an_approved_request_is_recorded_within_30_days_of_the_end(session, people):
    member, reviewer = people
    request = _submit(session, member, on=ENDED - timedelta(days=20)).request
    _approve(session, reviewer, request, on=ENDED - timedelta(days=10))
    view = requests.request_detail(session=session, actor=member, request_id=request.id,
                                   now=f.at(ENDED + timedelta(days=30)))
    assert (view.record_from, view.record_by, view.can_record) == (ENDED + timedelta(days=1),
                                                                   ENDED + timedelta(days=30), True)
    with pytest.raises(Invalid, match="at most 6 hours"):
        _record(session, member, request, ENDED + timedelta(days=30), hours="6.25")
    with pytest.raises(Invalid, match="forfeited"):
        _record(session, member, request, ENDED + timedelta(days=31))
    claim = _record(session, member, request, ENDED + timedelta(days=30), hours="5.5")
    assert (claim.hours, claim.approval_request_id) == (Decimal("5.50"), request.id)
    view = requests.request_detail(session=session, actor=member, request_id=request.id,
                                   now=f.at(ENDED + timedelta(days=30)))
    assert (view.claimed_hours, view.can_record) == (Decimal("5.50"), False)


def test_r000_08_a_late_approval_gives_30_days_from_the_approval(session, people):
    member, reviewer = people
    request = _submit(session, member, on=ENDED + timedelta(days=25)).request
    approved_on = ENDED + timedelta(days=38)  # the committee used its two weeks
    _approve(session, reviewer, request, on=approved_on, hours="4")
    with pytest.raises(Invalid, match="forfeited"):
        _record(session, member, request, approved_on + timedelta(days=31), hours="4")
    assert session.exec(select(CreditClaim)).all() == []
    claim = _record(session, member, request, approved_on + timedelta(days=30), hours="4")
    assert claim.approval_request_id == request.id


def test_r000_08_another_member_gets_only_the_catalog_window_not_the_requests(session, people):
    member, reviewer = people
    request = _submit(session, member, on=ENDED + timedelta(days=25)).request
    _approve(session, reviewer, request, on=ENDED + timedelta(days=38))
    other = f.person(session, certified_on=date(2024, 1, 1))
    with pytest.raises(Invalid, match="forfeited"):
        _record(session, other, request, ENDED + timedelta(days=40))
    with pytest.raises(NotFound):
        requests.request_detail(session=session, actor=other, request_id=request.id,
                                now=f.at(ENDED + timedelta(days=40)))


def test_r000_02_a_declined_request_cannot_be_recorded(session, people):
    member, reviewer = people
    request = _submit(session, member).request
    review.decline(session=session, actor=reviewer, request_id=request.id, reason="No.", criteria=f.judged(),
                      now=f.at(ENDED + timedelta(days=2)), settings=settings)
    view = requests.request_detail(session=session, actor=member, request_id=request.id,
                                   now=f.at(ENDED + timedelta(days=3)))
    assert not view.can_record and view.activity_id is None
    assert session.exec(select(ApprovalAttachment)).all() == []
