"""Debian's nginx in front of the app, run from the recipe's own config file (docs/deploy/nginx.conf).

The file is used as written, with only what differs on a test machine swapped in: the host name, loopback
ports instead of 80 and 443 (no IPv6), a certificate from a throw-away CA, the app's port. Each swap must find
its text in the file, so a recipe that changes shape fails here rather than drifting from what is tested.
nginx runs unprivileged, in the foreground, with its own prefix, pid, logs and temporary folders.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from tests.e2e.server import ROOT

RECIPE = ROOT / "docs" / "deploy" / "nginx.conf"
EXAMPLE_HOST = "ce.example.org"
CERTIFICATE = f"/etc/letsencrypt/live/{EXAMPLE_HOST}/fullchain.pem"
PRIVATE_KEY = f"/etc/letsencrypt/live/{EXAMPLE_HOST}/privkey.pem"

_MAIN = """daemon off;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log {dir}/access.log;
    client_body_temp_path {dir}/tmp/body;
    proxy_temp_path {dir}/tmp/proxy;
    fastcgi_temp_path {dir}/tmp/fastcgi;
    uwsgi_temp_path {dir}/tmp/uwsgi;
    scgi_temp_path {dir}/tmp/scgi;
    include {dir}/site.conf;
}}
"""


def nginx_binary() -> str:
    """Debian's nginx (scripts/setup.sh --test installs it); it lives in sbin, often not on a user's PATH."""
    found = shutil.which("nginx", path=f"{os.environ.get('PATH', '')}:/usr/sbin:/usr/local/sbin")
    if not found:
        raise RuntimeError("nginx is missing: run `bash scripts/test.sh` (it installs it) or apt-get install nginx")
    return found


def _swap(text: str, old: str, new: str) -> str:
    assert old in text, f"{RECIPE} no longer contains {old!r}: update tests/e2e/proxy.py with the recipe"
    return text.replace(old, new)


def site_config(*, host: str, https_port: int, http_port: int, app_port: int, certificate: Path,
                private_key: Path) -> str:
    """The recipe with the test machine's names, ports and files."""
    text = RECIPE.read_text()
    text = "\n".join(line for line in text.splitlines() if "listen [::]:" not in line)  # loopback IPv4 only
    for old, new in ((CERTIFICATE, str(certificate)), (PRIVATE_KEY, str(private_key)), (EXAMPLE_HOST, host),
                     ("listen 443 ", f"listen 127.0.0.1:{https_port} "), ("listen 80;", f"listen 127.0.0.1:{http_port};"),
                     ("server 127.0.0.1:8080;", f"server 127.0.0.1:{app_port};")):
        text = _swap(text, old, new)
    return text


class Nginx:
    """nginx with the recipe's site in its own folder; started unprivileged, stopped by its process id."""

    def __init__(self, site: str) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="ce-nginx-"))  # outside pytest's root-only folder (see start)
        for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (self.dir / "tmp" / name).mkdir(parents=True)
        (self.dir / "site.conf").write_text(site)
        (self.dir / "nginx.conf").write_text(_MAIN.format(dir=self.dir))
        self.process: subprocess.Popen | None = None

    def add_file(self, name: str, content: bytes) -> Path:
        path = self.dir / name
        path.write_bytes(content)
        return path

    def _as_user(self) -> dict:
        """Run as `nobody` when the tests run as root: nginx never needs root for loopback ports."""
        if os.geteuid() != 0:
            return {}
        for path in [self.dir, *self.dir.rglob("*")]:
            shutil.chown(path, "nobody", "nogroup")
        return {"user": "nobody", "group": "nogroup", "extra_groups": []}

    def start(self, port: int, timeout: float = 20) -> None:
        command = [nginx_binary(), "-p", str(self.dir), "-c", str(self.dir / "nginx.conf"),
                   "-e", str(self.dir / "error.log")]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=(self.dir / "stderr.log").open("w"),
                                        start_new_session=True, **self._as_user())
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"nginx exited: {self.log()}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"nginx did not listen on {port}: {self.log()}")

    def log(self) -> str:
        return "\n".join(p.read_text()[-3000:] for p in (self.dir / "stderr.log", self.dir / "error.log")
                         if p.exists())

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGQUIT)  # graceful: workers finish, then the master exits
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        shutil.rmtree(self.dir, ignore_errors=True)
