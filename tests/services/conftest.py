"""The services' suite runs twice: on SQLite (the embedded default) and on a real PostgreSQL server.

Each PostgreSQL test gets its own database cloned from a migrated template
(``CREATE DATABASE ... TEMPLATE``, a file copy), so tests stay independent and
the schema is exactly the one Alembic builds, triggers included.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlmodel import SQLModel

from ce_tracker.db import make_engine
from tests.e2e.server import ROOT
from tests.scaleout.servers import Postgres

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


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request, tmp_path):
    """An empty database with every table: SQLite in WAL mode, or PostgreSQL cloned from the template."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'test.db'}")
        SQLModel.metadata.create_all(engine)
        yield engine
        engine.dispose()
        return
    server, _ = request.getfixturevalue("postgres_template")
    name = f"t{next(_numbers)}"
    admin = create_engine(server.url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name} TEMPLATE ce_template"))
    engine = make_engine(server.url.rsplit("/", 1)[0] + f"/{name}")
    yield engine
    engine.dispose()
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE {name} WITH (FORCE)"))
    admin.dispose()
