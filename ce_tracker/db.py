"""The engine and the unit of work every service runs inside.

Services ``flush()`` and never commit; ``unit_of_work`` commits once when the
block ends and rolls back on any exception, so a failed request leaves nothing
half-done (the indico pattern).
"""

from __future__ import annotations

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
    # Let SQLAlchemy, not pysqlite, say when a transaction begins (see _begin_immediate).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def _begin_immediate(connection) -> None:
    """Take SQLite's write lock at BEGIN, so a transaction that reads then writes
    never meets a writer that committed in between (SQLite would refuse the
    upgrade). Check-then-act inside one unit of work is thereby serial."""
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str) -> Engine:
    """Build an engine for ``url``; SQLite gets the pragmas above."""
    if url.startswith("sqlite"):
        database = make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)  # a fresh clone has no data/ yet
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 10})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _begin_immediate)
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
