"""Certification programs as stored data, and each member's terms in them."""

from __future__ import annotations

import enum
from datetime import date
from decimal import Decimal

from sqlalchemy import CheckConstraint, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from ce_tracker.models.types import Hours


class ProgramRow(SQLModel, table=True):
    """A certification program; ``services.programs`` turns it into a rules ``Program``."""

    __tablename__ = "program"
    __table_args__ = (CheckConstraint("total_hours > 0", name="ck_program_total_hours_positive"),)

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, max_length=20)
    name: str = Field(max_length=120)
    term_years: int
    total_hours: Decimal = Field(sa_column=Column(Hours, nullable=False))
    recording_window_days: int
    approval_window_days: int
    review_days: int
    timezone: str = Field(max_length=64)


class CapGroupRow(SQLModel, table=True):
    """Categories whose hours together count only up to a cap."""

    __tablename__ = "cap_group"
    __table_args__ = (
        UniqueConstraint("program_id", "name"),
        CheckConstraint("max_hours >= 0", name="ck_capgroup_max_hours_not_negative"),
    )

    id: int | None = Field(default=None, primary_key=True)
    program_id: int = Field(foreign_key="program.id", index=True)
    name: str = Field(max_length=80)
    max_hours: Decimal = Field(sa_column=Column(Hours, nullable=False))


class Category(SQLModel, table=True):
    """A program's credit category with its minimum and maximum counted hours."""

    __table_args__ = (
        UniqueConstraint("program_id", "name"),
        CheckConstraint("min_hours >= 0", name="ck_category_min_hours_not_negative"),
        CheckConstraint("max_hours IS NULL OR max_hours >= min_hours", name="ck_category_max_hours"),
    )

    id: int | None = Field(default=None, primary_key=True)
    program_id: int = Field(foreign_key="program.id", index=True)
    name: str = Field(max_length=60)
    position: int = 0
    min_hours: Decimal = Field(sa_column=Column(Hours, nullable=False))
    max_hours: Decimal | None = Field(default=None, sa_column=Column(Hours))
    required: bool = False
    cap_group_id: int | None = Field(default=None, foreign_key="cap_group.id")


class TermStatus(str, enum.Enum):
    ACTIVE = "active"
    RENEWED = "renewed"
    LAPSED = "lapsed"


class CertificationTerm(SQLModel, table=True):
    """One member's five-year (per program) certification period."""

    __table_args__ = (
        UniqueConstraint("member_id", "program_id", "starts_on"),
        CheckConstraint("ends_on >= starts_on", name="ck_certificationterm_dates"),
    )

    id: int | None = Field(default=None, primary_key=True)
    member_id: int = Field(foreign_key="member.id", index=True)
    program_id: int = Field(foreign_key="program.id")
    starts_on: date
    ends_on: date
    status: TermStatus = TermStatus.ACTIVE
    # The program version the term is judged by; None follows the program's current rules. Editing a program
    # pins every unpinned term to the version it was under first (services.program_admin), so an edit never
    # rewrites a running term unless staff apply it.
    program_version_id: int | None = Field(default=None, foreign_key="program_version.id")
