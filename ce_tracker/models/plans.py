"""What-if plans a member keeps, and the versions of a program's rules.

A plan is never a credit: it only feeds the rules engine's "what if". A program version is
the frozen text of a program's rules at one moment; a term pinned to a version keeps being judged by it when
staff edit the program.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from ce_tracker.clock import utcnow
from ce_tracker.models.types import Hours, UTCDateTime


class PlannedActivity(SQLModel, table=True):
    """One activity a member means to do: its category name, hours and date; ``done`` once turned into credit."""

    id: int | None = Field(default=None, primary_key=True)
    member_id: int = Field(foreign_key="member.id", index=True)
    title: str = Field(max_length=200)
    category: str = Field(max_length=60)  # a category name: plans count toward every program accepting it
    hours: Decimal = Field(sa_column=Column(Hours, nullable=False))
    planned_on: date
    activity_id: int | None = Field(default=None, foreign_key="activity.id")  # a catalog course, if chosen
    done_as: str = Field(default="", max_length=40)  # "", "approval request #12", "course claim #7"
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))


class ProgramVersion(SQLModel, table=True):
    """A program's rules as saved at one moment (``rules`` is ``rules.program_data.as_data``'s JSON form)."""

    __tablename__ = "program_version"
    __table_args__ = (UniqueConstraint("program_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    program_id: int = Field(foreign_key="program.id", index=True)
    number: int
    rules: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    created_by: int | None = Field(default=None, foreign_key="member.id")
