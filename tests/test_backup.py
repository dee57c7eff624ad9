"""Backup and restore: a backup taken while the app writes restores to a database holding every record.

Every comparison is of whole tables (all rows, ordered by primary key) and of the schema, so a restore
that lost a row, a trigger or an index fails here, not on the day a society needs its records back.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import datetime, timezone

import pytest
from sqlalchemy import MetaData, create_engine, make_url, text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from ce_tracker import backup as backups
from ce_tracker.db import make_engine
from ce_tracker.demo import seed_demo
from tests.utils import factories
from tests.utils.db import units_for
from tests.utils.tables import Snapshot, rows, snapshot

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NOW = datetime(2026, 3, 2, 15, 0, tzinfo=timezone.utc)

Dump = Snapshot


def dump(engine: Engine) -> Dump:
    """Every table the database holds (Alembic's version too), its columns and rows (``tests.utils.tables``)."""
    metadata = MetaData()
    metadata.reflect(engine)
    return snapshot(engine, metadata)


def sqlite_schema(path) -> list[tuple]:
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name").fetchall()


def sqlite_url(path) -> str:
    return f"sqlite:///{path}"


def _cli(url: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ce_tracker", *args], cwd=ROOT, text=True, capture_output=True,
                          env={**os.environ, "CE_DATABASE_URL": url})


def _dump_of(url: str) -> Dump:
    engine = make_engine(url)
    try:
        return dump(engine)
    finally:
        engine.dispose()


@pytest.fixture
def demo_engine(engine) -> Engine:
    """The test database filled with the demo: every kind of record the app makes."""
    with Session(engine, expire_on_commit=False) as session:
        assert seed_demo(session, now=NOW)
        session.commit()
    return engine


def _path(engine: Engine):
    return engine.url.database


# --- SQLite --------------------------------------------------------------------------------------------------


def test_restore_into_a_fresh_database_finds_every_record(demo_engine, tmp_path):
    original = dump(demo_engine)
    assert sum(len(values) for _, values in original.values()) > 100 and original["member"][1]
    written = backups.backup(sqlite_url(_path(demo_engine)), tmp_path / "ce.backup")
    assert written == (tmp_path / "ce.backup").resolve()
    assert not list(tmp_path.glob(".*partial")), "the temporary file is renamed, not left behind"

    fresh = tmp_path / "restored" / "ce.db"
    backups.restore(sqlite_url(fresh), tmp_path / "ce.backup")
    assert _dump_of(sqlite_url(fresh)) == original
    assert sqlite_schema(fresh) == sqlite_schema(_path(demo_engine))  # triggers and indexes too


def test_backup_is_one_self_contained_file(demo_engine, tmp_path):
    backups.backup(sqlite_url(_path(demo_engine)), tmp_path / "ce.backup")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("ce.backup")) == ["ce.backup"]
    with sqlite3.connect(tmp_path / "ce.backup") as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert (tmp_path / "ce.backup").stat().st_mode & 0o077 == 0, "password hashes are inside: owner-only"


def test_restore_reaches_connections_the_app_holds_open(demo_engine, engine_factory, tmp_path):
    """The app keeps its pool open across a restore; its next transaction must see the restored rows."""
    backups.backup(sqlite_url(_path(demo_engine)), tmp_path / "ce.backup")
    live = engine_factory(tmp_path / "live.db")
    with live.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM member")).scalar() == 0
        pooled = connection.connection.dbapi_connection
    backups.restore(sqlite_url(tmp_path / "live.db"), tmp_path / "ce.backup")
    with live.connect() as connection:
        assert connection.connection.dbapi_connection is pooled
        assert connection.execute(text("SELECT count(*) FROM member")).scalar() == len(dump(demo_engine)["member"][1])
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    assert dump(live) == dump(demo_engine)


def test_restore_gives_up_on_a_write_that_never_ends(demo_engine, engine_factory, tmp_path, monkeypatch):
    """Python's backup retries a locked database forever; the command must fail instead of hanging."""
    monkeypatch.setattr(backups, "BUSY_TIMEOUT_MS", 300)
    backups.backup(sqlite_url(_path(demo_engine)), tmp_path / "ce.backup")
    live = engine_factory(tmp_path / "live.db")
    with live.begin() as connection:  # BEGIN IMMEDIATE: the app holds the write lock
        connection.execute(text("SELECT count(*) FROM member"))
        with pytest.raises(SystemExit, match="stayed locked.*restore not done"):
            backups.restore(sqlite_url(tmp_path / "live.db"), tmp_path / "ce.backup")


@pytest.fixture
def engine_factory() -> Iterator:
    """Empty app databases (schema, no rows) at given paths, disposed at the end."""
    from sqlmodel import SQLModel

    made: list[Engine] = []

    def make(path) -> Engine:
        engine = make_engine(sqlite_url(path))
        SQLModel.metadata.create_all(engine)
        made.append(engine)
        return engine

    yield make
    for engine in made:
        engine.dispose()


def _keep_adding_members(engine: Engine, stop: threading.Event, added: list[int]) -> None:
    """The app writing: each transaction adds a member together with its role grant and audit entry."""
    unit = units_for(engine)
    while not stop.is_set():
        with unit() as session:
            added.append(factories.person(session).member_id)


def test_backup_while_the_app_writes_is_one_committed_state(demo_engine, tmp_path):
    stop, added = threading.Event(), []
    writer = threading.Thread(target=_keep_adding_members, args=(demo_engine, stop, added))
    writer.start()
    try:
        backups_taken = []
        while len(backups_taken) < 4 and writer.is_alive():
            stop.wait(0.02)
            if len(added) > 2 * len(backups_taken):  # spread the backups across the writes
                target = tmp_path / f"ce-{len(backups_taken)}.backup"
                backups.backup(sqlite_url(_path(demo_engine)), target)
                backups_taken.append(target)
    finally:
        stop.set()
        writer.join(timeout=60)
    final = dump(demo_engine)
    counts = []
    for index, path in enumerate(backups_taken):
        restored = tmp_path / f"restored-{index}.db"
        backups.restore(sqlite_url(restored), path)
        copy = _dump_of(sqlite_url(restored))
        _assert_a_committed_prefix(copy, final)
        counts.append(len(copy["member"][1]))
    assert counts == sorted(counts) and counts[0] < counts[-1], "the backups saw the writes in progress"


def _assert_a_committed_prefix(copy: Dump, final: Dump) -> None:
    """Each member in the copy arrived whole (role grant and audit entry with it), and nothing is invented."""
    members = {row["id"] for row in rows(copy, "member")}
    assert members == {row["member_id"] for row in rows(copy, "rolegrant")}
    assert members == {row["entity_id"] for row in rows(copy, "audit_log") if row["action"] == "member_created"}
    for table, (columns, values) in copy.items():
        assert columns == final[table][0]
        assert set(values) <= set(final[table][1]), f"{table} holds rows the database never committed"


def test_restore_over_accounts_is_refused_without_force(demo_engine, engine_factory, tmp_path):
    backup_file = tmp_path / "ce.backup"
    backups.backup(sqlite_url(_path(demo_engine)), backup_file)
    other = engine_factory(tmp_path / "other.db")
    with units_for(other)() as session:
        factories.person(session, name="Kept Member")
    before = dump(other)
    with pytest.raises(SystemExit, match="already has 1 account.*--force"):
        backups.restore(sqlite_url(tmp_path / "other.db"), backup_file)
    assert dump(other) == before
    backups.restore(sqlite_url(tmp_path / "other.db"), backup_file, force=True)
    assert dump(other) == dump(demo_engine)


def test_restore_refuses_what_is_not_a_backup(engine, tmp_path):
    url = sqlite_url(_path(engine))
    with pytest.raises(SystemExit, match="No backup file"):
        backups.restore(url, tmp_path / "missing.backup")
    (tmp_path / "notes.txt").write_text("not a database")
    with pytest.raises(SystemExit, match="not a CE Tracker backup"):
        backups.restore(url, tmp_path / "notes.txt")
    with sqlite3.connect(tmp_path / "other-app.db") as connection:
        connection.execute("CREATE TABLE things (id INTEGER PRIMARY KEY)")
    with pytest.raises(SystemExit, match="no member table"):
        backups.restore(url, tmp_path / "other-app.db")
    with pytest.raises(SystemExit, match="No backup file"):
        backups.restore(url, tmp_path)  # a directory


def test_backup_refuses_a_missing_database(tmp_path):
    with pytest.raises(SystemExit, match="No SQLite database"):
        backups.backup(sqlite_url(tmp_path / "absent.db"), tmp_path / "ce.backup")
    assert not list(tmp_path.iterdir()), "no partial backup left behind"


def test_cli_round_trip(tmp_path):
    live, copy = sqlite_url(tmp_path / "live.db"), sqlite_url(tmp_path / "copy.db")
    assert _cli(live, "migrate").returncode == 0
    assert "Demo data added" in _cli(live, "demo").stdout
    made = _cli(live, "backup", str(tmp_path / "ce.backup"))
    assert made.returncode == 0, made.stderr
    assert "Backup written" in made.stdout
    restored = _cli(copy, "restore", str(tmp_path / "ce.backup"))
    assert restored.returncode == 0, restored.stderr
    assert _dump_of(copy) == _dump_of(live) and _dump_of(copy)["alembic_version"][1]
    refused = _cli(live, "restore", str(tmp_path / "ce.backup"))
    assert refused.returncode != 0 and "--force" in refused.stderr
    assert _cli(live, "restore", "--force", str(tmp_path / "ce.backup")).returncode == 0
    junk = _cli(copy, "restore", str(tmp_path / "missing.backup"))
    assert junk.returncode != 0 and "No backup file" in junk.stderr


# --- PostgreSQL: the tools' command lines ---------------------------------------------------------------------


def test_pg_password_travels_in_the_environment_only(tmp_path):
    url = make_url("postgresql+psycopg://ce:s3cret-pw@db.internal:5433/ce_tracker?sslmode=require")
    assert not any("s3cret-pw" in part for part in backups.pg_restore_command(tmp_path / "x", tmp_path / "y"))
    for command in (backups.pg_dump_command(url, tmp_path / "x"), backups.psql_restore_command(url, tmp_path / "y")):
        assert not any("s3cret-pw" in part for part in command)
        assert command[command.index("--host") + 1] == "db.internal"
        assert command[command.index("--port") + 1] == "5433"
        assert command[command.index("--username") + 1] == "ce"
        assert "--dbname=ce_tracker" in command and "--no-password" in command
    env = backups._pg_env(url)
    assert env["PGPASSWORD"] == "s3cret-pw" and env["PGSSLMODE"] == "require"


def test_pg_url_without_password_leaves_libpq_its_own(monkeypatch):
    monkeypatch.setenv("PGPASSWORD", "from-the-operator")
    assert backups._pg_env(make_url("postgresql+psycopg://ce@db/ce"))["PGPASSWORD"] == "from-the-operator"


def test_missing_pg_dump_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setattr(backups.shutil, "which", lambda name: None)
    monkeypatch.setattr(backups.glob, "glob", lambda pattern: [])
    with pytest.raises(SystemExit, match="pg_dump was not found.*postgresql-client"):
        backups.backup("postgresql+psycopg://ce@127.0.0.1/ce_tracker", tmp_path / "ce.backup")


def test_pg_tools_fall_back_to_the_newest_debian_version(monkeypatch):
    monkeypatch.setattr(backups.shutil, "which", lambda name: None)
    monkeypatch.setattr(backups.glob, "glob", lambda pattern: ["/usr/lib/postgresql/9/bin/pg_dump",
                                                             "/usr/lib/postgresql/15/bin/pg_dump"])
    assert backups._pg_tool("pg_dump") == "/usr/lib/postgresql/15/bin/pg_dump"


# --- PostgreSQL: a real server --------------------------------------------------------------------------------


@pytest.fixture
def pg_database(postgres) -> Iterator:
    """A factory of empty databases on the test server, dropped at the end."""
    admin = create_engine(postgres.url, isolation_level="AUTOCOMMIT")
    made: list[str] = []

    def make(name: str) -> str:
        with admin.connect() as connection:
            connection.execute(text(f"CREATE DATABASE {name}"))
        made.append(name)
        return postgres.url.rsplit("/", 1)[0] + f"/{name}"

    yield make
    with admin.connect() as connection:
        for name in made:
            connection.execute(text(f"DROP DATABASE {name} WITH (FORCE)"))
    admin.dispose()


@pytest.mark.postgres
def test_postgres_round_trip_finds_every_record(pg_database, tmp_path):
    live, fresh = pg_database("live"), pg_database("fresh")
    assert _cli(live, "migrate").returncode == 0
    assert "Demo data added" in _cli(live, "demo").stdout
    made = _cli(live, "backup", str(tmp_path / "ce.dump"))
    assert made.returncode == 0, made.stderr
    original = _dump_of(live)
    assert original["member"][1] and original["alembic_version"][1]

    restored = _cli(fresh, "restore", str(tmp_path / "ce.dump"))
    assert restored.returncode == 0, restored.stderr
    assert _dump_of(fresh) == original

    engine = make_engine(live)
    with units_for(engine)() as session:
        factories.person(session, name="Added After The Backup")
    refused = _cli(live, "restore", str(tmp_path / "ce.dump"))
    assert refused.returncode != 0 and "--force" in refused.stderr
    forced = _cli(live, "restore", "--force", str(tmp_path / "ce.dump"))
    assert forced.returncode == 0, forced.stderr
    assert dump(engine) == original
    with engine.connect() as connection:  # the append-only trigger came back with the table
        with pytest.raises(Exception, match="append-only"):
            connection.execute(text("DELETE FROM audit_log"))
    engine.dispose()


@pytest.mark.postgres
def test_postgres_backup_while_the_app_writes_is_one_committed_state(pg_database, tmp_path):
    live, copy = pg_database("busy"), pg_database("busy_copy")
    assert _cli(live, "migrate").returncode == 0
    engine = make_engine(live)
    stop, added = threading.Event(), []
    writer = threading.Thread(target=_keep_adding_members, args=(engine, stop, added))
    writer.start()
    try:
        while len(added) < 3 and writer.is_alive():
            stop.wait(0.05)
        backups.backup(live, tmp_path / "busy.dump")
    finally:
        stop.set()
        writer.join(timeout=60)
    backups.restore(copy, tmp_path / "busy.dump")
    restored = _dump_of(copy)
    assert restored["member"][1]
    _assert_a_committed_prefix(restored, dump(engine))
    engine.dispose()


def test_restore_refuses_a_sqlite_file_for_postgres(tmp_path, demo_engine):
    backups.backup(sqlite_url(_path(demo_engine)), tmp_path / "ce.backup")
    with pytest.raises(SystemExit, match="not a CE Tracker backup"):
        backups.restore("postgresql+psycopg://ce@127.0.0.1:1/ce_tracker", tmp_path / "ce.backup")
