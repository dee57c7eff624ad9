"""The CE committee's criteria and private approvals.

A program's review questions; each request's answers, the reviewers' private note, and whether an
approved activity is published in Upcoming Courses for all members (existing approvals were: True; requests
not approved are not, as for new ones).

Revision ID: crit01a2b3c4d
Revises: plan01d4e5f6
Create Date: 2026-12-02 05:20:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = 'crit01a2b3c4d'
down_revision: Union[str, Sequence[str], None] = 'plan01d4e5f6'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('review_criterion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('program_id', sa.Integer(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('question', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('help', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['program_id'], ['program.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('program_id', 'code')
    )
    op.create_index(op.f('ix_review_criterion_program_id'), 'review_criterion', ['program_id'], unique=False)
    with op.batch_alter_table('approvalrequest') as batch:
        batch.add_column(sa.Column('criteria', sa.JSON(), nullable=False, server_default='[]'))
        batch.add_column(sa.Column('private_note', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False,
                                   server_default=''))
        # Approvals made before this revision were listed for everyone: they stay so.
        batch.add_column(sa.Column('published', sa.Boolean(), nullable=False, server_default=sa.true()))
    # A request not approved (yet) is not published, as for a request made from here on: the reviewer's
    # "publish" box starts unticked and only an approval sets it.
    op.execute(sa.text("UPDATE approvalrequest SET published = :no WHERE status <> 'APPROVED'")
               .bindparams(sa.bindparam("no", False, type_=sa.Boolean())))


def downgrade() -> None:
    with op.batch_alter_table('approvalrequest') as batch:
        batch.drop_column('published')
        batch.drop_column('private_note')
        batch.drop_column('criteria')
    op.drop_index(op.f('ix_review_criterion_program_id'), table_name='review_criterion')
    op.drop_table('review_criterion')
