"""The database enforces what it can of the rules: no negative hours or credits, ends not before starts,
a day's maximum above 0, and the uniques that lived only in code.

CHECK constraints: PostgreSQL adds them in place. SQLite cannot add a CHECK to an existing table
without rebuilding it, and rebuilding a table that other tables reference fails with foreign keys on
(the implicit DELETE of the drop breaks them, even deferred). So on SQLite the same conditions are
BEFORE INSERT/UPDATE triggers that abort with the constraint's name; a database made from the models
(``create_all``) has them as real CHECKs. The uniques are unique indexes on both.

A later SQLite batch migration that rebuilds one of these tables drops its triggers: such a migration must
create that table's triggers again (this one runs after the features' migrations for that reason).

Revision ID: svc01a2b3c4d
Revises: sess01d4e5f6
Create Date: 2026-12-02 04:10:00

"""
from typing import Sequence, Union

from alembic import op


# revision identifiers, used by Alembic.
revision: str = 'svc01a2b3c4d'
down_revision: Union[str, Sequence[str], None] = 'sess01d4e5f6'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# (table, name, condition, columns the condition reads): the same as the models' CheckConstraints.
CHECKS = (
    ("activity", "ck_activity_dates", "ends_on >= starts_on", ("starts_on", "ends_on")),
    ("activity", "ck_activity_hours_not_negative", "hours IS NULL OR hours >= 0", ("hours",)),
    ("activity", "ck_activity_increment_positive", "increment > 0", ("increment",)),
    ("eventday", "ck_eventday_max_credits_positive", "max_credits > 0", ("max_credits",)),
    ("daycredit", "ck_daycredit_credits_not_negative", "credits >= 0", ("credits",)),
    ("eventsubmission", "ck_eventsubmission_total_not_negative", "total >= 0", ("total",)),
    ("creditclaim", "ck_creditclaim_hours_not_negative", "hours >= 0", ("hours",)),
    ("approvalrequest", "ck_approvalrequest_dates", "ends_on >= starts_on", ("starts_on", "ends_on")),
    ("approvalrequest", "ck_approvalrequest_hours_positive", "hours > 0", ("hours",)),
    ("approvalrequest", "ck_approvalrequest_approved_hours_positive",
     "approved_hours IS NULL OR approved_hours > 0", ("approved_hours",)),
    ("approvalattachment", "ck_approvalattachment_size_not_negative", "size >= 0", ("size",)),
    ("renewalapplication", "ck_renewalapplication_fee_not_negative", "fee_cents >= 0", ("fee_cents",)),
    ("program", "ck_program_total_hours_positive", "total_hours > 0", ("total_hours",)),
    ("cap_group", "ck_capgroup_max_hours_not_negative", "max_hours >= 0", ("max_hours",)),
    ("category", "ck_category_min_hours_not_negative", "min_hours >= 0", ("min_hours",)),
    ("category", "ck_category_max_hours", "max_hours IS NULL OR max_hours >= min_hours",
     ("min_hours", "max_hours")),
    ("certificationterm", "ck_certificationterm_dates", "ends_on >= starts_on", ("starts_on", "ends_on")),
)
UNIQUES = (
    ("approvalrequest", "uq_approvalrequest_activity_id", ["activity_id"]),
    ("approvalattachment", "uq_approvalattachment_request_id_sha256", ["request_id", "sha256"]),
)


def _new(condition: str) -> str:
    """The condition about the row being written: ``hours >= 0`` becomes ``NEW.hours >= 0``."""
    words = condition.split(" ")
    keywords = {"IS", "NULL", "OR", "NOT", "AND", ">=", ">", "<=", "<", "=", "0"}
    return " ".join(w if w in keywords else f"NEW.{w}" for w in words)


def upgrade() -> None:
    """Upgrade schema."""
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table, name, condition, columns in CHECKS:
        if not sqlite:
            op.create_check_constraint(name, table, condition)
            continue
        fail = f"SELECT RAISE(ABORT, 'CHECK constraint failed: {name}')"
        op.execute(f"CREATE TRIGGER {name}_insert BEFORE INSERT ON {table} "
                   f"WHEN NOT ({_new(condition)}) BEGIN {fail}; END")
        op.execute(f"CREATE TRIGGER {name}_update BEFORE UPDATE OF {', '.join(columns)} ON {table} "
                   f"WHEN NOT ({_new(condition)}) BEGIN {fail}; END")
    for table, name, columns in UNIQUES:
        op.create_index(name, table, columns, unique=True)


def downgrade() -> None:
    """Downgrade schema."""
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table, name, _ in reversed(UNIQUES):
        op.drop_index(name, table_name=table)
    for table, name, _, _ in reversed(CHECKS):
        if sqlite:
            op.execute(f"DROP TRIGGER IF EXISTS {name}_update")
            op.execute(f"DROP TRIGGER IF EXISTS {name}_insert")
        else:
            op.drop_constraint(name, table, type_="check")
