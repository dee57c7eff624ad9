"""Designated sessions: an event day may count in its own category, overriding the event's (issue 16 item 4).

Revision ID: sess01d4e5f6
Revises: board01a7c3e2
Create Date: 2026-12-02 05:15:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = 'sess01d4e5f6'
down_revision: Union[str, Sequence[str], None] = 'board01a7c3e2'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('eventday') as batch:
        batch.add_column(sa.Column('category_id', sa.Integer(), nullable=True))
        batch.create_foreign_key('fk_eventday_category_id_category', 'category', ['category_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('eventday') as batch:
        batch.drop_constraint('fk_eventday_category_id_category', type_='foreignkey')
        batch.drop_column('category_id')
