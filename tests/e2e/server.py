"""Start the real app (production build, one port) on a free port with its own database."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.utils.net import free_port

ROOT = Path(__file__).resolve().parents[2]


def wait_for(url: str, timeout: float, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"The app exited early:\n{log.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(1)
    raise RuntimeError(f"The app did not answer {url} within {timeout} s:\n{log.read_text()[-4000:]}")


SHARED_WEB = ROOT / ".web-e2e"


def private_web_dir(workdir: Path) -> Path:
    """A front-end directory for a second app running beside the session's one.

    Every `reflex run --env prod` rebuilds its web directory with its own port baked into the bundle, so two
    apps sharing `.web-e2e` leave the first one's pages talking to the second one's port (dead once it stops).
    The copy links the shared `node_modules` instead of installing the packages again.
    """
    web = workdir / "web"
    if not (SHARED_WEB / "node_modules").is_dir():
        return web
    shutil.copytree(SHARED_WEB, web, symlinks=True,
                    ignore=lambda folder, names: ["node_modules"] if Path(folder) == SHARED_WEB else [])
    (web / "node_modules").symlink_to(SHARED_WEB / "node_modules", target_is_directory=True)
    return web


class AppServer:
    """One `reflex run --env prod --single-port` process and how to reach it.

    ``web_dir`` is the front-end build directory; apps that run at the same time need different ones
    (see `private_web_dir`).
    """

    def __init__(self, workdir: Path, env: dict[str, str], web_dir: Path = SHARED_WEB) -> None:
        self.port = free_port()
        self.url = f"http://localhost:{self.port}"
        self.log = workdir / "app.log"
        self.env = {**os.environ, **env, "CE_PUBLIC_URL": self.url, "CE_API_URL": self.url,
                    "REFLEX_WEB_WORKDIR": str(web_dir), "REFLEX_USE_NPM": "1",
                    "REFLEX_CHECK_LATEST_VERSION": "0",
                    "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 600) -> None:
        command = [sys.executable, "-m", "reflex", "run", "--env", "prod", "--single-port",
                   "--frontend-port", str(self.port), "--backend-port", str(self.port),
                   "--backend-host", "127.0.0.1"]
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=self.log.open("w"),
                                        stderr=subprocess.STDOUT, start_new_session=True)
        wait_for(f"{self.url}/healthz", timeout, self.process, self.log)
        wait_for(f"{self.url}/login", timeout, self.process, self.log)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()

    def kill(self) -> None:
        """SIGKILL the whole app at once, as a crash or an OOM killer would: no shutdown code runs."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def restart(self) -> None:
        """Stop and start the backend again (proves nothing lives only in memory)."""
        self.stop()
        self.start()
