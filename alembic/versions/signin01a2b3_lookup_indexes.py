"""Indexes for two lookups that read a whole table:

* sign-in looks a person up by lower(email), lower(username) or lower(member_number), which the plain unique
  indexes cannot serve, so every sign-in read the whole member table;
* the submit reads its sealed days, and the renewal evidence and queue split every submission by category, by
  daycredit.submission_id, so each read scanned every saved day of the society.

Creating an index rebuilds no table, so the triggers of the rules migration stay.

Revision ID: signin01a2b3
Revises: svc01a2b3c4d
Create Date: 2026-12-02 07:30:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op


revision: str = 'signin01a2b3'
down_revision: Union[str, Sequence[str], None] = 'svc01a2b3c4d'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

COLUMNS = ("email", "username", "member_number")


def upgrade() -> None:
    for name in COLUMNS:
        op.create_index(f"ix_member_lower_{name}", "member", [sa.text(f"lower({name})")])
    op.create_index("ix_daycredit_submission_id", "daycredit", ["submission_id"])


def downgrade() -> None:
    op.drop_index("ix_daycredit_submission_id", table_name="daycredit")
    for name in COLUMNS:
        op.drop_index(f"ix_member_lower_{name}", table_name="member")
