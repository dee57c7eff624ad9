"""Consistent online backups of the database, and their restore.

SQLite is copied with its own backup API, never with ``cp``: a file copy taken
while the app writes can pair pages from before a commit with pages from after
it (and misses whatever still sits in the WAL). The backup API reads one
snapshot under a read lock, which in WAL mode never blocks the app's writers.
PostgreSQL is dumped with ``pg_dump``, which reads inside one repeatable-read
transaction, and restored by ``psql`` running ``pg_restore``'s SQL in a single
transaction that first empties the schema, so a failed restore leaves the old
data in place and a successful one leaves nothing but the backup (not even the
tables a later upgrade added).

A backup is written to a temporary file beside the target and renamed over it
only when complete, so an interrupted backup never leaves a truncated file
where the last good one was. Restoring over a database that already has
accounts is refused unless forced: restore replaces every row, and typing the
wrong URL should not cost a society its records.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import URL, make_url

from ce_tracker.config import settings

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"  # the first bytes of every pg_dump --format=custom archive
ACCOUNTS_TABLE = "member"
BUSY_TIMEOUT_MS = 10_000  # as the app's own connections (ce_tracker.db)

# URL query parameters passed on to libpq by environment, so the tools connect as the app does.
_LIBPQ_ENV = {"sslmode": "PGSSLMODE", "sslrootcert": "PGSSLROOTCERT", "sslcert": "PGSSLCERT",
              "sslkey": "PGSSLKEY", "connect_timeout": "PGCONNECT_TIMEOUT", "application_name": "PGAPPNAME"}


def backup(url: str | None, path: str | os.PathLike[str]) -> Path:
    """Write a consistent copy of the database at ``url`` (default: the configured one) to ``path``."""
    parsed = make_url(url or settings.database_url)
    target = Path(path).resolve()
    if not str(path) or target.is_dir():
        raise SystemExit(f"Give a file to write the backup to, not {str(path)!r}.")
    target.parent.mkdir(parents=True, exist_ok=True)
    with _temporary_beside(target) as temporary:
        if _is_sqlite(parsed):
            _sqlite_backup(_sqlite_path(parsed), temporary)
        elif _is_postgres(parsed):
            _pg_dump(parsed, temporary)
        else:
            raise SystemExit(f"Backups are made for SQLite and PostgreSQL only, not {parsed.drivername}.")
        _fsync(temporary)
        os.replace(temporary, target)
    _fsync_directory(target.parent)
    return target


def restore(url: str | None, path: str | os.PathLike[str], force: bool = False) -> None:
    """Replace the database at ``url`` (default: the configured one) with the backup at ``path``.

    Refused when the database already has accounts, unless ``force``: a restore drops every row it holds.
    """
    parsed = make_url(url or settings.database_url)
    source = Path(path)
    if _is_sqlite(parsed):
        _require_backup(source, SQLITE_MAGIC)
        _require_sqlite_backup(source)
        target = _sqlite_path(parsed)
        _refuse_over_accounts(_sqlite_accounts(target), force)
        _sqlite_restore(source, target)
    elif _is_postgres(parsed):
        _require_backup(source, PG_DUMP_MAGIC)
        _require_pg_archive(source)
        _refuse_over_accounts(_pg_accounts(parsed), force)
        _pg_restore(parsed, source)
    else:
        raise SystemExit(f"Backups are restored for SQLite and PostgreSQL only, not {parsed.drivername}.")


# --- shared checks -------------------------------------------------------------------------------------------


def _is_sqlite(url: URL) -> bool:
    return url.get_backend_name() == "sqlite"


def _is_postgres(url: URL) -> bool:
    return url.get_backend_name() == "postgresql"


def _require_backup(path: Path, magic: bytes) -> None:
    """Check the file's first bytes, so a typo'd path or a stray file is refused before anything is dropped."""
    if not path.is_file():
        raise SystemExit(f"No backup file at {path}.")
    with path.open("rb") as file:
        if file.read(len(magic)) != magic:
            raise SystemExit(f"{path} is not a CE Tracker backup for this kind of database.")


def _refuse_over_accounts(accounts: int, force: bool) -> None:
    if accounts and not force:
        raise SystemExit(f"The database already has {accounts} account(s); restoring would replace them all. "
                         "Run restore with --force to replace it anyway.")


@contextmanager
def _temporary_beside(target: Path) -> Iterator[Path]:
    """A temporary file in the target's directory (so the final rename is atomic), removed if left behind."""
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
    finally:
        temporary.unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    """Flush the finished backup to disk before the rename makes it the backup."""
    with path.open("rb") as file:
        os.fsync(file.fileno())


def _fsync_directory(directory: Path) -> None:
    """Make the rename itself durable (POSIX; a no-op where directories cannot be opened)."""
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


# --- SQLite --------------------------------------------------------------------------------------------------


def _sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:" or url.database.startswith("file:"):
        raise SystemExit("Backup and restore need an SQLite database file (sqlite:////path/to/file.db).")
    return Path(url.database)


def _sqlite_connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    """A plain connection that waits for the app's writers rather than failing with 'database is locked'."""
    if read_only:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
    else:
        connection = sqlite3.connect(path, isolation_level=None)
    connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    return connection


class _Busy(Exception):
    """The other side of a backup stayed locked past the deadline."""


def _copy_pages(source: sqlite3.Connection, destination: sqlite3.Connection, what: str) -> None:
    """All pages in one step (one read snapshot, so the copy is one committed state).

    Python retries a locked step forever; a deadline turns a write transaction the app never ends into a
    clear error instead of a command that hangs.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000

    def give_up_when_locked_too_long(status: int, _remaining: int, _total: int) -> None:
        if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) and time.monotonic() > deadline:
            raise _Busy

    try:
        source.backup(destination, progress=give_up_when_locked_too_long)
    except _Busy:
        raise SystemExit(f"The database stayed locked for {BUSY_TIMEOUT_MS // 1000} s; {what} not done. "
                         "Try again when the app is not in the middle of a long write.") from None


def _sqlite_backup(source: Path, destination: Path) -> None:
    """Copy the live database, then make the copy a self-contained file and check it."""
    if not source.is_file():
        raise SystemExit(f"No SQLite database at {source}.")
    with closing(_sqlite_connect(source)) as live, closing(_sqlite_connect(destination)) as copy:
        _copy_pages(live, copy, "backup")
        copy.execute("PRAGMA journal_mode=DELETE")  # a single file: no -wal beside it to lose
        _require_intact(copy, destination)


def _require_intact(connection: sqlite3.Connection, path: Path) -> None:
    result = [row[0] for row in connection.execute("PRAGMA integrity_check")]
    if result != ["ok"]:
        raise SystemExit(f"Integrity check of {path} failed: {'; '.join(result[:5])}")


def _require_sqlite_backup(path: Path) -> None:
    """An SQLite file is a backup of ours only if it holds the accounts table."""
    try:
        with closing(_sqlite_connect(path, read_only=True)) as connection:
            found = _has_accounts_table(connection)
    except sqlite3.DatabaseError as error:
        raise SystemExit(f"{path} is not a readable SQLite backup: {error}") from error
    if not found:
        raise SystemExit(f"{path} is an SQLite file but not a CE Tracker backup (it has no {ACCOUNTS_TABLE} table).")


def _sqlite_accounts(path: Path) -> int:
    if not path.is_file():
        return 0
    with closing(_sqlite_connect(path)) as connection:
        if not _has_accounts_table(connection):
            return 0
        return connection.execute(f"SELECT count(*) FROM {ACCOUNTS_TABLE}").fetchone()[0]


def _has_accounts_table(connection: sqlite3.Connection) -> bool:
    return connection.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                              (ACCOUNTS_TABLE,)).fetchone() is not None


def _sqlite_restore(source: Path, target: Path) -> None:
    """Write the backup into the live file through the backup API, so connections the app holds open
    see either the old database or the restored one, never a half-copied file; then check it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with closing(_sqlite_connect(source, read_only=True)) as backup_file, closing(_sqlite_connect(target)) as live:
        live.execute("PRAGMA journal_mode=WAL")  # as the app runs it (a no-op on an existing app database)
        _copy_pages(backup_file, live, "restore")
        _require_intact(live, target)
        problems = live.execute("PRAGMA foreign_key_check").fetchall()
        if problems:
            raise SystemExit(f"The restored database has {len(problems)} broken foreign key reference(s).")


# --- PostgreSQL ----------------------------------------------------------------------------------------------


def _pg_tool(name: str) -> str:
    """The tool on PATH, else the newest one Debian installs under /usr/lib/postgresql/<version>/bin."""
    found = shutil.which(name)
    if found:
        return found
    versions = glob.glob(f"/usr/lib/postgresql/*/bin/{name}")
    if versions:
        return max(versions, key=lambda path: int(re.search(r"/postgresql/(\d+)/", path).group(1)))
    raise SystemExit(f"{name} was not found on PATH or in /usr/lib/postgresql/*/bin: install the PostgreSQL "
                     "client tools (Debian: apt-get install postgresql-client) in the server's major version.")


def _pg_env(url: URL) -> dict[str, str]:
    """The password travels in PGPASSWORD, never in argv, where `ps` and logs would show it.

    A URL without a password leaves the environment's own PGPASSWORD or ~/.pgpass to libpq.
    """
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    for name, variable in _LIBPQ_ENV.items():
        value = url.query.get(name)
        if isinstance(value, str):
            env[variable] = value
    return env


def _pg_connection_args(url: URL) -> list[str]:
    """Host, port and user from the URL; the database name is given separately by each tool's own flag."""
    args: list[str] = []
    if url.host:
        args += ["--host", url.host]
    if url.port:
        args += ["--port", str(url.port)]
    if url.username:
        args += ["--username", url.username]
    return args + ["--no-password"]  # never wait for a prompt: a missing password is an error, not a hang


def _pg_database(url: URL) -> str:
    if not url.database:
        raise SystemExit("The PostgreSQL URL names no database.")
    return url.database


def pg_dump_command(url: URL, path: Path) -> list[str]:
    return [_pg_tool("pg_dump"), *_pg_connection_args(url), "--format=custom", f"--file={path}",
            f"--dbname={_pg_database(url)}"]


def pg_restore_command(path: Path, script: Path) -> list[str]:
    """The archive at ``path`` written out as SQL to ``script`` (no connection: ``psql_restore_command`` runs it)."""
    return [_pg_tool("pg_restore"), "--no-owner", f"--file={script}", str(path)]


def psql_restore_command(url: URL, script: Path) -> list[str]:
    """One transaction that empties the database's public schema, then runs the archive's SQL in ``script``.

    Emptying the whole schema, not only what the archive holds (``pg_restore --clean``), matters when going
    back to a backup taken before an upgrade: the tables the upgrade added refer to the old ones, and left in
    place they would block the restore or stay behind it. On any error psql stops and nothing is committed.
    """
    return [_pg_tool("psql"), *_pg_connection_args(url), "--no-psqlrc", "--quiet", "--single-transaction",
            "--set=ON_ERROR_STOP=1", f"--command={EMPTY_PUBLIC_SCHEMA}", f"--file={script}",
            f"--dbname={_pg_database(url)}"]


# Drops everything in the public schema but the schema itself (its owner and grants stay as the server made
# them). Every statement is written before the first drop, since a table's CASCADE may take others with it.
EMPTY_PUBLIC_SCHEMA = """DO $$
DECLARE statements text[]; statement text;
BEGIN
  SELECT array_agg(drop_it) INTO statements FROM (
    SELECT format('DROP %s IF EXISTS public.%I CASCADE', CASE relkind WHEN 'v' THEN 'VIEW'
                  WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END, relname) AS drop_it
      FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p', 'v', 'm', 'S')
    UNION ALL
    SELECT format('DROP ROUTINE IF EXISTS %s CASCADE', oid::regprocedure)
      FROM pg_proc WHERE pronamespace = 'public'::regnamespace
    UNION ALL
    SELECT format('DROP TYPE IF EXISTS public.%I CASCADE', typname)
      FROM pg_type WHERE typnamespace = 'public'::regnamespace AND typtype IN ('e', 'd', 'r', 'm')) AS everything;
  FOREACH statement IN ARRAY coalesce(statements, '{}') LOOP
    EXECUTE statement;
  END LOOP;
END $$"""


def _run(command: list[str], url: URL, what: str) -> None:
    result = subprocess.run(command, env=_pg_env(url), capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"{what} failed: {result.stderr.strip() or result.stdout.strip()}")


def _pg_dump(url: URL, path: Path) -> None:
    _run(pg_dump_command(url, path), url, "pg_dump")


def _require_pg_archive(path: Path) -> None:
    """Let pg_restore read the archive's table of contents before anything in the database is dropped."""
    result = subprocess.run([_pg_tool("pg_restore"), "--list", str(path)], capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"{path} is not a readable pg_dump archive: {result.stderr.strip()}")
    if not re.search(rf"TABLE DATA \S+ {ACCOUNTS_TABLE} ", result.stdout):
        raise SystemExit(f"{path} is a pg_dump archive but not a CE Tracker backup (no {ACCOUNTS_TABLE} table).")


def _pg_accounts(url: URL) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            if not inspect(connection).has_table(ACCOUNTS_TABLE):
                return 0
            return connection.execute(text(f"SELECT count(*) FROM {ACCOUNTS_TABLE}")).scalar_one()
    finally:
        engine.dispose()


def _pg_restore(url: URL, path: Path) -> None:
    """The archive's SQL is written out in full first (a private temporary file), so psql never commits a
    script that pg_restore stopped writing halfway; psql then runs it in one transaction."""
    handle, name = tempfile.mkstemp(prefix="ce-restore-", suffix=".sql")
    os.close(handle)
    script = Path(name)
    try:
        _run(pg_restore_command(path, script), url, "pg_restore")
        _run(psql_restore_command(url, script), url, "Restore (nothing was changed)")
    finally:
        script.unlink(missing_ok=True)
