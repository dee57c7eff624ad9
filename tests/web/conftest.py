"""Fixtures of the HTTP-route tests: the backend's routes, in process, on the test's database."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

import ce_tracker.db as db
from ce_tracker.web.routes import api, security_headers


@pytest.fixture
def client(engine, monkeypatch) -> TestClient:
    """The routes on the test database (the app's engine swapped for the test's), behind the security headers."""
    monkeypatch.setattr(db, "get_engine", lambda: engine)
    return TestClient(security_headers(api), base_url="http://localhost:3000")
