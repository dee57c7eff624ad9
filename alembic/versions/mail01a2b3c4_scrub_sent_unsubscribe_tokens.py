"""Scrub the one-click unsubscribe tokens of reminders already sent from the outbox.

From here on delivery removes a reminder's token from its body and its List-Unsubscribe once the message is
sent (only the token's hash is kept, in the reminder's row); mail sent before this still holds live tokens.
Data only: no table changes.

Revision ID: mail01a2b3c4
Revises: signin01a2b3
Create Date: 2026-12-05 12:00:00

"""
import re
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op


revision: str = 'mail01a2b3c4'
down_revision: Union[str, Sequence[str], None] = 'signin01a2b3'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

TOKEN = re.compile(r"/unsubscribe/[A-Za-z0-9_-]+")
SCRUBBED = "/unsubscribe/(removed once sent)"


def upgrade() -> None:
    connection = op.get_bind()
    rows = connection.execute(sa.text("SELECT id, body, list_unsubscribe FROM outbox_email "
                                      "WHERE sent_at IS NOT NULL AND list_unsubscribe IS NOT NULL")).all()
    for row_id, body, address in rows:
        connection.execute(sa.text("UPDATE outbox_email SET body = :body, list_unsubscribe = :address "
                                   "WHERE id = :id"),
                           {"body": TOKEN.sub(SCRUBBED, body), "address": TOKEN.sub(SCRUBBED, address), "id": row_id})


def downgrade() -> None:
    """Nothing to undo: a scrubbed token cannot be brought back (its hash still unsubscribes)."""
