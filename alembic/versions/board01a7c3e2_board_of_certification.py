"""The Board of Certification: its role, and the audit samples it draws.

PostgreSQL keeps the role names in a native enum type, which needs the new value; SQLite stores the
name as text (no constraint), so only the table is added there.

Revision ID: board01a7c3e2
Revises: cred01a1b2c3
Create Date: 2026-12-02 04:10:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import ce_tracker.models.types


revision: str = 'board01a7c3e2'
down_revision: Union[str, Sequence[str], None] = 'cred01a1b2c3'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        # Inside the migrate's one transaction (PostgreSQL 12+ allows it; the value is usable once committed).
        op.execute("ALTER TYPE role ADD VALUE IF NOT EXISTS 'BOARD'")
    op.create_table('audit_sample',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('drawn_at', ce_tracker.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('drawn_by', sa.Integer(), nullable=False),
    sa.Column('verified_from', sa.Date(), nullable=False),
    sa.Column('verified_to', sa.Date(), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('seed', sa.BigInteger(), nullable=False),
    sa.Column('population', sa.Integer(), nullable=False),
    sa.Column('application_ids', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['drawn_by'], ['member.id'], ),
    sa.PrimaryKeyConstraint('id')
    )


def downgrade() -> None:
    # PostgreSQL cannot drop one value from an enum type; an unused 'BOARD' value is harmless.
    op.drop_table('audit_sample')
