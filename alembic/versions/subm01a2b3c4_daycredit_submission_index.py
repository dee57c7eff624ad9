"""An index on daycredit.submission_id: the submit reads its sealed days by it, and the renewal evidence and
queue split every submission by category by it, so each read scanned every saved day of the society.

Creating an index rebuilds no table, so the triggers of the rules migration stay.

Revision ID: subm01a2b3c4
Revises: signin01a2b3
Create Date: 2026-12-02 09:05:00

"""
from typing import Sequence, Union

from alembic import op


revision: str = 'subm01a2b3c4'
down_revision: Union[str, Sequence[str], None] = 'signin01a2b3'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_index("ix_daycredit_submission_id", "daycredit", ["submission_id"])


def downgrade() -> None:
    op.drop_index("ix_daycredit_submission_id", table_name="daycredit")
