"""Behind a reverse proxy: the app builds addresses the browser used, and Reflex is built for the public one.

In-process checks of the ASGI wrapper and of rxconfig; tests/e2e/test_proxy_e2e.py runs the whole recipe
behind nginx with TLS.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from starlette.applications import Starlette
from starlette.routing import Mount, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.testclient import TestClient
from starlette.websockets import WebSocket

from ce_tracker.config import ROOT, load_settings
from ce_tracker.web.guards import proxied_address

PROXY = {"x-forwarded-proto": "https", "x-forwarded-host": "ce.example.org:8443", "x-forwarded-for": "203.0.113.9"}


async def _echo_url(websocket: WebSocket) -> None:
    await websocket.accept()
    await websocket.send_text(str(websocket.url))
    await websocket.close()


@pytest.fixture
def site(tmp_path):
    """Pages served as Reflex serves its built front end (a folder per page), and a websocket that says its URL."""
    (tmp_path / "login").mkdir()
    (tmp_path / "login" / "index.html").write_text("<p>Log in</p>")
    return Starlette(routes=[WebSocketRoute("/_event", _echo_url),
                             Mount("/", StaticFiles(directory=tmp_path, html=True))])


def test_behind_a_trusted_tls_proxy_the_trailing_slash_redirect_stays_on_https(site):
    client = TestClient(proxied_address(site, hops=1), base_url="http://127.0.0.1:8080")
    answer = client.get("/login", headers=PROXY, follow_redirects=False)
    assert answer.status_code == 307 and answer.headers["location"] == "https://ce.example.org:8443/login/"
    with client.websocket_connect("/_event", headers=PROXY) as socket:
        assert socket.receive_text() == "wss://ce.example.org:8443/_event"


def test_forwarded_headers_are_ignored_without_trusted_proxies_and_only_the_trusted_hop_counts(site):
    untrusting = TestClient(proxied_address(site, hops=0), base_url="http://127.0.0.1:8080")
    assert untrusting.get("/login", headers=PROXY, follow_redirects=False).headers["location"] == \
        "http://127.0.0.1:8080/login/"
    one_proxy = TestClient(proxied_address(site, hops=1), base_url="http://127.0.0.1:8080")
    forged = {"x-forwarded-proto": "https, http", "x-forwarded-host": "evil.example, ce.example.org"}
    assert one_proxy.get("/login", headers=forged, follow_redirects=False).headers["location"] == \
        "http://ce.example.org/login/"  # what the client wrote before our proxy's entry does not count
    junk = {"x-forwarded-proto": "gopher", "x-forwarded-host": "ce.example.org/evil?"}
    assert one_proxy.get("/login", headers=junk, follow_redirects=False).headers["location"] == \
        "http://127.0.0.1:8080/login/"


def _reflex_config(**env: str) -> dict:
    code = ("import json; from reflex_base.config import get_config; c = get_config(); "
            "print(json.dumps({'api_url': c.api_url, 'deploy_url': c.deploy_url}))")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("CE_", "REFLEX_"))}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={**clean, **env}, capture_output=True,
                          text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_reflex_builds_its_front_end_for_the_configured_public_addresses():
    """One source: CE_API_URL is where Reflex's front end opens its websocket (its default was localhost)."""
    assert _reflex_config(CE_PUBLIC_URL="https://ce.example.org", CE_API_URL="https://ce.example.org/") == \
        {"api_url": "https://ce.example.org", "deploy_url": "https://ce.example.org"}
    assert _reflex_config(REFLEX_API_URL="https://api.example.org")["api_url"] == "https://api.example.org"
    assert _reflex_config()["api_url"] == "http://localhost:8000"  # unset: Reflex follows its --backend-port


def test_two_different_api_addresses_are_a_configuration_mistake(monkeypatch):
    monkeypatch.setenv("CE_API_URL", "https://ce.example.org")
    monkeypatch.setenv("REFLEX_API_URL", "https://other.example.org")
    with pytest.raises(ValueError, match="differ"):
        load_settings()
    monkeypatch.setenv("REFLEX_API_URL", "https://ce.example.org")
    assert load_settings().api_url == "https://ce.example.org"
