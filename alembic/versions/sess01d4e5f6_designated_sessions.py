"""Designated sessions: an event day may count in its own category, overriding the event's.

Revision ID: sess01d4e5f6
Revises: crit01a2b3c4d
Create Date: 2026-12-02 05:15:00

"""
from typing import Sequence, Union

import sqlalchemy as sa

from alembic import op

revision: str = 'sess01d4e5f6'
down_revision: Union[str, Sequence[str], None] = 'crit01a2b3c4d'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # SQLite adds a column with its REFERENCES in place; a batch copy of the table would lose its CHECKs.
        op.execute("ALTER TABLE eventday ADD COLUMN category_id INTEGER "
                   "CONSTRAINT fk_eventday_category_id_category REFERENCES category (id)")
        return
    op.add_column('eventday', sa.Column('category_id', sa.Integer(), nullable=True))
    op.create_foreign_key('fk_eventday_category_id_category', 'eventday', 'category', ['category_id'], ['id'])


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.drop_column('eventday', 'category_id')  # SQLite 3.35+ drops a column without copying the table
        return
    op.drop_constraint('fk_eventday_category_id_category', 'eventday', type_='foreignkey')
    op.drop_column('eventday', 'category_id')
