"""Benchmark the calendar feed: ``/calendar/<token>.ics`` for one member with a busy five-year history.

Why it matters: calendar apps poll every subscribed feed (Google every few hours, Apple as often as every
5 minutes), with no one waiting but many feeds at once; the target is "well under 50 ms" per feed.

The member: a term started four years ago, 25 registered events over five years (3 still open, 2 upcoming),
6 pending approval requests, 60 recorded courses. Measured: the whole service call as the route makes it
(token lookup, every deadline query, the RFC 5545 text) on SQLite in WAL mode, after 20 warm-up calls.

Run: ``python bench/calendar_feed.py [--calls 300]``
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from common import latency_cells, print_machine, print_table  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlmodel import Session, SQLModel  # noqa: E402

from ce_tracker.clock import utcnow  # noqa: E402
from ce_tracker.config import settings  # noqa: E402
from ce_tracker.db import make_engine  # noqa: E402
from ce_tracker.rules import CMI, local_date  # noqa: E402
from ce_tracker.services.reminders import calendar_feed  # noqa: E402
from tests.utils import factories as f  # noqa: E402


def build(session: Session) -> str:
    today = local_date(CMI, utcnow())
    member = f.person(session, certified_on=today - timedelta(days=4 * 365))
    for i in range(25):
        ends = today + timedelta(days=20) - timedelta(days=i * 70) if i > 1 else today + timedelta(days=30 - 10 * i)
        if i in (2, 3, 4):
            ends = today - timedelta(days=3 * i)
        event = f.event(session, ends_on=ends, title=f"Event {i}")
        f.register(session, member, *f.event_days(session, event))
    for i in range(6):
        f.approval_request(session, member, ends_on=today - timedelta(days=2 + i), title=f"Workshop {i}",
                           now=f.at(today - timedelta(days=1)))
    for i in range(60):
        f.course_credit(session, member, ("Art", "Biomedical", "Business")[i % 3], "1",
                        today - timedelta(days=20 * i + 5), title=f"Course {i}")
    return calendar_feed.create_feed(session=session, actor=member, now=utcnow())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--calls", type=int, default=300)
    args = parser.parse_args()
    print_machine()
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{folder}/bench.db")
        SQLModel.metadata.create_all(engine)
        with Session(engine) as session:
            token = build(session)
            session.commit()
        times, size, entries = [], 0, 0
        for i in range(20 + args.calls):
            started = time.perf_counter()
            with Session(engine) as session:
                ics = calendar_feed.feed_ics(session=session, token=token, now=utcnow(), settings=settings)
            if i >= 20:
                times.append(time.perf_counter() - started)
            size, entries = len(ics), ics.count(b"BEGIN:VEVENT")
        engine.dispose()
    print(f"feed: {entries} entries, {size:,} bytes\n")
    print_table(["calendar feed, one member", "p50 ms", "p95 ms", "p99 ms"],
                [[f"{args.calls} calls", *latency_cells(times)]])


if __name__ == "__main__":
    main()
