"""A sign-in's handoff code carries the session the sign-in opened (sealed under the code), so the page that
signed in and the cookie set afterwards are one session.

Revision ID: seal01a2b3c4
Revises: offl01a2b3c4
Create Date: 2026-12-05 16:00:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = 'seal01a2b3c4'
down_revision: Union[str, Sequence[str], None] = 'offl01a2b3c4'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('loginhandoff') as batch:
        batch.add_column(sa.Column('session_seal', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('loginhandoff') as batch:
        batch.drop_column('session_seal')
