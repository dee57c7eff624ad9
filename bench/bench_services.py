"""Benchmark the CME Tracker services against a real database, one unit of work (commit) per call.

Why it matters: every click on the credit-entry pages is one of these calls inside one transaction, so
their latency is the floor under the app's response time, and on SQLite (where every transaction begins
IMMEDIATE and so holds the write lock) their serial throughput is the ceiling for the whole site.

A fresh temporary SQLite database (WAL, foreign keys, BEGIN IMMEDIATE: ``ce_tracker.db.make_engine``, as in
the app) gets the CMI program, ``--members`` certified members (made through ``members.add_member`` with no
password, so no argon2 hashing) and one concluded 3-day event every member is registered for. Then, in order:

  save_day (new)        every member saves each of the 3 days (inserts a DayCredit row)
  save_day (update)     every member saves each day again with another value (conditional UPDATE)
  save_day (update) xT  the same, from ``--threads`` threads at once, each thread with its own members
  event_sheet           the credit-entry page's data, once per member
  my_events             the member's CME Tracker list, once per member
  submit_event          the final submit (seals the days, issues a certificate), once per member
  credit_record         the member's term record and standing (includes the submitted event)

``--database-url`` runs the same against another database (e.g. a scratch PostgreSQL database): it must
have no tables; they are created for the run and dropped at the end.

Run: ``python bench/bench_services.py [--members 200] [--threads 4] [--seed 2026] [--database-url URL]``
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

from common import p95, print_machine, print_table  # noqa: E402  (bench/ is on sys.path when run)

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import inspect  # noqa: E402
from sqlalchemy.engine import Engine  # noqa: E402
from sqlmodel import Session, SQLModel  # noqa: E402

import ce_tracker.models  # noqa: E402,F401  (registers every table)
from ce_tracker.db import make_engine  # noqa: E402
from ce_tracker.models import Activity, ActivityKind, EventDay, Registration  # noqa: E402
from ce_tracker.rules import CMI, local_date  # noqa: E402
from ce_tracker.services import cme, record  # noqa: E402
from ce_tracker.services.actors import Actor, load_actor  # noqa: E402
from ce_tracker.services.members import NewMember, add_member  # noqa: E402
from ce_tracker.services.programs import categories_of, install_program  # noqa: E402

Work = Callable[[Session], object]
DAY_MAX = Decimal("8")


def unit(engine: Engine, work: Work) -> float:
    """Run ``work`` in one transaction as the app's ``unit_of_work`` does; returns the seconds it took."""
    start = time.perf_counter()
    with Session(engine, expire_on_commit=False) as session:
        try:
            work(session)
            session.commit()
        except BaseException:
            session.rollback()
            raise
    return time.perf_counter() - start


def run_serial(engine: Engine, works: Sequence[Work]) -> tuple[float, list[float]]:
    """Wall time and per-call latencies of ``works`` one after another."""
    start = time.perf_counter()
    latencies = [unit(engine, work) for work in works]
    return time.perf_counter() - start, latencies


def run_threads(engine: Engine, batches: Sequence[Sequence[Work]]) -> tuple[float, list[float]]:
    """Each batch in its own thread, all released at once; wall time and every call's latency."""
    gate = threading.Barrier(len(batches) + 1)

    def worker(works: Sequence[Work]) -> list[float]:
        gate.wait()
        return [unit(engine, work) for work in works]

    with ThreadPoolExecutor(len(batches)) as pool:
        futures = [pool.submit(worker, batch) for batch in batches]
        gate.wait()
        start = time.perf_counter()
        latencies = [x for future in futures for x in future.result()]
        wall = time.perf_counter() - start
    return wall, latencies


def row(name: str, wall: float, latencies: Sequence[float]) -> list[str]:
    ms = [x * 1000 for x in latencies]
    return [name, f"{len(ms):,}", f"{len(ms) / wall:,.0f}", f"{statistics.median(ms):.2f}", f"{p95(ms):.2f}"]


# --- The data -------------------------------------------------------------------------------------

def seed(engine: Engine, members: int, now: datetime) -> tuple[int, list[int], list[Actor]]:
    """The program, ``members`` certified members, and a 3-day event that ended 3 days ago (claiming open)."""
    today = local_date(CMI, now)
    with Session(engine, expire_on_commit=False) as session:
        program = install_program(session, CMI)
        biomedical = next(c for c in categories_of(session, program.id) if c.name == "Biomedical")
        ends_on = today - timedelta(days=3)
        activity = Activity(kind=ActivityKind.EVENT, title="Benchmark Conference", provider="AMI",
                            location="Denver, CO", starts_on=ends_on - timedelta(days=2), ends_on=ends_on,
                            category_id=biomedical.id, designation="Designated for a maximum of 24 CE credits.")
        session.add(activity)
        session.flush()
        days = [EventDay(activity_id=activity.id, day=activity.starts_on + timedelta(days=i), max_credits=DAY_MAX)
                for i in range(3)]
        session.add_all(days)
        session.flush()
        actors = []
        certified_on = date(today.year - 1, today.month, min(today.day, 28))
        for n in range(members):
            member = add_member(session, NewMember(f"Bench Member {n}", f"bench{n}@example.test", f"bench{n}",
                                                   certified_on=certified_on), password=None, actor_id=None)
            session.add_all(Registration(member_id=member.id, event_day_id=d.id) for d in days)
            session.flush()
            actors.append(load_actor(session, member.id))
        session.commit()
        return activity.id, [d.id for d in days], actors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=200, help="members registered for the event")
    parser.add_argument("--threads", type=int, default=4, help="threads for the concurrent save_day figure")
    parser.add_argument("--seed", type=int, default=2026, help="seed for the credit values typed")
    parser.add_argument("--database-url", help="an EMPTY database to use instead of a temporary SQLite file")
    args = parser.parse_args()

    print_machine()
    scratch = None if args.database_url else tempfile.TemporaryDirectory(prefix="ce-bench-")
    url = args.database_url or f"sqlite:///{Path(scratch.name) / 'bench.db'}"
    engine = make_engine(url)
    if inspect(engine).get_table_names():
        raise SystemExit(f"{engine.url.render_as_string()} already has tables; give an empty scratch database.")
    SQLModel.metadata.create_all(engine)
    print(f"database: {engine.dialect.name} ({engine.url.render_as_string()})")
    try:
        now = datetime.now(timezone.utc)
        start = time.perf_counter()
        activity_id, day_ids, actors = seed(engine, args.members, now)
        print(f"seeded {args.members} members x {len(day_ids)} registered days in "
              f"{time.perf_counter() - start:.1f} s\n")
        rng = random.Random(args.seed)

        def saves() -> list[list[Work]]:
            """Per member, one save_day call per registered day with a random quarter-hour value."""
            return [[lambda s, a=actor, d=day, v=str(rng.randint(0, 32) * Decimal("0.25")):
                     cme.save_day(session=s, actor=a, event_day_id=d, value=v, now=now) for day in day_ids]
                    for actor in actors]

        def each(call: Callable[..., object], **kwargs: object) -> list[Work]:
            return [lambda s, a=actor: call(session=s, actor=a, now=now, **kwargs) for actor in actors]

        rows = [row("save_day (new)", *run_serial(engine, [w for member in saves() for w in member])),
                row("save_day (update)", *run_serial(engine, [w for member in saves() for w in member]))]
        per_member = saves()
        batches = [[w for member in per_member[t::args.threads] for w in member] for t in range(args.threads)]
        rows.append(row(f"save_day (update) x{args.threads} threads", *run_threads(engine, batches)))
        rows.append(row("event_sheet", *run_serial(engine, each(cme.event_sheet, activity_id=activity_id))))
        rows.append(row("my_events", *run_serial(engine, each(cme.my_events))))
        rows.append(row("submit_event", *run_serial(engine, each(cme.submit_event, activity_id=activity_id))))
        rows.append(row("credit_record", *run_serial(engine, each(record.credit_record))))
        print_table(["operation (one commit each)", "calls", "ops/s", "median ms", "p95 ms"], rows)
    finally:
        if args.database_url:
            SQLModel.metadata.drop_all(engine)
        engine.dispose()
        if scratch:
            scratch.cleanup()


if __name__ == "__main__":
    main()
