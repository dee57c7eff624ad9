"""Approval requests to the CE committee: the request, the committee's criteria, messages and attachments."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, CheckConstraint, Column, Index, LargeBinary, UniqueConstraint
from sqlmodel import Field, SQLModel

from ce_tracker.clock import utcnow
from ce_tracker.models.types import Hours, UTCDateTime


class RequestStatus(str, enum.Enum):
    PENDING = "pending"  # in the committee's queue
    RETURNED = "returned"  # the committee asked a question; waiting on the member's answer
    APPROVED = "approved"
    DECLINED = "declined"


class ApprovalRequest(SQLModel, table=True):
    """A member asks the CE committee to approve an activity that is not pre-approved."""

    __table_args__ = (
        CheckConstraint("ends_on >= starts_on", name="ck_approvalrequest_dates"),
        CheckConstraint("hours > 0", name="ck_approvalrequest_hours_positive"),
        CheckConstraint("approved_hours IS NULL OR approved_hours > 0",
                        name="ck_approvalrequest_approved_hours_positive"),
        Index("uq_approvalrequest_activity_id", "activity_id", unique=True),  # one approval makes one course
    )

    id: int | None = Field(default=None, primary_key=True)
    member_id: int = Field(foreign_key="member.id", index=True)
    title: str = Field(max_length=200)
    provider: str = Field(max_length=200)
    description: str = Field(default="", max_length=4000)
    url: str = Field(default="", max_length=500)
    format: str = Field(default="", max_length=40)  # in person, online (live), online (on demand), hybrid
    category_id: int = Field(foreign_key="category.id")
    hours: Decimal = Field(sa_column=Column(Hours, nullable=False))
    starts_on: date
    ends_on: date
    status: RequestStatus = RequestStatus.PENDING
    submitted_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    # The review clock: submitted_at, restarted when the member answers a question.
    queued_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    decided_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))
    decided_by: int | None = Field(default=None, foreign_key="member.id")
    decision_note: str = Field(default="", max_length=2000)
    # What the committee approved, which may differ from what was asked.
    approved_hours: Decimal | None = Field(default=None, sa_column=Column(Hours))
    approved_category_id: int | None = Field(default=None, foreign_key="category.id")
    activity_id: int | None = Field(default=None, foreign_key="activity.id")
    # The committee's answer to each of its criteria, as judged: [{code, question, answer, note}].
    criteria: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False, server_default="[]"))
    private_note: str = Field(default="", max_length=2000)  # reviewers only; never shown to the member
    published: bool = False  # approved for all members in Upcoming Courses, not only the one who asked


class ReviewCriterion(SQLModel, table=True):
    """One question the CE committee answers on every request of a program.

    Data, not code: a program with no rows uses ``services.approvals.criteria.DEFAULT_CRITERIA`` (the seed's).
    """

    __tablename__ = "review_criterion"
    __table_args__ = (UniqueConstraint("program_id", "code"),)

    id: int | None = Field(default=None, primary_key=True)
    program_id: int = Field(foreign_key="program.id", index=True)
    code: str = Field(max_length=40)
    question: str = Field(max_length=300)
    help: str = Field(default="", max_length=500)
    position: int = 0


class MessageKind(str, enum.Enum):
    QUESTION = "question"  # reviewer to member; returns the request to the member
    ANSWER = "answer"  # member to reviewer; puts the request back in the queue


class ApprovalMessage(SQLModel, table=True):
    """One question or answer on an approval request, kept in order."""

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="approvalrequest.id", index=True)
    author_id: int = Field(foreign_key="member.id")
    kind: MessageKind
    body: str = Field(max_length=2000)
    at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))


class ApprovalAttachment(SQLModel, table=True):
    """An agenda or certificate a member attached to a request.

    Kept in the database, not in a web-served folder: it is backed up with
    everything else, every backend worker sees it, and it can only be read
    through the route that checks who is asking.
    """

    __table_args__ = (
        Index("uq_approvalattachment_request_id_sha256", "request_id", "sha256", unique=True),  # attached once
        CheckConstraint("size >= 0", name="ck_approvalattachment_size_not_negative"),
    )

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="approvalrequest.id", index=True)
    filename: str = Field(max_length=200)
    content_type: str = Field(max_length=60)  # from the file's own bytes, never the browser's claim
    size: int
    sha256: str = Field(max_length=64)
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    uploaded_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
