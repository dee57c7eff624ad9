"""What the system keeps about itself: the audit log, the email outbox and the Board's audit samples."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, BigInteger, Column
from sqlmodel import Field, SQLModel

from ce_tracker.clock import utcnow
from ce_tracker.models.types import UTCDateTime


class AuditEntry(SQLModel, table=True):
    """One change, who made it and when; rows are only ever inserted (a trigger refuses the rest)."""

    __tablename__ = "audit_log"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False, index=True))
    actor_id: int | None = Field(default=None, foreign_key="member.id")
    action: str = Field(max_length=60, index=True)
    entity: str = Field(max_length=40)
    entity_id: int | None = None
    detail: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class OutboxEmail(SQLModel, table=True):
    """Every email the system sends, kept whether or not SMTP delivered it."""

    __tablename__ = "outbox_email"

    id: int | None = Field(default=None, primary_key=True)
    to_address: str = Field(max_length=254)
    subject: str = Field(max_length=200)
    body: str
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    sent_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))
    error: str | None = None
    # Delivery bookkeeping (issue 12): a failed send waits ``next_attempt_at`` (growing) and is tried again;
    # ``claimed_until`` keeps two workers off one message without marking it sent before it is.
    attempts: int = 0
    next_attempt_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))
    claimed_until: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))
    # The body holds a live link until this moment or until it is sent, whichever is first; then it is scrubbed.
    scrub_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))
    # A reminder's one-click unsubscribe address (RFC 8058): sent as List-Unsubscribe with List-Unsubscribe-Post.
    list_unsubscribe: str | None = Field(default=None, max_length=500)


class AuditSample(SQLModel, table=True):
    """A random audit sample of renewals verified in a period, drawn by the Board of Certification.

    The seed and the size are kept with the picks, so anyone can draw the same sample again from the
    same population and see that nobody chose whom to audit.
    """

    __tablename__ = "audit_sample"

    id: int | None = Field(default=None, primary_key=True)
    drawn_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    drawn_by: int = Field(foreign_key="member.id")
    verified_from: date
    verified_to: date
    size: int
    seed: int = Field(sa_column=Column(BigInteger, nullable=False))
    population: int  # how many renewals were verified in the period when it was drawn
    application_ids: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # Drawing again over a period an earlier sample covers: the latest such sample, and the Board's reason
    # (kept, audited and shown beside both), so a sample cannot quietly be drawn until a welcome one comes.
    redraw_of: int | None = Field(default=None, foreign_key="audit_sample.id")
    reason: str = Field(default="", max_length=500)
