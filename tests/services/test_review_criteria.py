"""The committee's criteria and private approvals; R000-03, R000-19.

Before the fix an approval made the member's own title, description and link a course in Upcoming Courses
that every member could claim; the committee recorded nothing of what it judged.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import select

from ce_tracker.config import settings
from ce_tracker.models import ApprovalRequest, AuditEntry, Member, OutboxEmail, RequestStatus, ReviewCriterion
from ce_tracker.services.approvals import review, visibility
from ce_tracker.services.approvals.criteria import DEFAULT_CRITERIA
from ce_tracker.services.courses import catalog, claims
from ce_tracker.services.errors import Invalid, NotAllowed, NotFound
from tests.utils import factories as f

ENDED = date(2026, 3, 10)
DECIDED = ENDED - timedelta(days=10)


def _request(session, member):
    return f.approval_request(session, member, ends_on=ENDED, now=f.at(ENDED - timedelta(days=20)),
                              title="Watercolor Anatomy")


def _approve(session, reviewer, request, **more):
    return review.approve(session=session, actor=reviewer, request_id=request.id, now=f.at(DECIDED),
                             settings=settings, **{"criteria": f.judged(), **more})


def test_r000_03_approve_and_decline_need_an_answer_to_every_criterion(session, people):
    member, reviewer = people
    request = _request(session, member)
    partial = f.judged()
    del partial["iacet"]
    partial["relevance"] = {"answer": "maybe", "note": ""}  # not one of the answers
    for decide in (lambda: _approve(session, reviewer, request, criteria=partial),
                   lambda: review.decline(session=session, actor=reviewer, request_id=request.id, reason="No.",
                                             criteria=None, now=f.at(DECIDED), settings=settings)):
        with pytest.raises(Invalid, match="Answer every criterion") as refused:
            decide()
        assert "IACET" in refused.value.message and refused.value.field == "criteria"
    session.refresh(request)
    assert request.status is RequestStatus.PENDING and request.criteria == []


def test_r000_03_answers_and_private_note_are_stored_and_audited(session, people):
    member, reviewer = people
    request = _request(session, member)
    answers = f.judged()
    answers["iacet"] = {"answer": "not_applicable", "note": "No CE units offered."}
    _approve(session, reviewer, request, criteria=answers, note="Only the anatomy sessions count.",
             private_note="Ask the provider to list it next year.")
    row = session.get(ApprovalRequest, request.id)
    assert [a["code"] for a in row.criteria] == [c.code for c in DEFAULT_CRITERIA]
    assert row.criteria[-1]["answer"] == "not_applicable" and row.criteria[-1]["note"] == "No CE units offered."
    assert row.private_note == "Ask the provider to list it next year."
    entry = session.exec(select(AuditEntry).where(AuditEntry.action == "approval_approved")).one()
    assert "iacet=not_applicable" in entry.detail["criteria"] and str(entry.detail["published"]) == "False"


def test_r000_03_the_criteria_are_the_programs_data(session, people):
    member, reviewer = people
    request = _request(session, member)
    session.add(ReviewCriterion(program_id=f.category(session, "Art").program_id, code="ethics",
                                question="Consistent with the society's code of ethics", position=1))
    session.flush()
    view = visibility.request_for_review(session=session, actor=reviewer, request_id=request.id,
                                            now=f.at(DECIDED))
    assert [c.question for c in view.criteria] == ["Consistent with the society's code of ethics"]
    with pytest.raises(Invalid, match="code of ethics"):
        _approve(session, reviewer, request)  # the seed's answers do not answer this program's question
    _approve(session, reviewer, request, criteria={"ethics": {"answer": "meets", "note": ""}})


def test_r000_19_the_member_sees_the_reason_never_the_private_note_or_the_answers(session, people):
    member, reviewer = people
    request = _request(session, member)
    review.decline(session=session, actor=reviewer, request_id=request.id, reason="Outside the practice.",
                      criteria=f.judged("does_not_meet"), private_note="Third such request this year.",
                      now=f.at(DECIDED), settings=settings)
    mine = visibility.own_request(session=session, actor=member, request_id=request.id, now=f.at(DECIDED))
    assert mine.decision_note == "Outside the practice."
    assert (mine.private_note, mine.answers, mine.criteria) == ("", (), ())
    email = session.exec(select(OutboxEmail).where(
        OutboxEmail.to_address == session.get(Member, member.member_id).email)).one()
    assert "Outside the practice." in email.body and "Third such" not in email.body
    theirs = visibility.request_for_review(session=session, actor=reviewer, request_id=request.id,
                                              now=f.at(DECIDED))
    assert theirs.private_note == "Third such request this year."
    assert [a.answer for a in theirs.answers] == ["Does not meet"] * len(DEFAULT_CRITERIA)


def test_r000_19_a_member_calling_the_decisions_is_refused(session, people):
    member, reviewer = people
    request = _request(session, f.person(session, certified_on=date(2024, 1, 1)))
    with pytest.raises(NotAllowed):
        _approve(session, member, request, publish=True, private_note="forged")
    with pytest.raises(NotAllowed):
        review.decline(session=session, actor=member, request_id=request.id, reason="x", criteria=f.judged(),
                          now=f.at(DECIDED), settings=settings)
    session.refresh(request)
    assert (request.status, request.private_note, request.criteria) == (RequestStatus.PENDING, "", [])


def _listed(session, actor, activity_id, on) -> bool:
    return any(line.activity_id == activity_id
               for line in catalog.catalog(session=session, actor=actor, now=f.at(on)).lines)


def test_r000_03_an_approval_is_the_asking_members_own_unless_published(session, people):
    """Another member neither sees nor can claim a private approval."""
    member, reviewer = people
    other = f.person(session, certified_on=date(2024, 1, 1))
    activity = _approve(session, reviewer, _request(session, member))
    after = ENDED + timedelta(days=2)
    assert not activity.pre_approved
    assert not _listed(session, other, activity.id, DECIDED) and not _listed(session, other, activity.id, after)
    category_id = activity.category_id
    with pytest.raises(NotFound):
        claims.claim_course(session=session, actor=other, activity_id=activity.id, category_id=category_id,
                            hours="1", now=f.at(after))
    claim = claims.claim_course(session=session, actor=member, activity_id=activity.id, category_id=category_id,
                                hours="6", now=f.at(after))
    assert claim.approval_request_id is not None
    body = session.exec(select(OutboxEmail).where(OutboxEmail.subject.startswith("Approved"))).one().body
    assert "not listed in Upcoming Courses" in body and "now appears" not in body


def test_r000_03_a_published_approval_is_listed_and_claimable_by_all(session, people):
    member, reviewer = people
    other = f.person(session, certified_on=date(2024, 1, 1))
    activity = _approve(session, reviewer, _request(session, member), publish=True)
    assert _listed(session, other, activity.id, DECIDED)
    claims.claim_course(session=session, actor=other, activity_id=activity.id, category_id=activity.category_id,
                        hours="2", now=f.at(ENDED + timedelta(days=2)))
    body = session.exec(select(OutboxEmail).where(OutboxEmail.subject.startswith("Approved"))).one().body
    assert "now appears in Upcoming Courses" in body


def test_r000_03_publish_must_be_exactly_true(session, people):
    """A forged "publish": "yes" from the browser does not list a member's activity for everyone."""
    member, reviewer = people
    activity = _approve(session, reviewer, _request(session, member), publish="yes")
    assert not activity.pre_approved
