"""Throw-away PostgreSQL and Redis servers on loopback, started by the tests themselves."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from tests.utils.net import free_port


def _as_postgres(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root; run its tools as the postgres user when we are root."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


def _pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}")) or [shutil.which(name)]
    if not found or not found[-1]:
        raise RuntimeError(f"PostgreSQL's {name} not found: apt-get install postgresql")
    return found[-1]


class Postgres:
    """initdb into a temporary directory and serve it on a free loopback port."""

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="ce-pg-"))
        self.port = free_port()
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/ce_tracker"

    def start(self) -> None:
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            os.chown(self.dir, user.pw_uid, user.pw_gid)
        data = self.dir / "data"
        subprocess.run(_as_postgres([_pg_bin("initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
                                     "--no-sync", "-E", "UTF8"]), check=True, capture_output=True)
        subprocess.run(_as_postgres([_pg_bin("pg_ctl"), "-D", str(data), "-l", str(self.dir / "log"), "-w", "start",
                                     "-o", f"-h 127.0.0.1 -p {self.port} -k {self.dir} -c fsync=off"]),
                       check=True, capture_output=True)
        subprocess.run(_as_postgres([_pg_bin("createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
                                     "ce_tracker"]), check=True, capture_output=True)

    def restart(self, mode: str = "fast") -> None:
        """``pg_ctl restart -m fast``, as an operator's restart: every connection is closed, transactions in
        flight roll back, committed ones stay; it returns once the server accepts connections again. ``mode``
        "immediate" stops it as a crash would (no clean shutdown; the data comes back through its WAL)."""
        subprocess.run(_as_postgres([_pg_bin("pg_ctl"), "-D", str(self.dir / "data"), "-l", str(self.dir / "log"),
                                     "-m", mode, "-w", "restart"]), check=True, capture_output=True)

    def stop(self) -> None:
        subprocess.run(_as_postgres([_pg_bin("pg_ctl"), "-D", str(self.dir / "data"), "-m", "immediate", "stop"]),
                       capture_output=True)
        shutil.rmtree(self.dir, ignore_errors=True)


class Redis:
    """redis-server without persistence on a free loopback port."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        binary = shutil.which("redis-server")
        if not binary:
            raise RuntimeError("redis-server not found: apt-get install redis-server")
        self.process = subprocess.Popen([binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                                         "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        import redis
        client = redis.Redis.from_url(self.url)
        for _ in range(100):
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=10)

    def restart(self) -> None:
        """Stop and start again on the same port; without persistence everything it held is gone."""
        self.stop()
        self.start()
