"""A member's private calendar feed: only the hash of its secret token is kept."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column
from sqlmodel import Field, SQLModel

from ce_tracker.clock import utcnow
from ce_tracker.models.types import UTCDateTime


class CalendarFeed(SQLModel, table=True):
    """One calendar URL a member created; revoking it (or making a new one) ends it for good.

    The URL carries a random token; a leaked table gives no working URL because only its SHA-256 is stored.
    """

    id: int | None = Field(default=None, primary_key=True)
    member_id: int = Field(foreign_key="member.id", index=True)
    token_hash: str = Field(unique=True, max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    revoked_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))
