"""Approval requests: a member asks the CE committee to approve an activity (R000-02 to R000-06, R000-19).

A member submits a request up to 30 days after the activity ends; reviewers
decide it (approve, possibly with other hours or another category; decline with
a reason; or return it with a question the member answers). An approval puts
the activity in the catalog, where the member then records the credit through
``services.claims``.

Every decision is one conditional ``UPDATE ... WHERE status = 'pending'``: of two
reviewers deciding at once, exactly one wins and the other gets ``Conflict``.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from urllib.parse import urlsplit

from sqlalchemy import func, update
from sqlmodel import Session, select

from ce_tracker import formatting as fmt
from ce_tracker.config import Settings
from ce_tracker.models import (
    Activity,
    ActivityKind,
    ApprovalAttachment,
    ApprovalMessage,
    ApprovalRequest,
    Category,
    CreditClaim,
    Member,
    MessageKind,
    RequestStatus,
    Role,
)
from ce_tracker.rules import (
    HoursError,
    Program,
    approval_request_deadline,
    local_date,
    may_request_approval,
    parse_hours,
    review_due,
)
from ce_tracker.services import audit, mail
from ce_tracker.services.actors import Actor
from ce_tracker.services.approval_words import after_approval
from ce_tracker.services.claims import claim_window
from ce_tracker.services.errors import Conflict, Invalid, NotAllowed, NotFound
from ce_tracker.services.members import current_term
from ce_tracker.services.programs import categories_of, default_program, load_program

TOO_LATE = ("If this form is submitted later than 30 days after the activity is completed, CE credit will not be "
            "awarded.")
ASK_BEFORE = ("To avoid disappointment and expense, the activity approval form should be submitted prior to "
              "participating in the continuing education activity.")
LATE_WARNING = ("This activity has already ended. The committee will still review it, but requests should be made "
                "before the activity; you may ask until {deadline}.")
NO_REQUEST = "No such approval request."
OWN_REQUEST = "You cannot review your own request; another committee member will decide it."

# How the activity is given; stored as written here and shown capitalised.
FORMATS = ("in person", "online (live)", "online (on demand)", "hybrid")
MAX_HOURS = Decimal(40)  # a full-time week: more for one activity is a typing mistake
STEP = Decimal("0.25")
MAX_DAYS = 366  # an activity longer than a year is really several activities
MAX_AHEAD_DAYS = 2 * 366  # nobody plans (or can be reviewed for) an activity further ahead
MAX_ATTACHMENTS = 5
# The file types a member may attach, by their first bytes (the browser's claim is never trusted).
FILE_TYPES = ((b"%PDF-", "application/pdf", ".pdf"), (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
              (b"\xff\xd8\xff", "image/jpeg", ".jpg"))


# --- What the pages show ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Submitted:
    """A new request, and the warning to show when it was made after the activity (R000-05)."""

    request: ApprovalRequest
    after_activity: bool
    warning: str


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


# --- Small checks --------------------------------------------------------------------------------

def _is_id(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _text(value: object, label: str, limit: int, *, required: bool) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise Invalid(f"Enter the {label} as text.")
    value = value.strip()
    if required and not value:
        raise Invalid(f"Enter the {label}.")
    if len(value) > limit:
        raise Invalid(f"Keep the {label} to at most {limit} characters.")
    return value


def _date(value: object, label: str) -> date:
    if isinstance(value, str) and len(value.strip()) == 10:
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise Invalid(f"Enter the {label} as a date, such as 2026-10-08.")


def _url(value: object) -> str:
    url = _text(value, "link", 500, required=False)
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in url):
        raise Invalid("Enter the link as a web address starting with https://.")
    return url


def _format(value: object) -> str:
    if not isinstance(value, str) or value.strip().lower() not in FORMATS:
        raise Invalid("Choose the format: " + ", ".join(FORMATS) + ".")
    return value.strip().lower()


def parse_request_hours(value: object) -> Decimal:
    """Hours typed for an activity: a plain number above 0, in quarter hours, at most ``MAX_HOURS``."""
    if not isinstance(value, str):
        raise Invalid("Enter the hours as a number, such as 6 or 7.5.")
    try:
        hours = parse_hours(value)
    except HoursError as error:
        message = str(error)
        if message.startswith("Enter a number"):
            message = "Enter the activity's hours, such as 6 or 7.5."
        raise Invalid(message.replace("Credits cannot", "Hours cannot")) from error
    if hours <= 0:
        raise Invalid("Enter the activity's hours, more than 0.")
    if hours > MAX_HOURS:
        raise Invalid(f"One activity can be worth at most {fmt.hours(MAX_HOURS)} hours; "
                      "ask for each part of a longer program separately.")
    if hours % STEP:
        raise Invalid("Enter hours in steps of 0.25 (a quarter hour).")
    return hours.quantize(Decimal("0.01"))


def _member_program(session: Session, actor: Actor, now: datetime) -> tuple[int, Program]:
    """The program the member's credit counts toward: their current term's, else the society's default."""
    fallback = default_program(session)
    if fallback is None:
        raise Invalid("No certification program is set up yet.")
    term = current_term(session, actor.member_id, local_date(load_program(session, fallback.id), now))
    program_id = term.program_id if term else fallback.id
    return program_id, load_program(session, program_id)


def _category(session: Session, program_id: int, value: object) -> Category:
    category = session.get(Category, value) if _is_id(value) else None
    if category is None or category.program_id != program_id:
        raise Invalid("Choose one of the categories of your certification program.")
    return category


def _program_of(session: Session, request: ApprovalRequest) -> Program:
    return load_program(session, session.get(Category, request.category_id).program_id)


def _member(session: Session, member_id: int) -> Member:
    return session.get(Member, member_id)


def _link(settings: Settings, path: str) -> str:
    return f"{settings.public_url}{path}"


def _email(session: Session, *, to: str, subject: str, body: str) -> None:
    """Queue an email; a long activity title is cut to fit the subject line's 200 characters."""
    mail.queue(session, to=to, subject=subject if len(subject) <= 200 else subject[:199] + "…", body=body)


# --- The member's side ---------------------------------------------------------------------------

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
    title = _text(title, "activity's title", 200, required=True)
    provider = _text(provider, "provider", 200, required=True)
    description = _text(description, "description", 4000, required=False)
    link = _url(url)
    first, last = _date(starts_on, "first day"), _date(ends_on, "last day")
    if last < first:
        raise Invalid("The last day cannot be before the first day.")
    if (last - first).days >= MAX_DAYS:
        raise Invalid("An activity can last at most a year; ask for each part of a longer program separately.")
    activity_format = _format(format)
    program_id, program = _member_program(session, actor, now)
    category = _category(session, program_id, category_id)
    asked_hours = parse_request_hours(hours)
    today = local_date(program, now)
    if (first - today).days > MAX_AHEAD_DAYS:
        raise Invalid("The activity starts more than two years from now; ask closer to the date.")
    if not may_request_approval(program, last, now):
        raise Invalid(f"This activity ended on {fmt.long_date(last)}. {TOO_LATE}")
    request = ApprovalRequest(member_id=actor.member_id, title=title, provider=provider, description=description,
                              url=link, format=activity_format, category_id=category.id, hours=asked_hours,
                              starts_on=first, ends_on=last, submitted_at=now, queued_at=now)
    session.add(request)
    session.flush()
    due = review_due(program, today)
    _email(session, to=settings.committee_email, subject=f"New CE approval request: {title}",
               body=f"{actor.full_name} asks the CE committee to approve “{title}” ({provider}), "
                    f"{fmt.format_date_range(first, last)}, {fmt.hours(asked_hours)} {category.name} hours.\n\n"
                    f"Please decide by {fmt.long_date(due)}: {_link(settings, f'/review/{request.id}')}\n")
    audit.record(session, actor_id=actor.member_id, action="approval_requested", entity="approval_request",
                 entity_id=request.id, hours=asked_hours, category=category.name, after_activity=today > last)
    after = today > last
    warning = LATE_WARNING.format(deadline=fmt.long_date(approval_request_deadline(program, last))) if after else ""
    return Submitted(request=request, after_activity=after, warning=warning)


def _own_request(session: Session, actor: Actor, request_id: object) -> ApprovalRequest:
    """The acting member's own request; anyone else's is "not found", never "not yours"."""
    request = session.get(ApprovalRequest, request_id) if _is_id(request_id) else None
    if request is None or request.member_id != actor.member_id:
        raise NotFound(NO_REQUEST)
    return request


def _line(session: Session, request: ApprovalRequest, today: date, *, viewer: Actor | None = None) -> RequestLine:
    program = _program_of(session, request)
    due = review_due(program, local_date(program, request.queued_at))
    pending = request.status is RequestStatus.PENDING
    return RequestLine(
        request_id=request.id, title=request.title, provider=request.provider,
        category=session.get(Category, request.category_id).name, hours=request.hours,
        starts_on=request.starts_on, ends_on=request.ends_on, status=request.status,
        submitted_on=local_date(program, request.submitted_at), due_on=due, overdue=pending and today > due,
        member_name=_member(session, request.member_id).full_name if viewer else "",
        own=bool(viewer and viewer.member_id == request.member_id))


def _today(session: Session, now: datetime) -> date:
    row = default_program(session)
    return local_date(load_program(session, row.id), now) if row else now.date()


def my_requests(*, session: Session, actor: Actor, now: datetime) -> list[RequestLine]:
    """The acting member's requests, newest first."""
    actor.require(Role.MEMBER)
    today = _today(session, now)
    rows = session.exec(select(ApprovalRequest).where(ApprovalRequest.member_id == actor.member_id)
                        .order_by(ApprovalRequest.submitted_at.desc(), ApprovalRequest.id.desc())).all()
    return [_line(session, r, today) for r in rows]


def _visible_request(session: Session, actor: Actor, request_id: object) -> ApprovalRequest:
    """A request its member or any reviewer may read; for anyone else it does not exist."""
    request = session.get(ApprovalRequest, request_id) if _is_id(request_id) else None
    if request is None or not (request.member_id == actor.member_id or actor.has(Role.REVIEWER)):
        raise NotFound(NO_REQUEST)
    return request


def _record_window(session: Session, request: ApprovalRequest, today: date
                   ) -> tuple[Decimal | None, date | None, date | None, bool]:
    """For an approved request: the hours already recorded, and when the member may record them."""
    if request.status is not RequestStatus.APPROVED or request.activity_id is None:
        return None, None, None, False
    activity = session.get(Activity, request.activity_id)
    claim = session.exec(select(CreditClaim).where(CreditClaim.member_id == request.member_id,
                                                   CreditClaim.activity_id == activity.id)).first()
    opens, closes = claim_window(_program_of(session, request), activity, request)
    return (claim.hours if claim else None), opens, closes, claim is None and opens <= today <= closes


def request_detail(*, session: Session, actor: Actor, request_id: object, now: datetime) -> RequestView:
    """Everything about one request, for its member or a reviewer."""
    request = _visible_request(session, actor, request_id)
    today = _today(session, now)
    owner = request.member_id == actor.member_id
    names = {}
    messages = []
    for m in session.exec(select(ApprovalMessage).where(ApprovalMessage.request_id == request.id)
                          .order_by(ApprovalMessage.at, ApprovalMessage.id)):
        if m.author_id not in names:
            names[m.author_id] = ("CE committee" if m.kind is MessageKind.QUESTION
                                  else _member(session, m.author_id).full_name)
        messages.append(MessageLine(m.kind, names[m.author_id], m.body, m.at))
    attachments = tuple(AttachmentLine(a.id, a.filename, a.content_type, a.size) for a in session.exec(
        select(ApprovalAttachment).where(ApprovalAttachment.request_id == request.id).order_by(ApprovalAttachment.id)))
    claimed, opens, closes, can_record = _record_window(session, request, today)
    approved_category = session.get(Category, request.approved_category_id) if request.approved_category_id else None
    program_id = session.get(Category, request.category_id).program_id
    open_status = request.status in (RequestStatus.PENDING, RequestStatus.RETURNED)
    return RequestView(
        line=_line(session, request, today, viewer=actor if actor.has(Role.REVIEWER) else None),
        description=request.description, url=request.url, format=request.format,
        decision_note=request.decision_note,
        decided_on=local_date(_program_of(session, request), request.decided_at) if request.decided_at else None,
        approved_hours=request.approved_hours, approved_category_id=request.approved_category_id,
        approved_category=approved_category.name if approved_category else "", activity_id=request.activity_id,
        messages=tuple(messages), attachments=attachments, is_owner=owner,
        can_decide=(actor.has(Role.REVIEWER) and not owner and request.status is RequestStatus.PENDING),
        can_answer=owner and request.status is RequestStatus.RETURNED,
        can_attach=owner and open_status and len(attachments) < MAX_ATTACHMENTS,
        claimed_hours=claimed if owner else None, record_from=opens if owner else None,
        record_by=closes if owner else None, can_record=owner and can_record,
        categories=tuple((c.id, c.name) for c in categories_of(session, program_id)))


def answer_question(*, session: Session, actor: Actor, request_id: object, answer: object, now: datetime,
                    settings: Settings) -> None:
    """The member answers the committee's question; the request goes back to the queue with a fresh clock."""
    actor.require(Role.MEMBER)
    request = _own_request(session, actor, request_id)
    body = _text(answer, "answer", 2000, required=True)
    moved = session.execute(update(ApprovalRequest).where(
        ApprovalRequest.id == request.id, ApprovalRequest.member_id == actor.member_id,
        ApprovalRequest.status == RequestStatus.RETURNED).values(status=RequestStatus.PENDING, queued_at=now))
    if moved.rowcount != 1:
        raise Conflict("This request is not waiting for an answer.")
    session.refresh(request)
    session.add(ApprovalMessage(request_id=request.id, author_id=actor.member_id, kind=MessageKind.ANSWER,
                                body=body, at=now))
    _email(session, to=settings.committee_email, subject=f"Answer on CE approval request: {request.title}",
               body=f"{actor.full_name} answered the committee's question about “{request.title}”:\n\n{body}\n\n"
                    f"The request is back in the queue: {_link(settings, f'/review/{request.id}')}\n")
    audit.record(session, actor_id=actor.member_id, action="approval_answered", entity="approval_request",
                 entity_id=request.id)
    session.flush()


# --- Attachments -----------------------------------------------------------------------------------

def detect_type(data: bytes) -> tuple[str, str] | None:
    """The content type and extension the file's own first bytes show, or None for anything else."""
    for magic, content_type, extension in FILE_TYPES:
        if data.startswith(magic):
            return content_type, extension
    return None


def safe_filename(name: object, extension: str) -> str:
    """A display name that cannot be a path or a header injection, with the extension its bytes justify."""
    raw = name if isinstance(name, str) else ""
    raw = unicodedata.normalize("NFKC", raw.replace("\\", "/").rsplit("/", 1)[-1])
    stem = raw.rsplit(".", 1)[0] if "." in raw else raw
    stem = re.sub(r"[^A-Za-z0-9._ -]+", "_", stem).strip(" ._-")[:80]
    return f"{stem or 'attachment'}{extension}"


def add_attachment(*, session: Session, actor: Actor, request_id: object, filename: object, data: object,
                   now: datetime, max_bytes: int) -> ApprovalAttachment:
    """Attach an agenda or certificate (PDF, PNG or JPEG, at most ``max_bytes``) to the member's open request."""
    actor.require(Role.MEMBER)
    request = _own_request(session, actor, request_id)
    if not isinstance(data, bytes) or not data:
        raise Invalid("Choose a file to attach.")
    if len(data) > max_bytes:
        raise Invalid(f"The file is larger than {max_bytes // (1024 * 1024)} MB; attach a smaller one.")
    detected = detect_type(data)
    if detected is None:
        raise Invalid("Attach a PDF, PNG or JPEG file (an agenda or a certificate).")
    # Re-check the status and lock the request row: additions to one request are serial, so the limit holds.
    locked = session.execute(update(ApprovalRequest).where(
        ApprovalRequest.id == request.id, ApprovalRequest.status.in_([RequestStatus.PENDING, RequestStatus.RETURNED]))
        .values(status=ApprovalRequest.status))
    if locked.rowcount != 1:
        raise Conflict("Files can be attached only while the request is waiting for a decision.")
    count = session.exec(select(func.count()).select_from(ApprovalAttachment)
                         .where(ApprovalAttachment.request_id == request.id)).one()
    if count >= MAX_ATTACHMENTS:
        raise Conflict(f"A request can have at most {MAX_ATTACHMENTS} files.")
    digest = hashlib.sha256(data).hexdigest()
    if session.exec(select(ApprovalAttachment.id).where(ApprovalAttachment.request_id == request.id,
                                                        ApprovalAttachment.sha256 == digest)).first():
        raise Conflict("This file is already attached.")
    content_type, extension = detected
    attachment = ApprovalAttachment(request_id=request.id, filename=safe_filename(filename, extension),
                                    content_type=content_type, size=len(data), sha256=digest, data=data,
                                    uploaded_at=now)
    session.add(attachment)
    session.flush()
    audit.record(session, actor_id=actor.member_id, action="approval_attachment_added", entity="approval_request",
                 entity_id=request.id, attachment=attachment.id, size=attachment.size, type=content_type)
    return attachment


def attachment_for(*, session: Session, actor: Actor, attachment_id: object) -> ApprovalAttachment:
    """A file for download: only the request's member and reviewers get it; for anyone else it does not exist."""
    attachment = session.get(ApprovalAttachment, attachment_id) if _is_id(attachment_id) else None
    if attachment is None:
        raise NotFound("No such file.")
    try:
        _visible_request(session, actor, attachment.request_id)
    except NotFound as error:
        raise NotFound("No such file.") from error
    return attachment


# --- The committee's side --------------------------------------------------------------------------

def review_queue(*, session: Session, actor: Actor, now: datetime) -> list[RequestLine]:
    """Pending requests, the one due soonest first; a reviewer's own ones are listed but marked (R000-04)."""
    actor.require(Role.REVIEWER)
    today = _today(session, now)
    rows = session.exec(select(ApprovalRequest).where(ApprovalRequest.status == RequestStatus.PENDING)).all()
    lines = [_line(session, r, today, viewer=actor) for r in rows]
    return sorted(lines, key=lambda line: (line.due_on, line.request_id))


def _decidable(session: Session, actor: Actor, request_id: object) -> ApprovalRequest:
    actor.require(Role.REVIEWER)
    request = session.get(ApprovalRequest, request_id) if _is_id(request_id) else None
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


def _tell_member(session: Session, request: ApprovalRequest, settings: Settings, subject: str, body: str) -> None:
    member = _member(session, request.member_id)
    _email(session, to=member.email, subject=subject,
               body=f"Dear {member.full_name},\n\n{body}\n\nYour request: "
                    f"{_link(settings, f'/requests/{request.id}')}\n\nThe CE committee\n")


def approve(*, session: Session, actor: Actor, request_id: object, hours: object = None, category_id: object = None,
            note: object = "", now: datetime, settings: Settings) -> Activity:
    """Approve a request, possibly for other hours or another category; the activity joins the catalog (R000-03)."""
    request = _decidable(session, actor, request_id)
    approved_hours = request.hours if hours in (None, "") else parse_request_hours(hours)
    program_id = session.get(Category, request.category_id).program_id
    category = session.get(Category, request.category_id) if category_id in (None, "") else _category(
        session, program_id, category_id)
    text = _text(note, "note", 2000, required=False)
    _decide(session, actor, request, now, status=RequestStatus.APPROVED, decided_at=now,
            decided_by=actor.member_id, decision_note=text, approved_hours=approved_hours,
            approved_category_id=category.id)
    activity = Activity(kind=ActivityKind.COURSE, title=request.title, provider=request.provider,
                        description=request.description, format=request.format, url=request.url,
                        starts_on=request.starts_on, ends_on=request.ends_on, hours=approved_hours,
                        category_id=category.id, pre_approved=True, created_at=now)
    session.add(activity)
    session.flush()
    request.activity_id = activity.id
    program = load_program(session, program_id)
    _, record_by = claim_window(program, activity, request)
    changed = "" if (approved_hours, category.id) == (request.hours, request.category_id) else (
        f" (you asked for {fmt.hours(request.hours)} {session.get(Category, request.category_id).name} hours)")
    _tell_member(session, request, settings, f"Approved: {request.title}",
                 f"The CE committee approved “{request.title}” for {fmt.hours(approved_hours)} {category.name} "
                 f"hours{changed}." + (f"\n\nNote from the committee: {text}" if text else "")
                 + "\n\n" + after_approval(program, ends_on=activity.ends_on, today=local_date(program, now),
                                           record_by=record_by))
    audit.record(session, actor_id=actor.member_id, action="approval_approved", entity="approval_request",
                 entity_id=request.id, hours=approved_hours, category=category.name, activity=activity.id)
    session.flush()
    return activity


def decline(*, session: Session, actor: Actor, request_id: object, reason: object, now: datetime,
            settings: Settings) -> None:
    """Decline a request with the reason the member is emailed (R000-03)."""
    request = _decidable(session, actor, request_id)
    text = _text(reason, "reason", 2000, required=True)
    _decide(session, actor, request, now, status=RequestStatus.DECLINED, decided_at=now, decided_by=actor.member_id,
            decision_note=text)
    _tell_member(session, request, settings, f"Not approved: {request.title}",
                 f"The CE committee did not approve “{request.title}” for CE credit.\n\nReason: {text}")
    audit.record(session, actor_id=actor.member_id, action="approval_declined", entity="approval_request",
                 entity_id=request.id)
    session.flush()


def return_with_question(*, session: Session, actor: Actor, request_id: object, question: object, now: datetime,
                         settings: Settings) -> None:
    """Send a request back to its member with a question; their answer puts it back in the queue."""
    request = _decidable(session, actor, request_id)
    text = _text(question, "question", 2000, required=True)
    _decide(session, actor, request, now, status=RequestStatus.RETURNED)
    session.add(ApprovalMessage(request_id=request.id, author_id=actor.member_id, kind=MessageKind.QUESTION,
                                body=text, at=now))
    _tell_member(session, request, settings, f"A question about your request: {request.title}",
                 f"The CE committee has a question about “{request.title}”:\n\n{text}\n\n"
                 "Please answer it on the request's page; the committee then reviews the request again.")
    audit.record(session, actor_id=actor.member_id, action="approval_returned", entity="approval_request",
                 entity_id=request.id)
    session.flush()

