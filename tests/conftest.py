"""Fixtures shared by every test: a fresh database per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import Session, SQLModel

import ce_tracker.models  # noqa: F401  (registers every table)
from ce_tracker.db import make_engine
from ce_tracker.services.accounts import passwords
from tests.scaleout.servers import Postgres
from tests.utils.db import empty_sqlite, units_for

# The same argon2id, with light parameters, for the tests' own process: at the app's cost (0.2 CPU-seconds a
# hash) the in-process suites spent minutes hashing demo and test passwords. Verification runs the same code;
# the app, the CLI and the browser tests (other processes) keep the real parameters.
PRODUCTION_PASSWORDS = passwords._context
passwords._context = passwords._context.copy(argon2__memory_cost=1024, argon2__rounds=1, argon2__parallelism=1)
passwords._DUMMY_HASH = passwords._context.hash("not-a-real-password")


def pytest_collection_modifyitems(items):
    """Mark tests by folder, so `-m "not e2e and not scaleout"` runs just the fast ones."""
    for item in items:
        parts = item.path.parts
        for marker in ("e2e", "scaleout"):
            if marker in parts:
                item.add_marker(getattr(pytest.mark, marker))


@pytest.fixture(scope="session")
def postgres() -> Iterator[Postgres]:
    """One throw-away PostgreSQL server on loopback for the whole run, started when a test first asks for it."""
    server = Postgres()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """An empty SQLite database with every table, made once; each test gets a copy (create_all every time took
    longer than many tests)."""
    path = tmp_path_factory.mktemp("sqlite-template") / "empty.db"
    engine = make_engine(f"sqlite:///{path}")
    SQLModel.metadata.create_all(engine)
    engine.dispose()  # the last connection's close checkpoints the WAL into the file and removes it
    assert not Path(f"{path}-wal").exists()
    return path


@pytest.fixture
def engine(tmp_path, sqlite_template):
    """An empty SQLite database with every table, in WAL mode like production."""
    engine = empty_sqlite(sqlite_template, tmp_path / "test.db")
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine) -> Iterator[Session]:
    """A session whose work the test commits or not; rolled back at the end."""
    with Session(engine, expire_on_commit=False) as session:
        yield session
        session.rollback()


@pytest.fixture
def units(engine):
    """A unit-of-work factory bound to the test database, as the app's ``unit_of_work``."""
    return units_for(engine)


@pytest.fixture(scope="session")
def playwright_instance():
    """One Playwright for the whole run (end-to-end and scale-out tests share it)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance):
    """Chromium, found as tests/e2e/browser.py describes."""
    from tests.e2e.browser import LAUNCH_ARGS, chromium_path

    browser = playwright_instance.chromium.launch(executable_path=chromium_path(playwright_instance),
                                                  args=LAUNCH_ARGS)
    yield browser
    browser.close()
