"""The engine and the unit of work every service runs inside.

Services ``flush()`` and never commit; ``unit_of_work`` commits once when the
block ends and rolls back on any exception, so a failed request leaves nothing
half-done (the indico pattern).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from sqlalchemy import event, make_url
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

from ce_tracker.config import settings


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """WAL lets readers run beside a writer; foreign keys are off by default in SQLite."""
    # Let SQLAlchemy, not pysqlite, say when a transaction begins (see make_engine).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
    cursor.close()


BUSY_TIMEOUT_S = 10
_file_locks: dict[str, threading.Lock] = {}
_file_locks_guard = threading.Lock()


def _writer_lock(database: str) -> threading.Lock:
    """One lock per database file in this process, shared by every engine on that file."""
    key = str(Path(database).resolve()) if database and database != ":memory:" else f"memory:{id(object())}"
    with _file_locks_guard:
        return _file_locks.setdefault(key, threading.Lock())


def _raw(connection):
    return getattr(connection, "dbapi_connection", connection)


def _serialise_writers(engine: Engine, lock: threading.Lock) -> None:
    """Writers of one process queue on a lock before ``BEGIN IMMEDIATE`` instead of meeting SQLite's busy
    handler, which sleeps (1, 2, 5 ... 100 ms) while another writer holds the write lock and so made the
    p99 at 8 writers hundreds of ms (bench/README.md, service_writes). The lock is held exactly while SQLite's
    own write lock is: from BEGIN IMMEDIATE to COMMIT or ROLLBACK. So nothing a transaction may do changes;
    other processes still meet the busy handler. A thread that cannot get the lock within the busy timeout
    (say it holds another connection's transaction itself) goes on to BEGIN and lets SQLite decide, as before.
    """
    holders: dict[int, bool] = {}  # id(raw DBAPI connection) -> holds the lock

    def begin(connection) -> None:
        raw = id(_raw(connection.connection))
        got = lock.acquire(timeout=BUSY_TIMEOUT_S)
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            if got:
                lock.release()
            raise
        if got:
            holders[raw] = True

    def ending(original):
        def end(dbapi_connection) -> None:
            try:
                original(dbapi_connection)
            finally:
                if holders.pop(id(_raw(dbapi_connection)), False):
                    lock.release()
        return end

    def dropped(dbapi_connection, *_args) -> None:  # a connection invalidated or closed mid-transaction
        if holders.pop(id(dbapi_connection), False):
            lock.release()

    event.listen(engine, "begin", begin)
    event.listen(engine, "invalidate", dropped)
    event.listen(engine, "close", dropped)
    engine.dialect.do_commit = ending(engine.dialect.do_commit)
    engine.dialect.do_rollback = ending(engine.dialect.do_rollback)


def make_engine(url: str) -> Engine:
    """Build an engine for ``url``; SQLite gets the pragmas above and takes its write lock at BEGIN.

    ``BEGIN IMMEDIATE``: a transaction that reads then writes never meets a writer that committed in between
    (SQLite would refuse the upgrade). Check-then-act inside one unit of work is thereby serial.
    """
    if url.startswith("sqlite"):
        database = make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)  # a fresh clone has no data/ yet
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_S})
        event.listen(engine, "connect", _sqlite_pragmas)
        _serialise_writers(engine, _writer_lock(database))
        return engine
    # A pool per backend worker; pre-ping drops connections a restarted server closed.
    return create_engine(url, pool_pre_ping=True, pool_size=settings.db_pool_size,
                         max_overflow=settings.db_max_overflow)


@lru_cache(maxsize=None)
def _engine_for(url: str) -> Engine:
    return make_engine(url)


def get_engine() -> Engine:
    """The process-wide engine for the configured database."""
    return _engine_for(settings.database_url)


@contextmanager
def unit_of_work() -> Iterator[Session]:
    """One transaction: commit at the end, roll back on any error."""
    with Session(get_engine(), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
