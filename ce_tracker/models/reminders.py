"""Reminders sent, and the kinds each member turned off.

A reminder is a row before it is an email: the unique (member, kind, key) makes each one exactly once, across
restarts and several workers at once (the second insert fails and its worker sends nothing).
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from ce_tracker.clock import utcnow
from ce_tracker.models.types import UTCDateTime


class ReminderKind(str, enum.Enum):
    TERM_END = "term_end"  # the term ends in 12, 6, 3 or 1 months, with the shortfall per category
    RECORDING = "recording"  # a recording window closes in 7 or 2 days
    GRACE = "grace"  # the term ended; what is still pending
    REVIEW = "review"  # to a reviewer: a request nearing its 2-week target


class Reminder(SQLModel, table=True):
    """One reminder sent to one person; ``key`` names the occasion (term and months, activity and days...)."""

    __table_args__ = (UniqueConstraint("member_id", "kind", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    member_id: int = Field(foreign_key="member.id", index=True)
    kind: str = Field(max_length=20)
    key: str = Field(max_length=80)
    sent_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    # SHA-256 of the one-click unsubscribe token in the email; the token itself is never stored.
    unsubscribe_hash: str = Field(unique=True, max_length=64)


class ReminderOptOut(SQLModel, table=True):
    """A kind of reminder a person does not want."""

    __table_args__ = (UniqueConstraint("member_id", "kind"),)

    id: int | None = Field(default=None, primary_key=True)
    member_id: int = Field(foreign_key="member.id", index=True)
    kind: str = Field(max_length=20)
    at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
