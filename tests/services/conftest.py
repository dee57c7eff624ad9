"""The services' suite runs twice: on SQLite (the embedded default) and on a real PostgreSQL server.

The PostgreSQL tests of a run (of each xdist worker) share one database cloned from a migrated template
(``CREATE DATABASE ... TEMPLATE``), so the schema is exactly the one Alembic builds, triggers included. Each
test finds it as a fresh clone would be: before every test, any connection an earlier test left is ended and
every table is emptied with its ids restarted (``TRUNCATE ... RESTART IDENTITY``; the template holds no row but
Alembic's version, which stays). Each test also gets its own engine under its own URL (its own
``application_name``), so what the app keeps per engine or per URL (programs, the Board's figures) starts
empty too. A clone per test cost about 0.15 CPU-seconds of the server's each, more than most tests.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import date

import pytest
from sqlalchemy import create_engine, text

from ce_tracker.db import make_engine
from ce_tracker.models import Role
from tests.e2e.server import ROOT
from tests.scaleout.servers import Postgres
from tests.utils import factories as f
from tests.utils.db import empty_sqlite

_numbers = itertools.count()


@pytest.fixture(scope="session")
def postgres_template(postgres) -> Iterator[tuple[Postgres, str]]:
    """The run's PostgreSQL server and a migrated template database in it."""
    template = postgres.url.rsplit("/", 1)[0] + "/ce_template"
    with create_engine(postgres.url, isolation_level="AUTOCOMMIT").connect() as connection:
        connection.execute(text("CREATE DATABASE ce_template"))
    subprocess.run([sys.executable, "-m", "ce_tracker", "migrate"], cwd=ROOT, check=True, capture_output=True,
                   env={**os.environ, "CE_DATABASE_URL": template})
    yield postgres, template


@pytest.fixture(scope="session")
def postgres_database(postgres_template) -> Iterator[tuple[str, Callable[[], None]]]:
    """The PostgreSQL tests' database (a clone of the template) and how to make it empty again."""
    server, _ = postgres_template
    base = server.url.rsplit("/", 1)[0]
    with create_engine(server.url, isolation_level="AUTOCOMMIT").connect() as connection:
        connection.execute(text("CREATE DATABASE ce_test TEMPLATE ce_template"))
    keeper = create_engine(f"{base}/ce_test", isolation_level="AUTOCOMMIT")
    with keeper.connect() as connection:
        tables = connection.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                                         "AND tablename <> 'alembic_version' ORDER BY tablename")).scalars().all()
    truncate = text(f"TRUNCATE {', '.join(f'public.{name}' for name in tables)} RESTART IDENTITY CASCADE")

    def empty() -> None:
        with keeper.connect() as connection:
            # What an earlier test left open (an engine it did not dispose, a thread's transaction) ends here,
            # as the DROP DATABASE ... WITH (FORCE) of a clone per test ended it; the wait is for its locks to go.
            connection.execute(text("SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity "
                                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"))
            connection.execute(text("SET lock_timeout = '20s'"))
            connection.execute(truncate)

    yield f"{base}/ce_test", empty
    keeper.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request, tmp_path):
    """An empty database with every table: SQLite in WAL mode, or PostgreSQL as a fresh clone of the template."""
    if request.param == "sqlite":
        engine = empty_sqlite(request.getfixturevalue("sqlite_template"), tmp_path / "test.db")
        yield engine
        engine.dispose()
        return
    url, empty = request.getfixturevalue("postgres_database")
    empty()
    engine = make_engine(f"{url}?application_name=t{next(_numbers)}")
    yield engine
    engine.dispose()


@pytest.fixture
def staff(session):
    """A staff account (without a password: it acts through the services, never signs in)."""
    return f.account(session, Role.STAFF, name="Hal Staff")


@pytest.fixture
def people(session):
    """A member certified in 2024 and a CE committee reviewer (who is a member too)."""
    member = f.person(session, name="Maya Member", certified_on=date(2024, 1, 1))
    reviewer = f.person(session, Role.REVIEWER, Role.MEMBER, name="Rowan Reviewer", certified_on=date(2024, 1, 1))
    return member, reviewer
