"""What the approval pages show, and the look-ups the member's and the committee's sides share (R000-02 to R000-04).

The views are plain frozen values, so pages format them without touching the
database; the helpers find a request as its member or a reviewer may see it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlmodel import Session

from ce_tracker.config import Settings
from ce_tracker.models import ApprovalRequest, Category, Member, MessageKind, RequestStatus, Role
from ce_tracker.rules import Program, local_date, review_due
from ce_tracker.services import mail
from ce_tracker.services.accounts.actors import Actor
from ce_tracker.services.errors import NotFound
from ce_tracker.services.inputs import is_id
from ce_tracker.services.programs.store import default_program, load_program

NO_REQUEST = "No such approval request."
# How an activity is given; stored as written here and shown capitalised.
FORMATS = ("in person", "online (live)", "online (on demand)", "hybrid")


@dataclass(frozen=True)
class Submitted:
    """A new request; made after the activity, the last day it could still be asked for (R000-05).

    Data, not wording: the page says what it means to the member.
    """

    request: ApprovalRequest
    after_activity: bool
    ask_by: date  # the last day a request for this activity is accepted


@dataclass(frozen=True)
class RequestLine:
    """One request in the member's list or the committee's queue."""

    request_id: int
    title: str
    provider: str
    category: str
    hours: Decimal
    starts_on: date
    ends_on: date
    status: RequestStatus
    submitted_on: date
    due_on: date
    overdue: bool
    member_name: str = ""  # only in the committee's queue
    own: bool = False  # the reviewer's own request: listed, never actionable


@dataclass(frozen=True)
class MessageLine:
    kind: MessageKind
    author: str
    body: str
    at: datetime


@dataclass(frozen=True)
class AttachmentLine:
    attachment_id: int
    filename: str
    content_type: str
    size: int


@dataclass(frozen=True)
class RequestView:
    """One request as its member or a reviewer sees it; nothing about the member beyond the request."""

    line: RequestLine
    description: str
    url: str
    format: str
    decision_note: str
    decided_on: date | None
    approved_hours: Decimal | None
    approved_category_id: int | None
    approved_category: str
    activity_id: int | None
    messages: tuple[MessageLine, ...]
    attachments: tuple[AttachmentLine, ...]
    is_owner: bool
    can_decide: bool  # a reviewer, not the owner, on a pending request
    can_answer: bool  # the owner, on a returned request
    can_attach: bool  # the owner, while pending or returned
    claimed_hours: Decimal | None  # the credit the owner recorded for the approved activity
    record_from: date | None  # the owner's recording window for the approved activity
    record_by: date | None
    can_record: bool
    categories: tuple[tuple[int, str], ...]  # the request's program's categories, for the approval form
    # Reviewers only (never the member who asked, even a reviewer): the committee's criteria, its answers, its
    # private note. ``published``: the approval is listed for all members.
    criteria: tuple = ()
    answers: tuple = ()
    private_note: str = ""
    published: bool = False



def program_of(session: Session, request: ApprovalRequest) -> Program:
    """The rules of the program the request's category belongs to."""
    return load_program(session, session.get(Category, request.category_id).program_id)


def member_of(session: Session, member_id: int) -> Member:
    return session.get(Member, member_id)


def page_link(settings: Settings, path: str) -> str:
    return f"{settings.public_url}{path}"


def queue_email(session: Session, *, to: str, subject: str, body: str) -> None:
    """Queue an email; a long activity title is cut to fit the subject line's 200 characters."""
    mail.queue(session, to=to, subject=subject if len(subject) <= 200 else subject[:199] + "…", body=body)


def society_today(session: Session, now: datetime) -> date:
    row = default_program(session)
    return local_date(load_program(session, row.id), now) if row else now.date()


def line_of(session: Session, request: ApprovalRequest, today: date, *, viewer: Actor | None = None) -> RequestLine:
    """The request as one line; ``viewer`` (a reviewer) also sees whose it is. Due in two weeks (R000-04)."""
    program = program_of(session, request)
    due = review_due(program, local_date(program, request.queued_at))
    pending = request.status is RequestStatus.PENDING
    return RequestLine(
        request_id=request.id, title=request.title, provider=request.provider,
        category=session.get(Category, request.category_id).name, hours=request.hours,
        starts_on=request.starts_on, ends_on=request.ends_on, status=request.status,
        submitted_on=local_date(program, request.submitted_at), due_on=due, overdue=pending and today > due,
        member_name=member_of(session, request.member_id).full_name if viewer else "",
        own=bool(viewer and viewer.member_id == request.member_id))


def own_request(session: Session, actor: Actor, request_id: object) -> ApprovalRequest:
    """The acting member's own request; anyone else's is "not found", never "not yours" (R000-19)."""
    request = session.get(ApprovalRequest, request_id) if is_id(request_id) else None
    if request is None or request.member_id != actor.member_id:
        raise NotFound(NO_REQUEST)
    return request


def visible_request(session: Session, actor: Actor, request_id: object) -> ApprovalRequest:
    """A request its member or any reviewer may read; for anyone else it does not exist (R000-19)."""
    request = session.get(ApprovalRequest, request_id) if is_id(request_id) else None
    if request is None or not (request.member_id == actor.member_id or actor.has(Role.REVIEWER)):
        raise NotFound(NO_REQUEST)
    return request
