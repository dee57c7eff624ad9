"""Alembic environment: the URL comes from CE Tracker's settings, the schema from its models.

Every ``migrate`` is one transaction, on SQLite as on PostgreSQL: all its steps commit together or none does,
so a step that fails leaves the database exactly as it was before ``migrate`` started (both have transactional
DDL; ``make_engine`` already hands SQLite's transactions to SQLAlchemy, which begins them). A migration must
therefore never use ``autocommit_block``, which commits the steps before it.

On SQLite, a batch alteration rebuilds its table (copy, drop, rename), and dropping a table that other tables
reference breaks their foreign keys while foreign keys are enforced. So foreign keys are off while migrating
(SQLite's own recipe for altering a table); instead every step is followed by ``PRAGMA foreign_key_check``,
and any reference left dangling fails the whole ``migrate`` loudly, naming the step.
"""

from logging.config import fileConfig

from alembic.runtime.migration import MigrationContext, MigrationInfo
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

import ce_tracker.models  # noqa: F401  (registers every table)
from alembic import context
from ce_tracker.config import settings
from ce_tracker.db import make_engine

config = context.config
if config.config_file_name is not None and not config.attributes.get("skip_logging"):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = SQLModel.metadata


class DanglingReferences(RuntimeError):
    """A migration step left rows pointing at rows that do not exist; nothing of the migrate is kept."""


def url() -> str:
    return config.attributes.get("url") or settings.database_url


def run_migrations_offline() -> None:
    context.configure(url=url(), target_metadata=target_metadata, literal_binds=True,
                      render_as_batch=True, dialect_opts={"paramstyle": "named"})
    with context.begin_transaction():
        context.run_migrations()


def _set_sqlite_foreign_keys(connection: Connection, on: bool) -> None:
    """SQLite ignores this pragma inside a transaction: it is sent on the raw connection, before BEGIN."""
    assert not connection.in_transaction()
    cursor = connection.connection.dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")
    finally:
        cursor.close()


def _require_no_dangling_references(connection: Connection, step: str) -> None:
    rows = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if rows:
        found = "; ".join(f"{table} row {rowid} -> {parent}" for table, rowid, parent, _ in rows[:5])
        raise DanglingReferences(f"After {step}, {len(rows)} row(s) refer to rows that do not exist ({found}). "
                                 "The migration was rolled back: the database is as it was before migrate.")


def _check_step(ctx: MigrationContext, step: MigrationInfo, heads: set[str], run_args: dict) -> None:
    """After each step, so the message names the step that broke a reference."""
    moved = step.destination_revision_ids or ("base",)
    _require_no_dangling_references(ctx.connection, f"the step to {', '.join(moved)}")


def run_migrations_online() -> None:
    engine = make_engine(url())
    try:
        with engine.connect() as connection:
            sqlite = connection.dialect.name == "sqlite"
            if sqlite:
                _set_sqlite_foreign_keys(connection, on=False)
            try:
                context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True,
                                  transactional_ddl=True, transaction_per_migration=False,
                                  on_version_apply=_check_step if sqlite else ())
                with context.begin_transaction():
                    context.run_migrations()
            finally:
                if sqlite:
                    connection.rollback()  # nothing is open after a commit; after a failure, end it
                    _set_sqlite_foreign_keys(connection, on=True)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
