"""Faults beyond the Wi-Fi, at the protocol level: a backend worker killed, Redis restarted, PostgreSQL restarted,
each in the middle of a conference surge on the scale-out stack (PostgreSQL, Redis, two backend workers).

Why: the phone keeps every save until the server answers it and sends it again, under the same id, until it
does (assets/offline/days.js); the server applies each id once (services/events/cme.py). Whether that holds
when the server side itself fails is what this measures: nothing that was confirmed saved may be lost,
nothing may be doubled, and every attendee's waiting saves must go through once service returns.

Each attendee here is such a phone, speaking the app's own protocol (bench/protocol_load.py's Tab): it signs
in (again, if the sign-in failed), opens the event sheet, and sends its three saves in order, each with its
own id, each until the page answers that id; a socket that drops or an answer that does not come within 15 s
makes it reconnect (same state token, as Reflex's client does) and send what waits again; then Submit, until
the sheet says submitted (or the server says it already was). When a third of all saves are confirmed, the
fault is injected:

  worker      SIGKILL one of the two backend worker processes (as the OOM killer would)
  redis       stop redis-server and start it again on the same port, empty (no persistence: every tab's state
              is gone)
  postgres    `pg_ctl restart -m immediate` (no clean shutdown; every pooled connection dies)

Counted afterwards, from the database: every confirmed save is there (its id recorded, the day holding its
value), every day saved exactly once with the value typed, one submission, certificate and audit row per
attendee (bench/conference_surge.py's count). Printed per fault: how long after the fault the first save sent
after it was confirmed (service back), how long until every attendee was done, the longest any one save
waited from its first send to its answer, and how many sends were retries. Anything lost or doubled makes
the script exit 1.

Run: ``python bench/faults.py [--attendees 200] [--concurrency 50] [--faults worker,redis,postgres]``
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from common import postgres_url, print_machine, print_table  # noqa: E402  (bench/ on sys.path)

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402
from conference_surge import count  # noqa: E402
from protocol_load import (  # noqa: E402
    EVENT,
    Tab,
    build_facts,
    group_pids,
    migrate,
    row_saved,
    save_form,
    seed,
    sign_in,
)
from sqlalchemy import select  # noqa: E402
from sqlmodel import Session  # noqa: E402

from ce_tracker.db import make_engine  # noqa: E402
from ce_tracker.models import DayCredit, DaySave, Member  # noqa: E402
from tests.e2e.server import SHARED_WEB, AppServer  # noqa: E402
from tests.scaleout.servers import Postgres, Redis  # noqa: E402

ANSWER_S = 15  # an answer that has not come by then is taken as lost: reconnect and send again
RETRY_S = (0.3, 1.5)  # a phone's pause before it tries again (random within)


@dataclass
class Run:
    """What the attendees of one fault run saw, in seconds since the surge started."""

    start: float = field(default_factory=time.perf_counter)
    fault_at: float | None = None
    confirmed: list[tuple[int, str, str, str, float, float]] = field(default_factory=list)  # member, day, value, id, first send, answer
    sends: int = 0
    retries: int = 0
    reconnects: int = 0
    done: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    total_saves: int = 0

    def now(self) -> float:
        return time.perf_counter() - self.start


def submitted(delta: dict, _events: list) -> bool:
    page = delta.get(EVENT, {})
    if page.get("phase_rx_state_") == "submitted":
        return True
    error = page.get("error_rx_state_") or ""
    if "already submitted" in error:  # our earlier try went through; its answer was lost
        return True
    if error:
        raise RuntimeError(f"submit refused: {error}")
    return False


async def ask(tab: Tab, handler: str, payload: dict, path: str, query: dict, done) -> None:
    """Send one event; return once ``done`` holds, raise if the page's answer ends without it or never comes."""
    await tab.client.emit("event", {"name": handler, "payload": payload,
                                    "router_data": {"pathname": path, "asPath": path, "query": query}},
                          namespace="/_event")
    deadline = time.monotonic() + ANSWER_S
    while True:
        update = await asyncio.wait_for(tab.updates.get(), max(0.1, deadline - time.monotonic()))
        if done(update.get("delta") or {}, update.get("events") or []):
            return
        if update.get("final", True):
            delta = update.get("delta") or {}
            shown = {k.rsplit(".", 1)[-1]: sorted(v) for k, v in delta.items()}
            raise RuntimeError(f"answered without it (the server failed the event): delta {shown}, "
                               f"events {[e.get('name') for e in update.get('events') or []]}")


async def phone(run: Run, url: str, facts, email: str, number: str, member_id: int, activity_id: int,
                day_ids: list[int], values: list[str]) -> None:
    """One attendee's phone: sign in, then each save until answered, then Submit, whatever fails meanwhile."""
    path, query = f"/cme/{activity_id}", {"event_id": str(activity_id)}
    waiting = [(str(d), v, str(uuid.uuid4())) for d, v in zip(day_ids, values)]
    first_sent: dict[str, float] = {}
    cookie, token, is_submitted = None, str(uuid.uuid4()), False
    throwaway = {k: [] for k in ("hydrate", "login event", "POST /auth/session")}
    while waiting or not is_submitted:
        tab, stage = None, "sign-in"
        try:
            if cookie is None:
                async with aiohttp.ClientSession() as http:
                    cookie = await asyncio.wait_for(sign_in(http, url, facts, email, throwaway, path), 20)
            stage = "open"
            tab = Tab(url, facts, cookie, token)
            try:
                await asyncio.wait_for(tab.open(path, query), 30)
            finally:
                token = tab.token or token  # a new one the server gave, kept as the browser keeps it
            stage = "save"
            while waiting:
                day, value, save_id = waiting[0]
                run.sends += 1
                if save_id in first_sent:
                    run.retries += 1
                first_sent.setdefault(save_id, run.now())
                await ask(tab, f"{EVENT}.save", save_form(day, value, save_id, number), path, query,
                          row_saved(day, value, save_id))
                run.confirmed.append((member_id, day, value, save_id, first_sent[save_id], run.now()))
                waiting.pop(0)
            stage = "submit"
            await ask(tab, f"{EVENT}.submit", {}, path, query, submitted)
            is_submitted = True
        except Exception as error:  # noqa: BLE001 - a fault: counted, then the phone tries again
            run.reconnects += 1
            if len(run.errors) < 2000:
                run.errors.append(f"{stage}, {type(error).__name__}: {error}"[:160])
            await asyncio.sleep(random.uniform(*RETRY_S))
        finally:
            if tab is not None:
                try:
                    await asyncio.wait_for(tab.close(), 5)
                except Exception:  # noqa: BLE001 - a dead socket
                    pass
                http = getattr(tab.client.eio, "http", None)  # a failed connect leaves its HTTP session open
                if http is not None and not http.closed:
                    await http.close()
    run.done.append(run.now())


def worker_pids(app: AppServer) -> list[int]:
    """The backend worker processes: granian's children (the app's process is granian's supervisor)."""
    workers = []
    for pid in group_pids(app):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        if int(stat[stat.rindex(")") + 2:].split()[1]) == app.process.pid:
            workers.append(pid)
    return sorted(workers)


class Stack:
    """PostgreSQL, Redis and the app with two workers, and the three faults."""

    def __init__(self, workdir: Path) -> None:
        self.postgres, self.redis = Postgres(), Redis()
        self.workdir = workdir

    def start(self) -> None:
        self.postgres.start()
        self.redis.start()
        self.url = postgres_url(self.postgres.url)
        self.app = AppServer(self.workdir, {"CE_DATABASE_URL": self.url, "CE_REDIS_URL": self.redis.url,
                                            "CE_BACKEND_WORKERS": "2"})
        migrate(self.app.env)
        self.app.start()
        self.engine = make_engine(self.url)

    def stop(self) -> None:
        self.app.stop()
        self.engine.dispose()
        self.redis.stop()
        self.postgres.stop()

    def inject(self, fault: str) -> str:
        if fault == "worker":
            workers = worker_pids(self.app)
            os.kill(workers[0], signal.SIGKILL)
            return f"SIGKILL to backend worker {workers[0]} (of {workers})"
        if fault == "redis":
            self.redis.stop()
            self.redis.start()
            return "redis-server stopped and started again, empty"
        if fault == "postgres":
            self.postgres.restart()
            return "PostgreSQL restarted (pg_ctl restart -m immediate)"
        raise ValueError(fault)


async def surge(stack: Stack, fault: str, args, conference, emails: dict, numbers: dict, values: dict) -> Run:
    run = Run(total_saves=3 * len(conference.attendees))
    gate = asyncio.Semaphore(args.concurrency)
    facts = build_facts(SHARED_WEB)

    async def one(actor) -> None:
        async with gate:
            await phone(run, stack.app.url, facts, emails[actor.member_id], numbers[actor.member_id],
                        actor.member_id, conference.activity_id, conference.day_ids, values[actor.member_id])

    async def injector() -> None:
        while len(run.confirmed) < run.total_saves // 3:
            await asyncio.sleep(0.05)
        run.fault_at = run.now()
        what = await asyncio.get_running_loop().run_in_executor(None, stack.inject, fault)
        print(f"  fault at {run.fault_at:.1f} s, after {len(run.confirmed):,} confirmed saves: {what} "
              f"(took {run.now() - run.fault_at:.1f} s)")

    async def progress() -> None:
        while len(run.done) < len(conference.attendees):
            await asyncio.sleep(10)
            print(f"  {run.now():6.1f} s: {len(run.confirmed):,} saves confirmed, {len(run.done):,} attendees done, "
                  f"{run.reconnects:,} reconnects" + (f" (last: {run.errors[-1]})" if run.errors else ""),
                  file=sys.stderr, flush=True)

    await asyncio.gather(injector(), progress(), *(one(a) for a in conference.attendees))
    return run


def confirmed_but_missing(engine, run: Run) -> list[str]:
    """Every save a phone was told went through, looked up: its id recorded, its day holding its value."""
    problems = []
    with Session(engine) as session:
        ids = {(m, s) for m, s in session.execute(select(DaySave.member_id, DaySave.save_id)).all()}
        credits = {(m, str(d)): c for m, d, c in session.execute(
            select(DayCredit.member_id, DayCredit.event_day_id, DayCredit.credits)).all()}
    for member, day, value, save_id, _sent, _answered in run.confirmed:
        if (member, save_id) not in ids:
            problems.append(f"confirmed save {save_id} of member {member} has no record")
        if credits.get((member, day)) != Decimal(value):
            problems.append(f"confirmed save of member {member} day {day}: {value}, stored {credits.get((member, day))}")
    return problems


def report(fault: str, run: Run, problems: list[str]) -> list[str]:
    after = [answered for *_, sent, answered in run.confirmed if run.fault_at is not None and sent >= run.fault_at]
    back = min(after) - run.fault_at if after else float("nan")
    longest = max((answered - sent for *_, sent, answered in run.confirmed), default=0.0)
    finished = max(run.done) - run.fault_at if run.done and run.fault_at is not None else float("nan")
    kinds: dict[str, int] = {}
    for error in run.errors:
        kinds[error.split(":")[0]] = kinds.get(error.split(":")[0], 0) + 1  # "stage, exception"
    print(f"  {len(run.done):,} attendees done; {len(run.confirmed):,} saves confirmed of {run.total_saves:,}; "
          f"{run.sends:,} save sends, {run.retries:,} of them retries; {run.reconnects:,} reconnects "
          f"({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))})")
    print(f"  service back (first save sent after the fault confirmed): {back:.1f} s after it; every attendee done "
          f"{finished:.1f} s after it; longest wait of one save {longest:.1f} s")
    print(f"  lost or doubled: {len(problems)}" + (": " + "; ".join(problems[:10]) if problems else ""))
    return [fault, f"{back:.1f} s", f"{finished:.1f} s", f"{longest:.1f} s", f"{run.retries:,}",
            f"{run.reconnects:,}", str(len(problems))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attendees", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=50, help="attendees in their flow at one time")
    parser.add_argument("--faults", default="worker,redis,postgres")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--real-hash", action="store_true", help="the app's argon2 parameters for the bench members")
    args = parser.parse_args()
    print_machine()
    now = datetime.now(UTC)
    rows, problems = [], []
    with tempfile.TemporaryDirectory(prefix="ce-bench-faults-") as scratch:
        for fault in args.faults.split(","):
            stack = Stack(Path(scratch) / fault)
            stack.workdir.mkdir()
            stack.start()
            try:
                conference, emails, values = seed(stack.engine, args, now, f"f{fault[:3]}", args.attendees)
                with Session(stack.engine) as session:
                    numbers = dict(session.execute(select(Member.id, Member.member_number).where(
                        Member.id.in_(emails))).all())
                print(f"\n== {fault}: {args.attendees:,} attendees, {args.concurrency} at a time, PostgreSQL + Redis, "
                      "two backend workers")
                run = asyncio.run(surge(stack, fault, args, conference, emails, numbers, values))
                found = count(stack.engine, conference, values) + confirmed_but_missing(stack.engine, run)
                problems += [f"{fault}: {p}" for p in found]
                rows.append(report(fault, run, found))
            finally:
                stack.stop()
    print("\n== the three faults")
    print_table(["fault", "service back", "all done", "longest wait", "retries", "reconnects", "lost or doubled"],
                rows)
    if problems:
        print(f"\n{len(problems)} PROBLEMS:\n" + "\n".join(problems[:30]))
        raise SystemExit(1)
    print("\n0 lost, 0 doubled: every confirmed save is in the database once, and every waiting save went through.")


if __name__ == "__main__":
    main()
