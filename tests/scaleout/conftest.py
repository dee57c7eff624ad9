"""Scale-out fixtures: PostgreSQL and Redis servers, and the app with several workers on them."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import pytest

from ce_tracker.db import make_engine
from tests.e2e.server import ROOT, AppServer, private_web_dir
from tests.scaleout.servers import Redis
from tests.utils.db import units_for


@pytest.fixture(scope="session")
def redis_server() -> Iterator[Redis]:
    server = Redis()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def pg_engine(postgres):
    """The migrated PostgreSQL database (migrations run exactly as on a deployment)."""
    subprocess.run([sys.executable, "-m", "ce_tracker", "migrate"], cwd=ROOT, check=True, capture_output=True,
                   env={**os.environ, "CE_DATABASE_URL": postgres.url})
    engine = make_engine(postgres.url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def pg_units(pg_engine):
    return units_for(pg_engine)


@pytest.fixture(scope="session")
def scaled_app(tmp_path_factory, postgres, redis_server, pg_engine) -> Iterator[AppServer]:
    """The production app on PostgreSQL with Redis state and three backend workers."""
    workdir = tmp_path_factory.mktemp("scaled")
    server = AppServer(workdir, {
        "CE_DATABASE_URL": postgres.url, "CE_REDIS_URL": redis_server.url, "CE_BACKEND_WORKERS": "3",
        "CE_LOG_EVENTS": "1"}, web_dir=private_web_dir(workdir))
    server.start()
    yield server
    server.stop()
