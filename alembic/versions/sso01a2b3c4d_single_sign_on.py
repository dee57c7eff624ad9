"""Single sign-on with the society's account (R000-27): links to the provider's subjects, sign-ins sent to the
provider and not yet back, and which sessions a provider sign-in opened (their sign-out ends the provider's too).

A link is unique per (issuer, subject) and per (issuer, member). Adding a column rebuilds no table (SQLite's
ALTER TABLE ADD COLUMN), so the triggers of the rules migration stay.

Revision ID: sso01a2b3c4d
Revises: review01a2b3
Create Date: 2026-12-05 12:07:01.619266

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel  # noqa: F401  (column types the models use)
import ce_tracker.models.types  # noqa: F401


# revision identifiers, used by Alembic.
revision: str = 'sso01a2b3c4d'
down_revision: Union[str, Sequence[str], None] = 'review01a2b3'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('oidcrequest',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('state_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('browser_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('nonce', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('code_verifier', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('next_path', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('created_at', ce_tracker.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', ce_tracker.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('used_at', ce_tracker.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('state_hash')
    )
    op.create_index(op.f('ix_oidcrequest_created_at'), 'oidcrequest', ['created_at'], unique=False)

    op.create_table('oidclink',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('issuer', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
    sa.Column('subject', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('linked_by', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('linked_at', ce_tracker.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_sign_in_at', ce_tracker.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('issuer', 'member_id'),
    sa.UniqueConstraint('issuer', 'subject')
    )
    op.create_index(op.f('ix_oidclink_member_id'), 'oidclink', ['member_id'], unique=False)

    # Every session before this one was opened with a password: false is their true value, no backfill needed.
    op.add_column('loginsession', sa.Column('sso', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('loginsession', schema=None) as batch_op:
        batch_op.drop_column('sso')

    op.drop_index(op.f('ix_oidclink_member_id'), table_name='oidclink')

    op.drop_table('oidclink')
    op.drop_index(op.f('ix_oidcrequest_created_at'), table_name='oidcrequest')

    op.drop_table('oidcrequest')
