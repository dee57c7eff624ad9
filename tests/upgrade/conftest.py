"""Each kept release's database, on SQLite and on PostgreSQL, before and after ``migrate``.

A PostgreSQL release database is built once per run (migrated to the release's revision, the rows copied in)
and each test gets a clone of it (``CREATE DATABASE ... TEMPLATE``), so a test may upgrade or break its own.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine

from ce_tracker.db import make_engine
from ce_tracker.migrate import migrate
from tests.upgrade.snapshots import Snapshot, load_postgres, load_sqlite, snapshots

_numbers = itertools.count()


@pytest.fixture(params=snapshots(), ids=lambda snapshot: snapshot.name)
def snapshot(request) -> Snapshot:
    """Every release kept in tests/upgrade/releases, one test each."""
    return request.param


@pytest.fixture(scope="session")
def postgres_server_url(postgres) -> Callable[[str], str]:
    """The URL of a database by name on the run's PostgreSQL server."""
    base = postgres.url.rsplit("/", 1)[0]
    return lambda name: f"{base}/{name}"


def _admin(postgres) -> Engine:
    return create_engine(postgres.url, isolation_level="AUTOCOMMIT")


@pytest.fixture(scope="session")
def postgres_releases(postgres, postgres_server_url) -> Iterator[dict[str, str]]:
    """The name of a template database per release, each built on first use."""
    built: dict[str, str] = {}

    def template(snapshot: Snapshot) -> str:
        if snapshot.name not in built:
            name = f"release_{next(_numbers)}"
            with _admin(postgres).connect() as connection:
                connection.execute(text(f"CREATE DATABASE {name}"))
            load_postgres(snapshot, postgres_server_url(name))
            built[snapshot.name] = name
        return built[snapshot.name]

    yield template


@pytest.fixture
def postgres_release(postgres, postgres_releases, postgres_server_url) -> Callable[[Snapshot], str]:
    """A new PostgreSQL database holding the release's data at its revision, for the test to change."""

    def copy(snapshot: Snapshot) -> str:
        name = f"upgrade_{next(_numbers)}"
        with _admin(postgres).connect() as connection:
            connection.execute(text(f"CREATE DATABASE {name} TEMPLATE {postgres_releases(snapshot)}"))
        return postgres_server_url(name)

    return copy


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request) -> str:
    return request.param


@pytest.fixture
def release_url(request, backend, snapshot, tmp_path) -> str:
    """A database holding the release's demo data at the release's revision, not yet upgraded."""
    if backend == "sqlite":
        return f"sqlite:///{load_sqlite(snapshot, tmp_path / 'release.db')}"
    return request.getfixturevalue("postgres_release")(snapshot)


@pytest.fixture
def upgraded(release_url, snapshot) -> Iterator[Engine]:
    """The release's database after this code's ``migrate`` (no backup: the test's copy is throw-away)."""
    migrate(release_url, now=snapshot.clock, take_backup=False, say=lambda _line: None)
    engine = make_engine(release_url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def _fresh_installs(tmp_path_factory, request) -> dict[str, str]:
    """Per backend, a database made by this code's ``migrate`` from nothing, built on first use."""
    built: dict[str, str] = {}

    def url(backend: str) -> str:
        if backend not in built:
            if backend == "sqlite":
                built[backend] = f"sqlite:///{tmp_path_factory.mktemp('fresh') / 'fresh.db'}"
            else:
                postgres = request.getfixturevalue("postgres")
                with _admin(postgres).connect() as connection:
                    connection.execute(text("CREATE DATABASE fresh_install"))
                built[backend] = request.getfixturevalue("postgres_server_url")("fresh_install")
            migrate(built[backend], now=datetime.now(UTC), say=lambda _line: None)
        return built[backend]

    return url


@pytest.fixture
def fresh_url(backend, _fresh_installs) -> str:
    """A fresh install's database on the test's backend (shared by the run's tests: read, never written)."""
    return _fresh_installs(backend)
