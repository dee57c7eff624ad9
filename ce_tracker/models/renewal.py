"""Renewal applications: a member's application to renew a term, its fee, and headquarters' verification."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, Column
from sqlmodel import Field, SQLModel

from ce_tracker.clock import utcnow
from ce_tracker.models.types import UTCDateTime


class RenewalStatus(str, enum.Enum):
    SUBMITTED = "submitted"  # in headquarters' verification queue
    VERIFIED = "verified"  # the next term was opened
    REJECTED = "rejected"  # returned to the member with a reason; the member may apply again


class RenewalApplication(SQLModel, table=True):
    """A member's application to renew a term, verified by headquarters.

    One row per term (unique): applying again after a return updates this row,
    so two tabs can never file two applications for one term.
    """

    __table_args__ = (CheckConstraint("fee_cents >= 0", name="ck_renewalapplication_fee_not_negative"),)

    id: int | None = Field(default=None, primary_key=True)
    member_id: int = Field(foreign_key="member.id", index=True)
    term_id: int = Field(foreign_key="certificationterm.id", unique=True)
    fee_reference: str = Field(default="", max_length=100)  # the payment's reference; never card data
    # What the member quotes when paying (invoice number); payments are matched to it.
    invoice_reference: str | None = Field(default=None, unique=True, max_length=40)
    status: RenewalStatus = RenewalStatus.SUBMITTED
    submitted_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    attested_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))
    fee_cents: int = 0  # the fee in force when the member applied
    currency: str = Field(default="USD", max_length=3)
    paid_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))
    payment_method: str = Field(default="", max_length=40)  # "recorded by staff" or a provider's name
    payment_recorded_by: int | None = Field(default=None, foreign_key="member.id")
    return_reason: str = Field(default="", max_length=2000)
    verified_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))
    verified_by: int | None = Field(default=None, foreign_key="member.id")
    next_term_id: int | None = Field(default=None, foreign_key="certificationterm.id")
