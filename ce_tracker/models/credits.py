"""Credits members record: day entries, event submissions, course claims."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from ce_tracker.clock import utcnow
from ce_tracker.models.types import Hours, UTCDateTime


class DayCredit(SQLModel, table=True):
    """A member's saved credits for one registered event day (editable until submit)."""

    __table_args__ = (
        UniqueConstraint("member_id", "event_day_id"),
        CheckConstraint("credits >= 0", name="ck_daycredit_credits_not_negative"),  # R002-07
    )

    id: int | None = Field(default=None, primary_key=True)
    member_id: int = Field(foreign_key="member.id", index=True)
    event_day_id: int = Field(foreign_key="eventday.id")
    credits: Decimal = Field(sa_column=Column(Hours, nullable=False))
    # Set by the submit; a saved day whose submission_id is set can never change.
    submission_id: int | None = Field(default=None, foreign_key="eventsubmission.id", index=True)
    saved_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))


class DaySave(SQLModel, table=True):
    """One save of a day's credits that went through, under the id the member's phone gave it.

    A phone that lost its connection cannot know whether its save arrived, so it sends the save again with the
    same id; the unique (member, save id) pair makes the second one a no-op, even when both arrive at once on
    two backend workers. The id is the phone's, so it is unique only per member: one member's ids can never
    shadow another's saves.
    """

    __table_args__ = (UniqueConstraint("member_id", "save_id"),)

    id: int | None = Field(default=None, primary_key=True)
    member_id: int = Field(foreign_key="member.id")
    save_id: str = Field(max_length=64)
    event_day_id: int = Field(foreign_key="eventday.id")
    credits: Decimal = Field(sa_column=Column(Hours, nullable=False))
    saved_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))


class EventSubmission(SQLModel, table=True):
    """The one, final submit of a member's credits for an event.

    The unique constraint is what makes a second submit impossible, even from two
    tabs at the same instant.
    """

    __table_args__ = (
        UniqueConstraint("member_id", "activity_id"),  # submitted once (R002-10)
        CheckConstraint("total >= 0", name="ck_eventsubmission_total_not_negative"),
    )

    id: int | None = Field(default=None, primary_key=True)
    member_id: int = Field(foreign_key="member.id", index=True)
    activity_id: int = Field(foreign_key="activity.id", index=True)
    total: Decimal = Field(sa_column=Column(Hours, nullable=False))  # shown in "Credits Earned" (R002-12)
    submitted_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    # Struck by headquarters as wrongly recorded: kept, never deleted, and no longer counted.
    withdrawn_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))
    withdrawn_by: int | None = Field(default=None, foreign_key="member.id")
    withdrawn_reason: str = Field(default="", max_length=2000)


class ClaimStatus(str, enum.Enum):
    RECORDED = "recorded"
    WITHDRAWN = "withdrawn"


class CreditClaim(SQLModel, table=True):
    """Hours a member recorded for a completed catalog course."""

    __table_args__ = (
        UniqueConstraint("member_id", "activity_id"),  # one claim per course
        CheckConstraint("hours >= 0", name="ck_creditclaim_hours_not_negative"),  # R000-07
    )

    id: int | None = Field(default=None, primary_key=True)
    member_id: int = Field(foreign_key="member.id", index=True)
    activity_id: int = Field(foreign_key="activity.id")
    category_id: int = Field(foreign_key="category.id")
    hours: Decimal = Field(sa_column=Column(Hours, nullable=False))
    completed_on: date
    # Set when the course was approved through this member's own request (how the credit was obtained).
    approval_request_id: int | None = Field(default=None, foreign_key="approvalrequest.id")
    status: ClaimStatus = ClaimStatus.RECORDED
    # "member" when the member recorded it here; "imported" when staff imported it from past records.
    source: str = Field(default="member", max_length=20, sa_column_kwargs={"server_default": "member"})
    claimed_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    # Set when headquarters strike the credit (status WITHDRAWN): who, when and why.
    withdrawn_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))
    withdrawn_by: int | None = Field(default=None, foreign_key="member.id")
    withdrawn_reason: str = Field(default="", max_length=2000)


class Certificate(SQLModel, table=True):
    """The official participation record issued when an event is submitted."""

    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(unique=True, index=True, max_length=32)
    verification_code: str = Field(max_length=16)
    submission_id: int = Field(foreign_key="eventsubmission.id", unique=True)
    member_id: int = Field(foreign_key="member.id", index=True)
    activity_id: int = Field(foreign_key="activity.id")
    issued_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    revoked_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))
    revoked_reason: str | None = Field(default=None, max_length=500)
    revoked_by: int | None = Field(default=None, foreign_key="member.id")
