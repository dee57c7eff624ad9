"""Start the real app (production build, one port) on a free port with its own database."""

from __future__ import annotations

import os
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


class AppServer:
    """One `reflex run --env prod --single-port` process and how to reach it."""

    def __init__(self, workdir: Path, env: dict[str, str]) -> None:
        self.port = free_port()
        self.url = f"http://localhost:{self.port}"
        self.log = workdir / "app.log"
        self.env = {**os.environ, **env, "CE_PUBLIC_URL": self.url, "CE_API_URL": self.url,
                    "REFLEX_WEB_WORKDIR": str(ROOT / ".web-e2e"), "REFLEX_USE_NPM": "1",
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
