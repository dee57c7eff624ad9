"""A member's private calendar feed: only the hash of its secret token is kept."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index, text
from sqlmodel import Field, SQLModel

from ce_tracker.clock import utcnow
from ce_tracker.models.types import UTCDateTime


class CalendarFeed(SQLModel, table=True):
    """One calendar URL a member created; revoking it (or making a new one) ends it for good.

    The URL carries a random token; a leaked table gives no working URL because only its SHA-256 is stored.
    A member has at most one live feed: the partial unique index refuses a second one even from two clicks at
    once, so an address the member replaced or revoked can never stay live beside the new one.
    """

    __table_args__ = (Index("ux_calendarfeed_one_active", "member_id", unique=True,
                            sqlite_where=text("revoked_at IS NULL"), postgresql_where=text("revoked_at IS NULL")),)

    id: int | None = Field(default=None, primary_key=True)
    member_id: int = Field(foreign_key="member.id", index=True)
    token_hash: str = Field(unique=True, max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    revoked_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))
