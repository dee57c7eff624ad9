"""Saving a day's credits through the service layer against a raw insert of the same row, 1/4/8 writers.

Why it matters: ``cme.save_day`` is the app's hottest write. Besides the row itself it checks the member is
registered (and takes a share lock on the day), checks the event's claiming window, validates the value,
writes an audit row, and does all of it in one transaction. This prints what that costs next to the bare
floor: a raw SQLAlchemy Core ``INSERT`` of the same ``DayCredit`` row in its own transaction on the same
engine (same pragmas, same ``BEGIN IMMEDIATE``, same commit).

Each writer is a thread with its own attendees (a closed loop: the next save starts when the last one
committed), all released at once; ``saves/s`` is all saves ÷ wall time, latencies are per save, commit
included. Every run inserts new rows (the tables are emptied between runs, untimed).

SQLite: a temporary file made by ``ce_tracker.db.make_engine`` as the app makes it. The app leaves
``synchronous`` at SQLite's default (FULL); the raw insert is also shown with ``synchronous=NORMAL`` for
reference. PostgreSQL: a throw-away server from ``tests/scaleout/servers.py`` (fsync=off, same 2 cores),
or ``--postgres-url`` (an EMPTY database), or ``--no-postgres``.

Run: ``python bench/service_writes.py [--attendees 300] [--writers 1,4,8] [--no-postgres] [--postgres-url URL]``
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

from common import latency_cells, postgres_url, print_machine, print_table  # noqa: E402  (bench/ on sys.path)

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import event, insert, inspect  # noqa: E402
from sqlalchemy.engine import Engine  # noqa: E402
from sqlmodel import Session, SQLModel  # noqa: E402

import ce_tracker.models  # noqa: E402,F401  (registers every table)
from ce_tracker.db import make_engine  # noqa: E402
from ce_tracker.models import DayCredit  # noqa: E402
from ce_tracker.services.events import cme  # noqa: E402
from data import Conference, clear_saves, seed_conference  # noqa: E402

Save = Callable[[], None]


def service_save(engine: Engine, actor, day_id: int, value: str, now: datetime) -> Save:
    def save() -> None:
        with Session(engine, expire_on_commit=False) as session:  # as ce_tracker.db.unit_of_work
            try:
                cme.save_day(session=session, actor=actor, event_day_id=day_id, value=value, now=now)
                session.commit()
            except BaseException:
                session.rollback()
                raise
    return save


def raw_save(engine: Engine, actor, day_id: int, value: str, now: datetime) -> Save:
    row = {"member_id": actor.member_id, "event_day_id": day_id, "credits": Decimal(value), "saved_at": now}

    def save() -> None:
        with engine.begin() as connection:
            connection.execute(insert(DayCredit.__table__).values(**row))
    return save


def run_writers(batches: Sequence[Sequence[Save]]) -> tuple[float, list[float]]:
    """Each batch in its own thread, all released at once; wall time and every save's latency."""
    gate = threading.Barrier(len(batches) + 1)

    def writer(saves: Sequence[Save]) -> list[float]:
        gate.wait()
        latencies = []
        for save in saves:
            start = time.perf_counter()
            save()
            latencies.append(time.perf_counter() - start)
        return latencies

    with ThreadPoolExecutor(len(batches)) as pool:
        futures = [pool.submit(writer, batch) for batch in batches]
        gate.wait()
        start = time.perf_counter()
        latencies = [x for future in futures for x in future.result()]
        wall = time.perf_counter() - start
    return wall, latencies


def measure(engine: Engine, conference: Conference, make: Callable[..., Save], writers: int, now: datetime,
            seed: int) -> tuple[float, list[float]]:
    clear_saves(engine)
    rng = random.Random(seed)
    saves = [[make(engine, actor, day_id, str(rng.randint(0, 32) * Decimal("0.25")), now)
              for day_id in conference.day_ids] for actor in conference.attendees]
    batches = [[s for member in saves[w::writers] for s in member] for w in range(writers)]
    return run_writers(batches)


RATIO_TARGET = 0.5  # the target: save_day at least half the raw insert rate
P99_TARGET_MS = 25  # the target: save_day p99 at 8 writers on SQLite


def bench_database(label: str, engine: Engine, args, now: datetime) -> list[list[str]]:
    if inspect(engine).get_table_names():
        raise SystemExit(f"{engine.url.render_as_string()} already has tables; give an empty scratch database.")
    SQLModel.metadata.create_all(engine)
    conference = seed_conference(engine, args.attendees, now)
    normal = None
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            mode = connection.exec_driver_sql("PRAGMA synchronous").scalar()
        label += f" (synchronous={ {0: 'OFF', 1: 'NORMAL', 2: 'FULL', 3: 'EXTRA'}[mode]})"
        normal = make_engine(str(engine.url))
        event.listen(normal, "connect", lambda c, _r: c.execute("PRAGMA synchronous=NORMAL"))
    rows = []
    for writers in args.writers:
        raw_wall, raw = measure(engine, conference, raw_save, writers, now, args.seed)
        svc_wall, svc = measure(engine, conference, service_save, writers, now, args.seed)
        raw_rate, svc_rate = len(raw) / raw_wall, len(svc) / svc_wall
        rows.append([label, str(writers), "raw INSERT", f"{raw_rate:,.0f}", *latency_cells(raw), "", ""])
        ratio = svc_rate / raw_rate
        target = f">= {RATIO_TARGET}x: {'met' if ratio >= RATIO_TARGET else 'MISSED'}"
        if writers == 8 and engine.dialect.name == "sqlite":
            p99 = float(latency_cells(svc)[2])
            target += f"; p99 <= {P99_TARGET_MS} ms: {'met' if p99 <= P99_TARGET_MS else 'MISSED'}"
        rows.append([label, str(writers), "save_day", f"{svc_rate:,.0f}", *latency_cells(svc), f"{ratio:.2f}x",
                     target])
        if normal is not None:
            wall, lat = measure(normal, conference, raw_save, writers, now, args.seed)
            rows.append([label, str(writers), "raw INSERT, synchronous=NORMAL", f"{len(lat) / wall:,.0f}",
                         *latency_cells(lat), "", ""])
    if normal is not None:
        normal.dispose()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attendees", type=int, default=300, help="attendees; each run saves 3 days of each")
    parser.add_argument("--writers", default="1,4,8", help="concurrent writer threads, comma separated")
    parser.add_argument("--seed", type=int, default=2026, help="seed for the credit values typed")
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    parser.add_argument("--postgres-url", help="an EMPTY PostgreSQL database instead of a throw-away server")
    args = parser.parse_args()
    args.writers = [int(w) for w in args.writers.split(",")]

    print_machine()
    print(f"{args.attendees} attendees x 3 days = {args.attendees * 3} new rows per run\n")
    now = datetime.now(timezone.utc)
    rows = []
    with tempfile.TemporaryDirectory(prefix="ce-bench-") as scratch:
        engine = make_engine(f"sqlite:///{Path(scratch) / 'bench.db'}")
        try:
            rows += bench_database("SQLite", engine, args, now)
        finally:
            engine.dispose()
    if not args.no_postgres:
        server = None
        url = args.postgres_url
        if url is None:
            from tests.scaleout.servers import Postgres
            server = Postgres()
            server.start()
            url = server.url
        engine = make_engine(postgres_url(url))
        print(f"PostgreSQL driver: {engine.dialect.driver}")
        try:
            rows += bench_database("PostgreSQL", engine, args, now)
        finally:
            if args.postgres_url:
                SQLModel.metadata.drop_all(engine)
            engine.dispose()
            if server:
                server.stop()
    print_table(["database", "writers", "what (one transaction each)", "saves/s", "p50 ms", "p95 ms", "p99 ms",
                 "vs raw", "target"], rows)


if __name__ == "__main__":
    main()
