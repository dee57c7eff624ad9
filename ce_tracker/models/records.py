"""What the system keeps about itself: the audit log and the email outbox."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column
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
    # A reminder's one-click unsubscribe address (RFC 8058): sent as List-Unsubscribe with List-Unsubscribe-Post.
    list_unsubscribe: str | None = Field(default=None, max_length=500)
