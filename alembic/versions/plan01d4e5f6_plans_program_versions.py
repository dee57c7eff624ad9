"""What-if plans, program versions, and the version a term is judged by.

``certificationterm.program_version_id`` is nullable: None follows the program's current rules, so existing
terms upgrade in place unchanged.

Revision ID: plan01d4e5f6
Revises: life01a2b3c4
Create Date: 2026-12-02 04:50:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel  # noqa: F401  (column types the models use)
import ce_tracker.models.types  # noqa: F401


revision: str = 'plan01d4e5f6'
down_revision: Union[str, Sequence[str], None] = 'life01a2b3c4'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('program_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('program_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('rules', sa.JSON(), nullable=False),
    sa.Column('created_at', ce_tracker.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by'], ['member.id'], ),
    sa.ForeignKeyConstraint(['program_id'], ['program.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('program_id', 'number')
    )
    with op.batch_alter_table('program_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_program_version_program_id'), ['program_id'], unique=False)
    op.create_table('plannedactivity',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('category', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('hours', ce_tracker.models.types.Hours(), nullable=False),
    sa.Column('planned_on', sa.Date(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=True),
    sa.Column('done_as', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('created_at', ce_tracker.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['activity_id'], ['activity.id'], ),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('plannedactivity', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plannedactivity_member_id'), ['member_id'], unique=False)
    with op.batch_alter_table('certificationterm', schema=None) as batch_op:
        batch_op.add_column(sa.Column('program_version_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_certificationterm_program_version', 'program_version',
                                    ['program_version_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('certificationterm', schema=None) as batch_op:
        batch_op.drop_constraint('fk_certificationterm_program_version', type_='foreignkey')
        batch_op.drop_column('program_version_id')
    with op.batch_alter_table('plannedactivity', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plannedactivity_member_id'))
    op.drop_table('plannedactivity')
    with op.batch_alter_table('program_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_program_version_program_id'))
    op.drop_table('program_version')
