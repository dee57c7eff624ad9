"""What members earn credit for: catalog courses and multi-day events."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from ce_tracker.clock import utcnow
from ce_tracker.models.types import Hours, UTCDateTime


class ActivityKind(str, enum.Enum):
    COURSE = "course"
    EVENT = "event"


class Activity(SQLModel, table=True):
    """A pre-approved course in the catalog, or a live event with days."""

    # The catalog asks "courses still listed": kind and end date, newest first.
    __table_args__ = (
        Index("ix_activity_kind_ends_on", "kind", "ends_on"),
        CheckConstraint("ends_on >= starts_on", name="ck_activity_dates"),
        CheckConstraint("hours IS NULL OR hours >= 0", name="ck_activity_hours_not_negative"),
        CheckConstraint("increment > 0", name="ck_activity_increment_positive"),
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: ActivityKind
    title: str = Field(max_length=200)
    provider: str = Field(default="", max_length=200)
    location: str = Field(default="", max_length=200)
    description: str = Field(default="", max_length=4000)
    format: str = Field(default="", max_length=40)  # in person, online (live), online (on demand), hybrid
    url: str = Field(default="", max_length=500)
    starts_on: date
    ends_on: date
    # For a course, the hours it is worth; for an event the days carry credits.
    hours: Decimal | None = Field(default=None, sa_column=Column(Hours))
    category_id: int | None = Field(default=None, foreign_key="category.id")
    increment: Decimal = Field(default=Decimal("0.25"), sa_column=Column(Hours, nullable=False))
    designation: str = Field(default="", max_length=2000)
    pre_approved: bool = True
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))


class EventDay(SQLModel, table=True):
    """One day of an event with the most credits a person can earn that day."""

    __table_args__ = (
        UniqueConstraint("activity_id", "day"),
        CheckConstraint("max_credits > 0", name="ck_eventday_max_credits_positive"),  # R002-07
    )

    id: int | None = Field(default=None, primary_key=True)
    activity_id: int = Field(foreign_key="activity.id", index=True)
    day: date
    max_credits: Decimal = Field(sa_column=Column(Hours, nullable=False))
    # A designated session: this day counts in its own category, overriding the event's.
    category_id: int | None = Field(default=None, foreign_key="category.id")


class Registration(SQLModel, table=True):
    """A member registered for one event day; only these days are claimable."""

    __table_args__ = (UniqueConstraint("member_id", "event_day_id"),)

    id: int | None = Field(default=None, primary_key=True)
    member_id: int = Field(foreign_key="member.id", index=True)
    event_day_id: int = Field(foreign_key="eventday.id", index=True)
    source: str = Field(default="import", max_length=40)
    imported_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
