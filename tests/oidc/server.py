"""Run the real OpenID Provider (tests/oidc/provider.mjs: `oidc-provider` from npm) on loopback with the
project's Node, and sign in at it over plain HTTP where a test needs tokens without a browser.

`scripts/setup.sh --test` installs its packages into tests/oidc/node_modules (`npm ci`, only when the lock
file changed). The issuer is http://127.0.0.1:PORT while the app runs at http://localhost:PORT, so the browser
treats the two as different sites, as it would a society's provider and CE Tracker.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import httpx2
from joserfc.jwk import RSAKey

from tests.utils.net import free_port

HERE = Path(__file__).resolve().parent
NODE = Path(sys.executable).parent / "node"
CLIENT_ID, CLIENT_SECRET = "ce-tracker", "ce-tracker-test-secret-0123456789abcdef"


def signing_key(kid: str) -> dict:
    """A fresh RSA signing key as a private JWK."""
    key = RSAKey.generate_key(2048, parameters={"kid": kid, "use": "sig", "alg": "RS256"}, private=True)
    return key.as_dict(private=True)


@dataclass
class Account:
    """A person at the society: how they sign in there, and the claims the provider releases about them."""

    sub: str
    username: str
    password: str
    claims: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"sub": self.sub, "username": self.username, "password": self.password, "claims": self.claims}


def client(redirect_uri: str, post_logout_uri: str | None = None, *, client_id: str = CLIENT_ID,
           secret: str = CLIENT_SECRET, name: str = "CE Tracker") -> dict:
    """A confidential client registration (code flow, client_secret_basic)."""
    return {"client_id": client_id, "client_secret": secret, "client_name": name,
            "redirect_uris": [redirect_uri], "post_logout_redirect_uris": [post_logout_uri] if post_logout_uri else [],
            "grant_types": ["authorization_code"], "response_types": ["code"],
            "token_endpoint_auth_method": "client_secret_basic"}


class OpenIdProvider:
    """One `node tests/oidc/provider.mjs` process; its accounts file may be changed while it runs."""

    def __init__(self, workdir: Path, *, clients: list[dict], accounts: list[Account], society: str = "AMI",
                 port: int | None = None, keys: list[dict] | None = None) -> None:
        self.workdir = workdir
        workdir.mkdir(parents=True, exist_ok=True)
        self.port = port or free_port()
        self.issuer = f"http://127.0.0.1:{self.port}"
        self.clients, self.society = clients, society
        self.keys = keys or [signing_key("first")]
        self.accounts_file = workdir / "accounts.json"
        self.set_accounts(accounts)
        self.log = workdir / "provider.log"
        self.process: subprocess.Popen | None = None

    def set_accounts(self, accounts: list[Account]) -> None:
        """What the society knows about its people (read again by the provider at each sign-in)."""
        self.accounts = list(accounts)
        self.accounts_file.write_text(json.dumps([a.as_dict() for a in self.accounts]))

    def add(self, *accounts: Account) -> None:
        self.set_accounts([*self.accounts, *accounts])

    def start(self, timeout: float = 30) -> None:
        if not (HERE / "node_modules" / "oidc-provider").is_dir():
            raise RuntimeError("tests/oidc/node_modules is missing: run `bash scripts/setup.sh --test`")
        keys_file, config_file = self.workdir / "keys.json", self.workdir / "config.json"
        keys_file.write_text(json.dumps({"keys": self.keys}))
        config_file.write_text(json.dumps({"issuer": self.issuer, "port": self.port, "clients": self.clients,
                                           "accountsFile": str(self.accounts_file), "keysFile": str(keys_file),
                                           "societyName": self.society}))
        self.process = subprocess.Popen([str(NODE), str(HERE / "provider.mjs"), str(config_file)], cwd=HERE,
                                        stdout=self.log.open("w"), stderr=subprocess.STDOUT, start_new_session=True,
                                        env={**os.environ, "NODE_ENV": "test"})
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"The OpenID Provider exited:\n{self.log.read_text()[-3000:]}")
            if "READY" in self.log.read_text():
                return
            time.sleep(0.05)
        raise RuntimeError(f"The OpenID Provider did not start:\n{self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()

    def restart(self, *, keys: list[dict] | None = None) -> None:
        """Stop and start on the same port (same issuer), with new signing keys if given: a key rotation."""
        self.stop()
        if keys is not None:
            self.keys = keys
        self.start()

    def __enter__(self) -> OpenIdProvider:
        self.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()


def sign_in_at(authorization_url: str, username: str, password: str, *, until: str,
               http: httpx2.Client | None = None) -> str:
    """Follow the provider's pages as a browser would, signing in with its own form, and return the address it
    finally sends the browser to (the first one starting with ``until``: the client's redirect URI)."""
    own = http is None
    http = http or httpx2.Client(timeout=15)
    try:
        url = authorization_url
        for _ in range(10):
            if url.startswith(until):
                return url
            response = http.get(url)
            if response.is_redirect:
                url = urljoin(url, response.headers["location"])
                continue
            if 'name="password"' not in response.text:
                raise AssertionError(f"The provider showed no sign-in form at {url}:\n{response.text[:2000]}")
            action = url.split("?")[0].rstrip("/") + "/login"
            response = http.post(action, data={"username": username, "password": password})
            if not response.is_redirect:
                raise AssertionError(f"The provider refused the sign-in:\n{response.text[:2000]}")
            url = urljoin(action, response.headers["location"])
        raise AssertionError("The provider never sent the browser back")
    finally:
        if own:
            http.close()


def query(url: str) -> dict[str, str]:
    """A URL's query parameters, one value each."""
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
