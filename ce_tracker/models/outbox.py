"""The email outbox: every message the system sends, delivered after the transaction that queued it commits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column
from sqlmodel import Field, SQLModel

from ce_tracker.clock import utcnow
from ce_tracker.models.types import UTCDateTime


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
    # Delivery bookkeeping: a failed send waits ``next_attempt_at`` (growing) and is tried again;
    # ``claimed_until`` keeps two workers off one message without marking it sent before it is.
    attempts: int = 0
    next_attempt_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))
    claimed_until: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))
    # The body holds a live link until this moment or until it is sent, whichever is first; then it is scrubbed.
    scrub_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))
    # A reminder's one-click unsubscribe address (RFC 8058): sent as List-Unsubscribe with List-Unsubscribe-Post.
    list_unsubscribe: str | None = Field(default=None, max_length=500)
