"""Where each verifiable credential's revocation is published: a W3C Bitstring Status List.

A credential that other software checks carries a ``credentialStatus`` naming one bit of a list we sign and
serve. Its place is given once, at random within the list (so neighbouring places tell nothing of who received
which credential or when), and never given to another credential: the unique constraints make that a fact of
the database, whatever two requests do at the same instant.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from ce_tracker.clock import utcnow
from ce_tracker.models.types import UTCDateTime

# The Bitstring Status List spec's minimum length: 16 KB of bits, for herd privacy.
STATUS_LIST_BITS = 131_072


class StatusList(SQLModel, table=True):
    """One signed ``BitstringStatusListCredential`` as last regenerated, served at a fixed address.

    ``digest`` is the SHA-256 of the bits the document holds, so a reader can tell, without re-signing, whether
    the records still say the same; ``version`` serialises regenerations (each takes the row's lock first).
    """

    __tablename__ = "statuslist"

    id: int | None = Field(default=None, primary_key=True)  # the list's number in its address
    purpose: str = Field(default="revocation", max_length=20)
    document: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    digest: str = Field(default="", max_length=64)
    version: int = Field(default=0)
    updated_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))


class StatusEntry(SQLModel, table=True):
    """One credential's bit: a certificate's or a renewed term's, never both, never reused."""

    __tablename__ = "statusentry"
    __table_args__ = (
        UniqueConstraint("list_id", "position", name="uq_statusentry_list_position"),
        CheckConstraint(f"position >= 0 AND position < {STATUS_LIST_BITS}", name="ck_statusentry_position"),
        CheckConstraint("(certificate_id IS NULL) <> (term_id IS NULL)", name="ck_statusentry_one_credential"),
    )

    id: int | None = Field(default=None, primary_key=True)
    list_id: int = Field(foreign_key="statuslist.id")
    position: int
    certificate_id: int | None = Field(default=None, foreign_key="certificate.id", unique=True)
    term_id: int | None = Field(default=None, foreign_key="certificationterm.id", unique=True)
    assigned_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
