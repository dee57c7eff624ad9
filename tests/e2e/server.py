"""Start the real app (production build, one port) on a free port with its own database."""

from __future__ import annotations

import gzip
import json
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
            time.sleep(0.1)  # a start takes 2 s or so once built: poll often rather than wait a whole second
    raise RuntimeError(f"The app did not answer {url} within {timeout} s:\n{log.read_text()[-4000:]}")


# Every test's browser and socket come from 127.0.0.1, so the per-client limits would let one test's
# deliberate failures refuse the next test's sign-in; the limits themselves are proven in
# tests/services/test_hardening.py.
ONE_ADDRESS = {"CE_LOGIN_CLIENT_LIMIT": "1000000", "CE_LOGIN_GLOBAL_LIMIT": "1000000",
               "CE_RESET_CLIENT_LIMIT": "1000000", "CE_RESET_ACCOUNT_LIMIT": "1000",
               "CE_VERIFY_CLIENT_LIMIT": "1000000"}


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


_built: dict[str, object] = {}  # this process's first full build: {"web": Path, "port": int}

# scripts/test.sh builds the front end once, into .web-e2e, before any test process starts (`prepare`) and sets
# this: every process of that run (each xdist worker, the scale-out phase) then reuses that build from its
# first app start on, instead of building its own.
PREBUILT = "CE_E2E_PREBUILT"


def _built_port(web: Path) -> str:
    """The port the front end in ``web`` talks to, as its env.json names it."""
    return json.loads((web / "env.json").read_text())["PING"].rsplit(":", 1)[1].split("/")[0]


def _reuse_build(template: Path, built_port: int, web: Path, public: str) -> None:
    """Make ``web`` a copy of the front end built in ``template`` for ``built_port``, now talking to ``public``.

    The bundle names the backend's address in a few files (reflex-env-*.js, and pages that show or link the
    app's own address: the renewal's PDF links, the credential check's placeholder, their prerendered HTML),
    each with a .gz twin, always as ``http://`` or ``ws://`` and the address; everything else is the same for
    every address, so a copy with those strings changed serves exactly what a rebuild would. ``public`` is the
    address browsers use (``http://localhost:PORT``, or a proxy's ``https://host:port``, whose websocket is then
    ``wss://``, as Reflex derives it from the API address; test_proxy_e2e.py checks Reflex still does).
    """
    if web != template:
        if web.exists():
            shutil.rmtree(web)
        shutil.copytree(template, web, symlinks=True,
                        ignore=lambda folder, names: ["node_modules"] if Path(folder) == template else [])
        if (template / "node_modules").exists():
            (web / "node_modules").symlink_to((template / "node_modules").resolve(), target_is_directory=True)
    old = f"localhost:{built_port}"
    scheme, address = public.split("://", 1)
    swaps = [(f"http://{old}", public), (f"ws://{old}", f"{'wss' if scheme == 'https' else 'ws'}://{address}")]
    built = [path for path in (web / "build").rglob("*") if path.suffix in (".js", ".html", ".json")]
    for module in [web / "env.json", *built]:
        text = module.read_text()
        if old in text:
            for before, after in swaps:
                text = text.replace(before, after)
            assert old in public or old not in text, f"{module} names {old} without a scheme"
            module.write_text(text)
            twin = Path(f"{module}.gz")
            if twin.exists():
                twin.write_bytes(gzip.compress(text.encode(), mtime=0))
    assert public in (web / "env.json").read_text(), f"the prebuilt front end in {web} does not name {public}"


class AppServer:
    """One `reflex run --env prod --single-port` process and how to reach it.

    ``web_dir`` is the front-end build directory; apps that run at the same time need different ones
    (see `private_web_dir`). ``public_url``: the address browsers use when it is not the app's own (a reverse
    proxy in front); the front end is then built for it by this server's own first start (``own_build``), as a
    deployment does, and that build is never reused for an app at another address. ``public_port``: a TCP
    proxy's port on this machine in front of it (``url`` is then the proxy's); the build is reused, naming it.
    """

    def __init__(self, workdir: Path, env: dict[str, str], web_dir: Path = SHARED_WEB,
                 public_url: str | None = None, public_port: int | None = None) -> None:
        self.port = free_port()
        # Where browsers reach it: its own port, or a TCP proxy's in front of it (tests/utils/tcp_proxy.py), whose
        # port the front end then names for its websocket too, so every connection goes through the proxy.
        self.public_port = public_port or self.port
        self.url = f"http://localhost:{self.public_port}"
        self.direct_url = f"http://localhost:{self.port}"
        self.own_build = public_url is not None
        self.log = workdir / "app.log"
        public = self.public = public_url or self.url
        self.env = {**os.environ, **env, "CE_PUBLIC_URL": public, "CE_API_URL": public,
                    "REFLEX_WEB_WORKDIR": str(web_dir), "REFLEX_USE_NPM": "1",
                    "REFLEX_CHECK_LATEST_VERSION": "0",
                    "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 600) -> None:
        """The first start in a process builds the front end (Reflex's `--single-port`); later starts, of this
        server or another, reuse that build (`CE_E2E_REBUILD=1`: build every time, as before)."""
        web = Path(self.env["REFLEX_WEB_WORKDIR"])
        rebuild = os.environ.get("CE_E2E_REBUILD") == "1"
        if not _built and not rebuild and os.environ.get(PREBUILT) == "1":
            _built.update(web=SHARED_WEB, port=_built_port(SHARED_WEB))
        if self.public_port != self.port and not _built:
            raise RuntimeError("an app behind a proxy reuses a build: start an app of this process first")
        if self.own_build and _built and web == _built["web"]:
            raise RuntimeError("an app at its own public address needs its own web_dir (private_web_dir)")
        if _built and not rebuild:
            _reuse_build(_built["web"], _built["port"], web, self.public)
            if web == _built["web"]:  # rewritten in place: the template now names this port
                _built["port"] = str(self.public_port)
            command = [sys.executable, "-m", "tests.e2e.backend", str(self.port)]
        else:
            command = [sys.executable, "-m", "reflex", "run", "--env", "prod", "--single-port",
                       "--frontend-port", str(self.port), "--backend-port", str(self.port),
                       "--backend-host", "127.0.0.1"]
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=self.log.open("w"),
                                        stderr=subprocess.STDOUT, start_new_session=True)
        wait_for(f"{self.direct_url}/healthz", timeout, self.process, self.log)
        wait_for(f"{self.direct_url}/login", timeout, self.process, self.log)
        if not _built and not self.own_build:
            _built.update(web=web, port=_built_port(web))

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

    def worker_pids(self) -> list[int]:
        """The backend workers: the children of the server's process forked from it (same command line),
        which leaves out helpers such as multiprocessing's resource tracker."""
        if not self.process or self.process.poll() is not None:
            return []
        try:
            own = Path(f"/proc/{self.process.pid}/cmdline").read_bytes()
        except OSError:
            return []
        workers = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
                if (int(stat[stat.rindex(")") + 2:].split()[1]) == self.process.pid
                        and (entry / "cmdline").read_bytes() == own):
                    workers.append(int(entry.name))
            except (OSError, ValueError):
                continue
        return sorted(workers)

    def restart(self) -> None:
        """Stop and start the backend again (proves nothing lives only in memory)."""
        self.stop()
        self.start()


def prepare() -> None:
    """Build the front end into `.web-e2e` once (installing its packages first if they are missing), before
    parallel test workers copy it; with `CE_E2E_PREBUILT=1` (scripts/test.sh) they reuse this build rather
    than each building its own (AppServer.start)."""
    import tempfile

    os.environ.pop(PREBUILT, None)  # this start is the build the others reuse
    with tempfile.TemporaryDirectory(prefix="ce-e2e-prepare-") as scratch:
        server = AppServer(Path(scratch), {"CE_DATABASE_URL": f"sqlite:///{scratch}/prepare.db"})
        subprocess.run([sys.executable, "-m", "ce_tracker", "migrate"], cwd=ROOT, env=server.env, check=True,
                       capture_output=True)
        try:
            server.start()
        finally:
            server.stop()


if __name__ == "__main__":
    prepare()
