"""The CE committee's side of approval requests: the queue and the decisions (R000-03, R000-04, R000-19).

Reviewers approve (possibly with other hours or another category), decline with
a reason, or return a request with a question. Approving or declining records the
answer to each of the committee's criteria and an optional private note, both for
reviewers only. An approval is the asking member's alone unless
the reviewer publishes it in Upcoming Courses for all members. Every decision is one conditional
``UPDATE ... WHERE status = 'pending'``: of two reviewers deciding at once,
exactly one wins and the other gets ``Conflict``. Nobody decides their own
request (R000-19).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, select

from ce_tracker import formatting as fmt
from ce_tracker import routes
from ce_tracker.config import Settings
from ce_tracker.models import (
    Activity,
    ActivityKind,
    ApprovalMessage,
    ApprovalRequest,
    Category,
    MessageKind,
    RequestStatus,
    Role,
)
from ce_tracker.rules import local_date
from ce_tracker.services import audit
from ce_tracker.services.accounts.actors import Actor
from ce_tracker.services.approvals.criteria import clean_answers, criteria_for
from ce_tracker.services.approvals.next_steps import after_approval
from ce_tracker.services.approvals.requests import category_in, parse_request_hours
from ce_tracker.services.approvals.shared import (
    NO_REQUEST,
    RequestLine,
    line_of,
    member_of,
    page_link,
    queue_email,
    society_today,
)
from ce_tracker.services.courses.claims import claim_window
from ce_tracker.services.errors import Conflict, NotAllowed, NotFound
from ce_tracker.services.inputs import is_id
from ce_tracker.services.inputs import text as typed_text
from ce_tracker.services.programs.store import load_program

OWN_REQUEST = "You cannot review your own request; another committee member will decide it."


def review_queue(*, session: Session, actor: Actor, now: datetime) -> list[RequestLine]:
    """Pending requests, the one due soonest first; a reviewer's own ones are listed but marked (R000-04)."""
    actor.require(Role.REVIEWER)
    today = society_today(session, now)
    rows = session.exec(select(ApprovalRequest).where(ApprovalRequest.status == RequestStatus.PENDING)).all()
    lines = [line_of(session, r, today, viewer=actor) for r in rows]
    return sorted(lines, key=lambda line: (line.due_on, line.request_id))


def _decidable(session: Session, actor: Actor, request_id: object) -> ApprovalRequest:
    actor.require(Role.REVIEWER)
    request = session.get(ApprovalRequest, request_id) if is_id(request_id) else None
    if request is None:
        raise NotFound(NO_REQUEST)
    if request.member_id == actor.member_id:
        raise NotAllowed(OWN_REQUEST)
    return request


def _decide(session: Session, actor: Actor, request: ApprovalRequest, now: datetime, **values) -> None:
    """Move a pending request on, once: the WHERE clause makes a second or concurrent decision a no-op."""
    changed = session.execute(update(ApprovalRequest).where(
        ApprovalRequest.id == request.id, ApprovalRequest.status == RequestStatus.PENDING,
        ApprovalRequest.member_id != actor.member_id).values(**values))
    if changed.rowcount != 1:
        session.refresh(request)
        raise Conflict("This request was already decided." if request.status in (
            RequestStatus.APPROVED, RequestStatus.DECLINED) else "This request is waiting for the member's answer.")
    session.refresh(request)


def _tellmember_of(session: Session, request: ApprovalRequest, settings: Settings, subject: str, body: str) -> None:
    member = member_of(session, request.member_id)
    queue_email(session, to=member.email, subject=subject,
               body=f"Dear {member.full_name},\n\n{body}\n\nYour request: "
                    f"{page_link(settings, routes.approval_request(request.id))}\n\nThe CE committee\n")


def _judged(session: Session, request: ApprovalRequest, criteria: object, private_note: object) -> dict:
    """The criteria answers (all required) and the private note, as the decision stores them."""
    return {"criteria": clean_answers(criteria_for(session, request), criteria),
            "private_note": typed_text(private_note, field="private_note", label="private note", limit=2000,
                                       required=False)}


def _summary(judged: dict) -> str:
    """The answers in one audit value, e.g. "relevance=meets; iacet=not_applicable"."""
    return "; ".join(f"{a['code']}={a['answer']}" for a in judged["criteria"])


def approve(*, session: Session, actor: Actor, request_id: object, hours: object = None, category_id: object = None,
            note: object = "", criteria: object = None, private_note: object = "", publish: object = False,
            now: datetime, settings: Settings) -> Activity:
    """Approve a request, possibly for other hours or another category (R000-03).

    The activity is the asking member's to record; only ``publish`` (exactly True) lists it in Upcoming
    Courses for every member to claim.
    """
    request = _decidable(session, actor, request_id)
    judged = _judged(session, request, criteria, private_note)
    published = publish is True
    approved_hours = request.hours if hours in (None, "") else parse_request_hours(hours)
    program_id = session.get(Category, request.category_id).program_id
    category = session.get(Category, request.category_id) if category_id in (None, "") else category_in(
        session, program_id, category_id)
    text = typed_text(note, field="note", label="note", limit=2000, required=False)
    _decide(session, actor, request, now, status=RequestStatus.APPROVED, decided_at=now,
            decided_by=actor.member_id, decision_note=text, approved_hours=approved_hours,
            approved_category_id=category.id, published=published, **judged)
    activity = Activity(kind=ActivityKind.COURSE, title=request.title, provider=request.provider,
                        description=request.description, format=request.format, url=request.url,
                        starts_on=request.starts_on, ends_on=request.ends_on, hours=approved_hours,
                        category_id=category.id, pre_approved=published, created_at=now)
    session.add(activity)
    session.flush()
    request.activity_id = activity.id
    program = load_program(session, program_id)
    _, record_by = claim_window(program, activity, request)
    changed = "" if (approved_hours, category.id) == (request.hours, request.category_id) else (
        f" (you asked for {fmt.hours(request.hours)} {session.get(Category, request.category_id).name} hours)")
    _tellmember_of(session, request, settings, f"Approved: {request.title}",
                 f"The CE committee approved “{request.title}” for {fmt.hours(approved_hours)} {category.name} "
                 f"hours{changed}." + (f"\n\nNote from the committee: {text}" if text else "")
                 + "\n\n" + after_approval(program, ends_on=activity.ends_on, today=local_date(program, now),
                                           record_by=record_by, published=published))
    audit.record(session, actor_id=actor.member_id, action="approval_approved", entity="approval_request",
                 entity_id=request.id, hours=approved_hours, category=category.name, activity=activity.id,
                 published=published, criteria=_summary(judged))
    session.flush()
    return activity


def decline(*, session: Session, actor: Actor, request_id: object, reason: object, criteria: object = None,
            private_note: object = "", now: datetime, settings: Settings) -> None:
    """Decline a request with the reason the member is emailed (R000-03)."""
    request = _decidable(session, actor, request_id)
    judged = _judged(session, request, criteria, private_note)
    text = typed_text(reason, field="reason", label="reason", limit=2000, required=True)
    _decide(session, actor, request, now, status=RequestStatus.DECLINED, decided_at=now, decided_by=actor.member_id,
            decision_note=text, **judged)
    _tellmember_of(session, request, settings, f"Not approved: {request.title}",
                 f"The CE committee did not approve “{request.title}” for CE credit.\n\nReason: {text}")
    audit.record(session, actor_id=actor.member_id, action="approval_declined", entity="approval_request",
                 entity_id=request.id, criteria=_summary(judged))
    session.flush()


def return_with_question(*, session: Session, actor: Actor, request_id: object, question: object, now: datetime,
                         settings: Settings) -> None:
    """Send a request back to its member with a question; their answer puts it back in the queue."""
    request = _decidable(session, actor, request_id)
    text = typed_text(question, field="question", label="question", limit=2000, required=True)
    _decide(session, actor, request, now, status=RequestStatus.RETURNED)
    session.add(ApprovalMessage(request_id=request.id, author_id=actor.member_id, kind=MessageKind.QUESTION,
                                body=text, at=now))
    _tellmember_of(session, request, settings, f"A question about your request: {request.title}",
                 f"The CE committee has a question about “{request.title}”:\n\n{text}\n\n"
                 "Please answer it on the request's page; the committee then reviews the request again.")
    audit.record(session, actor_id=actor.member_id, action="approval_returned", entity="approval_request",
                 entity_id=request.id)
    session.flush()
