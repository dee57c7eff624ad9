"""The security review: one live calendar feed per member; the Board's audit samples keep why one was redrawn.

Calendar feeds: a partial unique index over the feeds not revoked. Two "new address" clicks at once could each
find no live feed and add one, leaving two live addresses. A database where that happened keeps the newest feed
of each member live and revokes the older ones, as of the moment the newest was made (when the click should
have revoked them), before the index is created; otherwise creating it would fail on such a database.

Audit samples: drawing again over a period an earlier sample covers names that sample and gives a reason. The
samples drawn before have neither (an empty reason).

Revision ID: review01a2b3
Revises: status01a2b3
Create Date: 2026-12-03 09:00:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (column types the models use)
from alembic import op


revision: str = 'review01a2b3'
down_revision: Union[str, Sequence[str], None] = 'status01a2b3'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

LIVE = "revoked_at IS NULL"


def upgrade() -> None:
    op.execute(f"""
        UPDATE calendarfeed SET revoked_at = (
            SELECT newest.created_at FROM calendarfeed AS newest
            WHERE newest.member_id = calendarfeed.member_id AND newest.{LIVE}
            ORDER BY newest.id DESC LIMIT 1)
        WHERE {LIVE} AND id NOT IN (SELECT max(id) FROM calendarfeed WHERE {LIVE} GROUP BY member_id)""")
    op.create_index("ux_calendarfeed_one_active", "calendarfeed", ["member_id"], unique=True,
                    sqlite_where=sa.text(LIVE), postgresql_where=sa.text(LIVE))
    with op.batch_alter_table('audit_sample', schema=None) as batch_op:
        batch_op.add_column(sa.Column('redraw_of', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False,
                                      server_default=''))
        batch_op.create_foreign_key('fk_audit_sample_redraw_of', 'audit_sample', ['redraw_of'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('audit_sample', schema=None) as batch_op:
        batch_op.drop_constraint('fk_audit_sample_redraw_of', type_='foreignkey')
        batch_op.drop_column('reason')
        batch_op.drop_column('redraw_of')
    op.drop_index("ux_calendarfeed_one_active", table_name="calendarfeed")
