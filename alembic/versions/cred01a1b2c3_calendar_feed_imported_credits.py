"""Calendar feeds (token hashes) and the source of a credit claim (recorded by the member or imported).

The new column gets a server default so a database with claims upgrades in place: every existing claim was
recorded by its member.

Revision ID: cred01a1b2c3
Revises: sec01a1b2c3d4
Create Date: 2026-12-02 04:00:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel  # noqa: F401  (column types the models use)
import ce_tracker.models.types  # noqa: F401


revision: str = 'cred01a1b2c3'
down_revision: Union[str, Sequence[str], None] = 'sec01a1b2c3d4'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('calendarfeed',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('created_at', ce_tracker.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', ce_tracker.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('token_hash')
    )
    with op.batch_alter_table('calendarfeed', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_calendarfeed_member_id'), ['member_id'], unique=False)
    with op.batch_alter_table('creditclaim', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False,
                                      server_default='member'))


def downgrade() -> None:
    with op.batch_alter_table('creditclaim', schema=None) as batch_op:
        batch_op.drop_column('source')
    with op.batch_alter_table('calendarfeed', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_calendarfeed_member_id'))
    op.drop_table('calendarfeed')
