"""Audits: the log of every change, and the Board of Certification's random audit samples of renewals."""

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
