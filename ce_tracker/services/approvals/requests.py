"""The member's side of approval requests: ask, follow, answer (R000-02, R000-05, R000-22).

A member asks the CE committee to approve an activity up to 30 days after it
ends (R000-05); the committee is emailed (R000-02). Once approved, the activity
is in the catalog and the member records the credit through ``services.claims``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from urllib.parse import urlsplit

from sqlalchemy import update
from sqlmodel import Session, select

from ce_tracker import formatting as fmt
from ce_tracker import routes
from ce_tracker.config import Settings
from ce_tracker.models import (
    Activity,
    ApprovalAttachment,
    ApprovalMessage,
    ApprovalRequest,
    Category,
    CreditClaim,
    MessageKind,
    RequestStatus,
    Role,
)
from ce_tracker.rules import Program, approval_request_deadline, local_date, may_request_approval, review_due
from ce_tracker.services import audit
from ce_tracker.services.accounts.actors import Actor
from ce_tracker.services.accounts.members import first_program_id
from ce_tracker.services.approvals.attachments import MAX_ATTACHMENTS
from ce_tracker.services.approvals.criteria import answers_of, criteria_for
from ce_tracker.services.approvals.shared import (
    FORMATS,
    AttachmentLine,
    MessageLine,
    RequestLine,
    RequestView,
    Submitted,
    line_of,
    member_of,
    own_request,
    page_link,
    program_of,
    queue_email,
    society_today,
    visible_request,
)
from ce_tracker.services.courses.claims import claim_window
from ce_tracker.services.errors import Conflict, Invalid
from ce_tracker.services.inputs import hours as typed_hours
from ce_tracker.services.inputs import is_id, iso_date, text
from ce_tracker.services.programs.store import categories_of, default_program, load_program

TOO_LATE = ("If this form is submitted later than 30 days after the activity is completed, CE credit will not be "
            "awarded.")
MAX_HOURS = Decimal(40)  # a full-time week: more for one activity is a typing mistake
MAX_DAYS = 366  # an activity longer than a year is really several activities
MAX_AHEAD_DAYS = 2 * 366  # nobody plans (or can be reviewed for) an activity further ahead


def _url(value: object) -> str:
    url = text(value, field="url", label="link", limit=500)
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in url):
        raise Invalid("Enter the link as a web address starting with https://.", field="url")
    return url


def _format(value: object) -> str:
    if not isinstance(value, str) or value.strip().lower() not in FORMATS:
        raise Invalid("Choose the format: " + ", ".join(FORMATS) + ".", field="format")
    return value.strip().lower()


def parse_request_hours(value: object) -> Decimal:
    """Hours typed for an activity, by the claim-hours rule: above 0, in quarter hours, at most ``MAX_HOURS``."""
    return typed_hours(value, field="hours", label="activity's hours", maximum=MAX_HOURS)


def _member_program(session: Session, actor: Actor, now: datetime) -> tuple[int, Program]:
    """The program the member's credit counts toward: their current term's, else the society's default."""
    fallback = default_program(session)
    if fallback is None:
        raise Invalid("No certification program is set up yet.")
    program_id = first_program_id(session, actor.member_id) or fallback.id
    return program_id, load_program(session, program_id)


def category_in(session: Session, program_id: int, value: object) -> Category:
    category = session.get(Category, value) if is_id(value) else None
    if category is None or category.program_id != program_id:
        raise Invalid("Choose one of the categories of your certification program.")
    return category



@dataclass(frozen=True)
class FormChoices:
    """What the request form offers: the member's program's categories, and the dates its warnings need."""

    categories: tuple[tuple[int, str], ...]
    today: date
    earliest_end: date  # an activity that ended before this day can no longer be asked about


def request_form(*, session: Session, actor: Actor, now: datetime) -> FormChoices:
    actor.require(Role.MEMBER)
    program_id, program = _member_program(session, actor, now)
    today = local_date(program, now)
    return FormChoices(categories=tuple((c.id, c.name) for c in categories_of(session, program_id)), today=today,
                       earliest_end=today - timedelta(days=program.approval_window_days))


def submit_request(*, session: Session, actor: Actor, title: object, provider: object, starts_on: object,
                   ends_on: object, format: object, category_id: object, hours: object, description: object = "",
                   url: object = "", now: datetime, settings: Settings) -> Submitted:
    """File a request with the CE committee, which is emailed (R000-02); refused once too late (R000-05)."""
    actor.require(Role.MEMBER)
    title = text(title, field="title", label="activity's title", limit=200, required=True)
    provider = text(provider, field="provider", label="provider", limit=200, required=True)
    description = text(description, field="description", label="description", limit=4000, required=False)
    web_address = _url(url)
    first = iso_date(starts_on, field="starts_on", label="first day")
    last = iso_date(ends_on, field="ends_on", label="last day")
    if last < first:
        raise Invalid("The last day cannot be before the first day.", field="ends_on")
    if (last - first).days >= MAX_DAYS:
        raise Invalid("An activity can last at most a year; ask for each part of a longer program separately.")
    activity_format = _format(format)
    program_id, program = _member_program(session, actor, now)
    category = category_in(session, program_id, category_id)
    asked_hours = parse_request_hours(hours)
    today = local_date(program, now)
    if (first - today).days > MAX_AHEAD_DAYS:
        raise Invalid("The activity starts more than two years from now; ask closer to the date.")
    if not may_request_approval(program, last, now):
        raise Invalid(f"This activity ended on {fmt.long_date(last)}. {TOO_LATE}")
    request = ApprovalRequest(member_id=actor.member_id, title=title, provider=provider, description=description,
                              url=web_address, format=activity_format, category_id=category.id, hours=asked_hours,
                              starts_on=first, ends_on=last, submitted_at=now, queued_at=now)
    session.add(request)
    session.flush()
    due = review_due(program, today)
    queue_email(session, to=settings.committee_email, subject=f"New CE approval request: {title}",
               body=f"{actor.full_name} asks the CE committee to approve “{title}” ({provider}), "
                    f"{fmt.format_date_range(first, last)}, {fmt.hours(asked_hours)} {category.name} hours.\n\n"
                    f"Please decide by {fmt.long_date(due)}: {page_link(settings, routes.review_request(request.id))}\n")
    audit.record(session, actor_id=actor.member_id, action="approval_requested", entity="approval_request",
                 entity_id=request.id, hours=asked_hours, category=category.name, after_activity=today > last)
    after = today > last
    return Submitted(request=request, after_activity=after, ask_by=approval_request_deadline(program, last))




def my_requests(*, session: Session, actor: Actor, now: datetime) -> list[RequestLine]:
    """The acting member's requests, newest first."""
    actor.require(Role.MEMBER)
    today = society_today(session, now)
    rows = session.exec(select(ApprovalRequest).where(ApprovalRequest.member_id == actor.member_id)
                        .order_by(ApprovalRequest.submitted_at.desc(), ApprovalRequest.id.desc())).all()
    return [line_of(session, r, today) for r in rows]




def _record_window(session: Session, request: ApprovalRequest, today: date
                   ) -> tuple[Decimal | None, date | None, date | None, bool]:
    """For an approved request: the hours already recorded, and when the member may record them."""
    if request.status is not RequestStatus.APPROVED or request.activity_id is None:
        return None, None, None, False
    activity = session.get(Activity, request.activity_id)
    claim = session.exec(select(CreditClaim).where(CreditClaim.member_id == request.member_id,
                                                   CreditClaim.activity_id == activity.id)).first()
    opens, closes = claim_window(program_of(session, request), activity, request)
    return (claim.hours if claim else None), opens, closes, claim is None and opens <= today <= closes


def request_detail(*, session: Session, actor: Actor, request_id: object, now: datetime) -> RequestView:
    """Everything about one request, for its member or a reviewer."""
    request = visible_request(session, actor, request_id)
    today = society_today(session, now)
    owner = request.member_id == actor.member_id
    names = {}
    messages = []
    for m in session.exec(select(ApprovalMessage).where(ApprovalMessage.request_id == request.id)
                          .order_by(ApprovalMessage.at, ApprovalMessage.id)):
        if m.author_id not in names:
            names[m.author_id] = ("CE committee" if m.kind is MessageKind.QUESTION
                                  else member_of(session, m.author_id).full_name)
        messages.append(MessageLine(m.kind, names[m.author_id], m.body, m.at))
    attachments = tuple(AttachmentLine(a.id, a.filename, a.content_type, a.size) for a in session.exec(
        select(ApprovalAttachment).where(ApprovalAttachment.request_id == request.id).order_by(ApprovalAttachment.id)))
    claimed, opens, closes, can_record = _record_window(session, request, today)
    approved_category = session.get(Category, request.approved_category_id) if request.approved_category_id else None
    program_id = session.get(Category, request.category_id).program_id
    open_status = request.status in (RequestStatus.PENDING, RequestStatus.RETURNED)
    return RequestView(
        line=line_of(session, request, today, viewer=actor if actor.has(Role.REVIEWER) else None),
        description=request.description, url=request.url, format=request.format,
        decision_note=request.decision_note,
        decided_on=local_date(program_of(session, request), request.decided_at) if request.decided_at else None,
        approved_hours=request.approved_hours, approved_category_id=request.approved_category_id,
        approved_category=approved_category.name if approved_category else "", activity_id=request.activity_id,
        messages=tuple(messages), attachments=attachments, is_owner=owner,
        can_decide=(actor.has(Role.REVIEWER) and not owner and request.status is RequestStatus.PENDING),
        can_answer=owner and request.status is RequestStatus.RETURNED,
        can_attach=owner and open_status and len(attachments) < MAX_ATTACHMENTS,
        claimed_hours=claimed if owner else None, record_from=opens if owner else None,
        record_by=closes if owner else None, can_record=owner and can_record,
        categories=tuple((c.id, c.name) for c in categories_of(session, program_id)),
        published=request.published, **committee_only(session, actor, request))


def committee_only(session: Session, actor: Actor, request: ApprovalRequest) -> dict:
    """What only a reviewer who did not ask sees: the criteria, the answers and the private note."""
    if not actor.has(Role.REVIEWER) or request.member_id == actor.member_id:
        return {}
    return {"criteria": criteria_for(session, request), "answers": answers_of(request),
            "private_note": request.private_note}


def answer_question(*, session: Session, actor: Actor, request_id: object, answer: object, now: datetime,
                    settings: Settings) -> None:
    """The member answers the committee's question; the request goes back to the queue with a fresh clock."""
    actor.require(Role.MEMBER)
    request = own_request(session, actor, request_id)
    body = text(answer, field="answer", label="answer", limit=2000, required=True)
    moved = session.execute(update(ApprovalRequest).where(
        ApprovalRequest.id == request.id, ApprovalRequest.member_id == actor.member_id,
        ApprovalRequest.status == RequestStatus.RETURNED).values(status=RequestStatus.PENDING, queued_at=now))
    if moved.rowcount != 1:
        raise Conflict("This request is not waiting for an answer.")
    session.refresh(request)
    session.add(ApprovalMessage(request_id=request.id, author_id=actor.member_id, kind=MessageKind.ANSWER,
                                body=body, at=now))
    queue_email(session, to=settings.committee_email, subject=f"Answer on CE approval request: {request.title}",
               body=f"{actor.full_name} answered the committee's question about “{request.title}”:\n\n{body}\n\n"
                    f"The request is back in the queue: {page_link(settings, routes.review_request(request.id))}\n")
    audit.record(session, actor_id=actor.member_id, action="approval_answered", entity="approval_request",
                 entity_id=request.id)
    session.flush()
