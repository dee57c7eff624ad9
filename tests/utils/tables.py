"""One picture of a whole database, for tests that prove nothing changed, or that two databases hold the same.

``snapshot`` reads every table's rows in primary-key order (by every column where a table has none) as plain
values, JSON columns as canonical text, so two snapshots compare and hash alike on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json

from sqlalchemy import MetaData, select
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, SQLModel

Snapshot = dict[str, tuple[tuple[str, ...], list[tuple]]]  # table: (column names, rows)


def _plain(row) -> tuple:
    return tuple(json.dumps(value, sort_keys=True) if isinstance(value, dict | list) else value for value in row)


def snapshot(bind: Session | Connection | Engine, metadata: MetaData | None = None) -> Snapshot:
    """Every table of ``metadata`` (the app's tables by default; pass a reflected one to include every table the
    database holds) with its column names and rows. A session's pending changes are flushed first."""
    tables = (metadata or SQLModel.metadata).sorted_tables
    if isinstance(bind, Engine):
        with bind.connect() as connection:
            return snapshot(connection, metadata)
    return {table.name: (tuple(table.columns.keys()),
                         [_plain(row) for row in bind.execute(
                             select(table).order_by(*(table.primary_key.columns or table.columns)))])
            for table in sorted(tables, key=lambda t: t.name)}


def row_counts(bind: Session | Connection | Engine) -> dict[str, int]:
    """How many rows each table holds."""
    return {name: len(rows) for name, (_, rows) in snapshot(bind).items()}


def rows(taken: Snapshot, table: str) -> list[dict]:
    """One table of a snapshot as dicts by column name."""
    columns, values = taken[table]
    return [dict(zip(columns, row)) for row in values]


def every_value_as_text(bind: Session | Connection | Engine) -> str:
    """Every value in every table, as text (where a secret must not be)."""
    return "\n".join(str(value) for _, values in snapshot(bind).values() for row in values for value in row)
