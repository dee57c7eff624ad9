"""The revocation status list of verifiable credentials, and certificates of struck credits revoked.

``statuslist`` holds each signed Bitstring Status List; ``statusentry`` gives each credential handed out its
place, unique in its list and per credential, so a place is never reused.

A struck submission now revokes its certificate as it is struck; certificates whose credits were struck
before are revoked here, with the strike's time, author and reason.

Revision ID: status01a2b3
Revises: mail01a2b3c4
Create Date: 2026-12-05 12:10:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel  # noqa: F401  (column types the models use)
import ce_tracker.models.types  # noqa: F401


# revision identifiers, used by Alembic.
revision: str = 'status01a2b3'
down_revision: Union[str, Sequence[str], None] = 'mail01a2b3c4'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('statuslist',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('purpose', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('document', sa.Text(), server_default='', nullable=False),
    sa.Column('digest', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', ce_tracker.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('statusentry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('list_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('certificate_id', sa.Integer(), nullable=True),
    sa.Column('term_id', sa.Integer(), nullable=True),
    sa.Column('assigned_at', ce_tracker.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('(certificate_id IS NULL) <> (term_id IS NULL)', name='ck_statusentry_one_credential'),
    sa.CheckConstraint('position >= 0 AND position < 131072', name='ck_statusentry_position'),
    sa.ForeignKeyConstraint(['certificate_id'], ['certificate.id'], ),
    sa.ForeignKeyConstraint(['list_id'], ['statuslist.id'], ),
    sa.ForeignKeyConstraint(['term_id'], ['certificationterm.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('certificate_id'),
    sa.UniqueConstraint('list_id', 'position', name='uq_statusentry_list_position'),
    sa.UniqueConstraint('term_id')
    )
    op.execute(
        "UPDATE certificate SET "
        "revoked_at = (SELECT s.withdrawn_at FROM eventsubmission s WHERE s.id = certificate.submission_id), "
        "revoked_by = (SELECT s.withdrawn_by FROM eventsubmission s WHERE s.id = certificate.submission_id), "
        "revoked_reason = substr('The credits it records were struck: ' || "
        "(SELECT s.withdrawn_reason FROM eventsubmission s WHERE s.id = certificate.submission_id), 1, 500) "
        "WHERE revoked_at IS NULL AND submission_id IN "
        "(SELECT id FROM eventsubmission WHERE withdrawn_at IS NOT NULL)")


def downgrade() -> None:
    op.drop_table('statusentry')
    op.drop_table('statuslist')
