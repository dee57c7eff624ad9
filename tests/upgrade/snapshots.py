"""The releases' demo databases kept as test data, and how to load one into SQLite or PostgreSQL.

Each release leaves two files in ``releases/`` (made by ``python -m tests.upgrade.make_snapshot``):

* ``<date>-<commit>.sql``: the release's demo database as an SQLite dump (schema and rows), text so that a
  diff shows what changed. Loaded as it is into SQLite, it *is* that release's database.
* ``<date>-<commit>.json``: what the release itself said about that data: its Alembic revision, the clock its
  demo ran at, every term's hours as the release's own code counted them, and a SHA-256 of each of its
  migration files.

PostgreSQL gets the same rows in the schema that release's migrations build there: the test database is
migrated to the release's revision (the migration files of a release never change after it: a test holds
them to the release's hashes), then every
row is copied in as text, which PostgreSQL reads into each column's own type (SQLite's 0/1 into a boolean,
its ISO text into dates and instants, read as UTC), and each id sequence is moved past the highest id.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import MetaData, create_engine, text

from alembic import command
from ce_tracker.migrate import alembic_config

RELEASES = Path(__file__).resolve().parent / "releases"
VERSION_TABLE = "alembic_version"


@dataclass(frozen=True)
class Snapshot:
    """One release's demo database and what the release said about it."""

    sql: Path
    facts: dict

    @property
    def name(self) -> str:
        return self.sql.stem

    @property
    def revision(self) -> str:
        return self.facts["revision"]

    @property
    def clock(self) -> datetime:
        """The instant the release's demo ran at: the data's 'today'."""
        return datetime.fromisoformat(self.facts["demo_clock"])


def snapshots() -> list[Snapshot]:
    """Every release kept, oldest first."""
    return [Snapshot(sql, json.loads(sql.with_suffix(".json").read_text()))
            for sql in sorted(RELEASES.glob("*.sql"))]


def load_sqlite(snapshot: Snapshot, path: Path) -> Path:
    """The release's database in a new SQLite file at ``path``, in WAL mode as the app keeps it."""
    with closing(sqlite3.connect(path, isolation_level=None)) as connection:
        connection.executescript(snapshot.sql.read_text())
        connection.execute("PRAGMA journal_mode=WAL")
    return path


def rows_by_table(connection: sqlite3.Connection) -> Iterator[tuple[str, list[str], list[tuple]]]:
    """Each user table of an SQLite database: its name, columns and rows (in id order)."""
    tables = [name for (name,) in connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    for table in tables:
        cursor = connection.execute(f'SELECT * FROM "{table}" ORDER BY rowid')
        yield table, [column[0] for column in cursor.description], cursor.fetchall()


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _as_text(value: object) -> object:
    """PostgreSQL parses text into the column's type; bytes stay bytes (bytea)."""
    return value if value is None or isinstance(value, bytes) else str(value)


def load_postgres(snapshot: Snapshot, url: str) -> None:
    """The release's database in the empty PostgreSQL database at ``url`` (see the module's docstring)."""
    config = alembic_config(url)
    config.attributes["skip_logging"] = True
    command.upgrade(config, snapshot.revision)
    source = sqlite3.connect(":memory:")
    source.executescript(snapshot.sql.read_text())
    engine = create_engine(url)
    try:
        schema = MetaData()
        schema.reflect(engine)
        with closing(source), engine.begin() as target:
            target.execute(text("SET TIME ZONE 'UTC'"))
            data = {table: (columns, rows) for table, columns, rows in rows_by_table(source)
                    if table != VERSION_TABLE}
            unknown = set(data) - set(schema.tables)
            assert not unknown, f"tables in the snapshot but not in revision {snapshot.revision}: {unknown}"
            for table in schema.sorted_tables:  # parents before the rows that refer to them
                columns, rows = data.get(table.name, ([], []))
                if rows:
                    insert = text(f"INSERT INTO {_quoted(table.name)} ({', '.join(map(_quoted, columns))}) "
                                  f"VALUES ({', '.join(f':p{i}' for i in range(len(columns)))})")
                    target.execute(insert, [{f"p{i}": _as_text(v) for i, v in enumerate(row)} for row in rows])
                if "id" in table.c:  # a table without a sequence gets NULL here, which setval ignores
                    target.execute(text(f"SELECT setval(pg_get_serial_sequence(:table, 'id'), "
                                        f"(SELECT coalesce(max(id), 0) + 1 FROM {_quoted(table.name)}), false)"),
                                   {"table": _quoted(table.name)})
    finally:
        engine.dispose()
