"""The ids phones give their saves: a save sent again after a lost connection is applied once.

Revision ID: offl01a2b3c4
Revises: sso01a2b3c4d
Create Date: 2026-12-05 12:00:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel
from alembic import op

import ce_tracker.models.types

revision: str = 'offl01a2b3c4'
down_revision: Union[str, Sequence[str], None] = 'sso01a2b3c4d'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        'daysave',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('member_id', sa.Integer(), nullable=False),
        sa.Column('save_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('event_day_id', sa.Integer(), nullable=False),
        sa.Column('credits', ce_tracker.models.types.Hours(), nullable=False),
        sa.Column('saved_at', ce_tracker.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['event_day_id'], ['eventday.id'], ),
        sa.ForeignKeyConstraint(['member_id'], ['member.id'], ),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('member_id', 'save_id'),
    )


def downgrade() -> None:
    op.drop_table('daysave')
