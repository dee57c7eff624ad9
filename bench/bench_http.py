"""Benchmark the running app over HTTP: a static page (/login) and a backend route (/healthz).

Why it matters: these are the floor of what a browser waits for. /login is the prebuilt front end served
from the production build; /healthz goes through the backend's Starlette route and opens one unit of work
on the database. Anything a page does costs at least this much on top of the services' own time.

It starts the real app exactly as the end-to-end tests do (``tests/e2e/server.py``'s ``AppServer``:
``reflex run --env prod --single-port`` on a free loopback port, build directory ``.web-e2e``) with a
temporary SQLite database migrated by ``python -m ce_tracker migrate``, sends ``--requests`` sequential GETs
per path with urllib (a new connection each, no keep-alive), and always stops the app at the end.
The first start builds the front end and can take minutes; later starts reuse the build.

Run: ``python bench/bench_http.py [--requests 300] [--warmup 20] [--web-workdir DIR]``
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from common import p95, print_machine, print_table  # noqa: E402  (bench/ is on sys.path when run)

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.e2e.server import AppServer  # noqa: E402


def get(url: str) -> float:
    """One GET, body read to the end; returns the seconds it took. Anything but 200 is an error."""
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=30) as response:
        response.read()
        if response.status != 200:
            raise RuntimeError(f"{url} answered {response.status}")
    return time.perf_counter() - start


def bench(name: str, url: str, requests: int, warmup: int) -> list[str]:
    for _ in range(warmup):
        get(url)
    start = time.perf_counter()
    ms = [get(url) * 1000 for _ in range(requests)]
    wall = time.perf_counter() - start
    return [name, f"{requests:,}", f"{requests / wall:,.0f}", f"{statistics.median(ms):.2f}", f"{p95(ms):.2f}"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300, help="timed GETs per path")
    parser.add_argument("--warmup", type=int, default=20, help="untimed GETs per path first")
    parser.add_argument("--web-workdir", type=Path,
                        help="Reflex build directory instead of .web-e2e (e.g. a copy, while e2e tests run)")
    parser.add_argument("--start-timeout", type=float, default=900, help="seconds to wait for the app to answer")
    args = parser.parse_args()

    print_machine()
    with tempfile.TemporaryDirectory(prefix="ce-bench-http-") as workdir:
        server = AppServer(Path(workdir), {"CE_DATABASE_URL": f"sqlite:///{Path(workdir) / 'bench.db'}"})
        if args.web_workdir:
            server.env["REFLEX_WEB_WORKDIR"] = str(args.web_workdir.resolve())
        subprocess.run([sys.executable, "-m", "ce_tracker", "migrate"], cwd=ROOT, env=server.env, check=True,
                       capture_output=True)
        try:
            start = time.perf_counter()
            server.start(timeout=args.start_timeout)
            print(f"app:     {server.url} (reflex prod, single port), answering after "
                  f"{time.perf_counter() - start:.1f} s\n")
            rows = [bench("GET /login (static page)", f"{server.url}/login", args.requests, args.warmup),
                    bench("GET /healthz (backend + DB)", f"{server.url}/healthz", args.requests, args.warmup)]
            print_table(["request (sequential)", "requests", "req/s", "median ms", "p95 ms"], rows)
        finally:
            server.stop()


if __name__ == "__main__":
    main()
