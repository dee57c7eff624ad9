"""Requests that wait on someone: approval requests and renewal applications."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Column
from sqlmodel import Field, SQLModel

from ce_tracker.models.types import Hours, UTCDateTime, utcnow


class RequestStatus(str, enum.Enum):
    PENDING = "pending"
    APPROVED = "approved"
    DECLINED = "declined"


class ApprovalRequest(SQLModel, table=True):
    """A member asks the CE committee to approve an activity that is not pre-approved."""

    id: int | None = Field(default=None, primary_key=True)
    member_id: int = Field(foreign_key="member.id", index=True)
    title: str = Field(max_length=200)
    provider: str = Field(max_length=200)
    description: str = Field(default="", max_length=4000)
    url: str = Field(default="", max_length=500)
    category_id: int = Field(foreign_key="category.id")
    hours: Decimal = Field(sa_column=Column(Hours, nullable=False))
    starts_on: date
    ends_on: date
    status: RequestStatus = RequestStatus.PENDING
    submitted_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    decided_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))
    decided_by: int | None = Field(default=None, foreign_key="member.id")
    decision_note: str = Field(default="", max_length=2000)
    activity_id: int | None = Field(default=None, foreign_key="activity.id")


class RenewalStatus(str, enum.Enum):
    SUBMITTED = "submitted"
    VERIFIED = "verified"
    REJECTED = "rejected"


class RenewalApplication(SQLModel, table=True):
    """A member's application to renew a term, verified by headquarters."""

    id: int | None = Field(default=None, primary_key=True)
    member_id: int = Field(foreign_key="member.id", index=True)
    term_id: int = Field(foreign_key="certificationterm.id", unique=True)
    fee_reference: str = Field(default="", max_length=100)
    status: RenewalStatus = RenewalStatus.SUBMITTED
    submitted_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    verified_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))
    verified_by: int | None = Field(default=None, foreign_key="member.id")
