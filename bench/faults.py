"""Faults beyond the Wi-Fi, at the protocol level: a backend worker killed, Redis restarted, PostgreSQL restarted,
each in the middle of a surge of saves, on PostgreSQL + Redis with two backend workers.

Why: the phone keeps every save until the server answers it and sends it again, under the same id, whenever it
cannot know that it arrived (assets/offline/days.js); the server applies each id once (``DaySave``). This script
checks that promise against the faults a deployment meets, as the server sees them, without a browser on the
same cores: nothing the server confirmed is lost, nothing is applied twice, and every attendee's pending saves
go through once service returns; and it times each recovery.

Each simulated attendee is a phone on the event page, speaking the app's own protocol (bench/protocol_load.py's
client: the Socket.IO websocket with the hydrate event in the CONNECT packet, the real sign-in). It behaves as the
page's script does: it types a new value for one of its three days every ``--interval`` seconds (give or take
half), queues the save with a fresh id (a newer save of a day replaces a waiting one), and sends what waits, in
order, whenever it is connected and hydrated; a save unanswered for 10 s is sent again. A save counts as
confirmed only when the server's answer arrives: the page's ``answered`` var naming the day's save id, with no
refusal under the day. When the connection drops, the phone reconnects with the browser's backoff (200 ms per
failed try, at most 2 s) under the same tab token and sends everything still waiting, with the same ids.

Three phases, one fault each, ``--fault-at`` seconds into ``--surge`` seconds of typing, then the queues drain
(at most ``--drain`` seconds): SIGKILL of one granian worker (``AppServer.worker_pids``: the supervisor's forked
children); redis-server stopped and started again on its port (no persistence, so every tab's state is
gone); ``pg_ctl restart -m fast``. Afterwards the database is counted: every confirmed save is there exactly once
with its day and value; no day is stored twice (the unique constraints hold); one audit row per save applied
(nothing applied twice); every attendee's last value of each day is the stored one.

Recovery, per fault, from the moment it was injected: the first save confirmed after it (anyone's); the time
until every attendee had a save confirmed again; and until every save that waited at the fault or was made
before its attendee's service returned was confirmed, or replaced by a newer save of its day as the page does
(all pending drained).

Run: ``python bench/faults.py [--attendees 60] [--interval 2] [--surge 25] [--fault-at 8] [--faults ...]
[--verbose] [--app-log FILE]``; about 100 s on the 2-core machine.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from common import latency_cells, postgres_url, print_machine, print_table

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import aiohttp
import socketio
from data import seed_conference
from passlib.hash import argon2
from protocol_load import EVENT, NAMESPACE, PASSWORD, ROOT_STATE, build_facts, migrate, new_times, save_form, sign_in
from sqlalchemy import func, select
from sqlmodel import Session

from ce_tracker.db import make_engine
from ce_tracker.models import AuditEntry, DayCredit, DaySave, Member
from tests.e2e.server import PREBUILT, SHARED_WEB, AppServer
from tests.scaleout.servers import Postgres, Redis

RESEND_S = 10.0  # the page's RESEND_MS: a save unanswered this long on a live page is sent again (--resend)
HYDRATE_TIMEOUT_S = 15.0  # a connection not hydrated by then is dropped and tried again
FAULTS = ("worker killed", "Redis restarted", "PostgreSQL restarted")


@dataclass
class Save:
    """One tap on the disc: a day's value under the phone's own id for it."""

    day: str
    value: str
    id: str
    made: float
    sends: int = 0
    confirmed: float | None = None
    superseded: float | None = None  # a newer save of the same day replaced it while it waited

    @property
    def settled(self) -> float | None:
        return self.confirmed if self.confirmed is not None else self.superseded


@dataclass
class Phone:
    """One attendee's phone on the event page: its tab token, its queue, its connection."""

    member_id: int
    number: str  # the member ID the page keeps its saves under (sent with each save)
    cookie: str
    token: str = field(default_factory=lambda: str(uuid.uuid4()))  # the tab's, kept across reconnects
    queue: list[Save] = field(default_factory=list)
    made: list[Save] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)
    sent_at: dict[str, float] = field(default_factory=dict)  # save id -> last sent, this connection only
    client: socketio.AsyncClient | None = None
    live: bool = False
    drops: list[float] = field(default_factory=list)  # when the connection was lost
    server_errors: int = 0  # the backend's error toasts (an event that raised)
    wake: asyncio.Event = field(default_factory=asyncio.Event)
    lost: asyncio.Event = field(default_factory=asyncio.Event)

    def type_value(self, day: str, value: str) -> Save:
        """The disc: queue the save (a newer save of a day replaces the waiting one, as the page does)."""
        now = time.perf_counter()
        for waiting in self.queue:
            if waiting.day == day:
                waiting.superseded = now
        save = Save(day, value, str(uuid.uuid4()), now)
        self.queue = [s for s in self.queue if s.day != day] + [save]
        self.made.append(save)
        self.wake.set()
        return save

    def on_update(self, update: dict) -> None:
        """The server's answers, as the page reads them: a save whose id it answered leaves the queue."""
        page = (update.get("delta") or {}).get(EVENT, {})
        if "errors_rx_state_" in page:
            self.errors = page["errors_rx_state_"] or {}
        for event in update.get("events") or []:
            if "An error occurred" in json.dumps(event):  # the backend's toast for an event that raised
                self.server_errors += 1
        if (root := (update.get("delta") or {}).get(ROOT_STATE)) and root.get("is_hydrated_rx_state_") is True:
            self.live = True
            self.wake.set()
        answered = page.get("answered_rx_state_")
        if not answered:
            return
        now = time.perf_counter()
        for save in [s for s in self.queue if answered.get(s.day) == s.id]:
            self.queue.remove(save)
            self.sent_at.pop(save.id, None)
            if self.errors.get(save.day):
                self.refused.append(f"member {self.member_id} day {save.day} value {save.value}: "
                                    f"{self.errors[save.day]}")
                save.superseded = now  # the page puts it back in the box: the attendee would save it again
            else:
                save.confirmed = now

    def on_disconnect(self, client: socketio.AsyncClient) -> None:
        """The socket closed (the server went away, or this phone gave up on it): nothing counts as sent."""
        if client is not self.client:
            return  # an earlier connection's goodbye, after this phone moved on
        if self.live:
            self.drops.append(time.perf_counter())
        self.live = False
        self.sent_at.clear()  # offline, nothing counts as sent: everything waiting goes again
        self.lost.set()
        self.wake.set()


class Surge:
    """Every phone of the run, and the app they talk to."""

    def __init__(self, url: str, facts, path: str, query: dict, phones: list[Phone]) -> None:
        self.url, self.facts, self.path, self.query, self.phones = url, facts, path, query, phones
        self.stopping = False
        self.resend = RESEND_S

    async def connect(self, phone: Phone) -> bool:
        """Open the tab's websocket with the hydrate event in the CONNECT packet, as the page's client does;
        True once the page is hydrated on it."""
        hashes, schema = self.facts
        boot = {"name": f"{ROOT_STATE}.hydrate_and_load", "payload": {"hashes": hashes},
                "router_data": {"pathname": self.path, "asPath": self.path, "query": self.query}}
        client = socketio.AsyncClient(reconnection=False)
        client.on("event", phone.on_update, namespace=NAMESPACE)
        client.on("disconnect", lambda *_reason: phone.on_disconnect(client), namespace=NAMESPACE)
        phone.client, phone.live = client, False
        phone.lost.clear()
        try:
            await client.connect(f"{self.url}?token={phone.token}", socketio_path=NAMESPACE, namespaces=[NAMESPACE],
                                 transports=["websocket"], wait_timeout=10,
                                 headers={"Cookie": f"ce_session={phone.cookie}"},
                                 auth={"event": boot, "state_schema": schema})
            deadline = time.perf_counter() + HYDRATE_TIMEOUT_S
            while not phone.live and not phone.lost.is_set() and time.perf_counter() < deadline:
                await asyncio.sleep(0.05)
        except (TimeoutError, socketio.exceptions.ConnectionError, OSError):
            pass
        if phone.live and not phone.lost.is_set():
            return True
        phone.client, phone.live = None, False
        await _quietly(client.disconnect())
        return False

    async def keep_connected(self, phone: Phone) -> None:
        """Reconnect whenever the socket drops, with the browser's backoff (200 ms per failed try, up to 2 s)."""
        failed = 0
        while not self.stopping:
            if phone.client is None or phone.lost.is_set():
                old, phone.client = phone.client, None
                if old is not None:
                    await _quietly(old.disconnect())
                if await self.connect(phone):
                    failed = 0
                else:
                    failed = min(failed + 1, 10)
                    await asyncio.sleep(0.2 * failed)
                continue
            try:
                await asyncio.wait_for(phone.lost.wait(), 1.0)
            except TimeoutError:
                pass

    async def send_waiting(self, phone: Phone) -> None:
        """Send what waits, in the order it was made; again after RESEND_S without an answer (the page's loop)."""
        while not self.stopping:
            phone.wake.clear()
            client = phone.client
            if phone.live and client is not None:
                now = time.perf_counter()
                for save in list(phone.queue):
                    at = phone.sent_at.get(save.id)
                    if at is None or now - at > self.resend:
                        phone.sent_at[save.id] = now
                        save.sends += 1
                        try:
                            await client.emit("event", {"name": f"{EVENT}.save",
                                                        "payload": save_form(save.day, save.value, save.id,
                                                                             phone.number),
                                                        "router_data": {"pathname": self.path, "asPath": self.path,
                                                                        "query": self.query}},
                                              namespace=NAMESPACE)
                        except (socketio.exceptions.BadNamespaceError, socketio.exceptions.SocketIOError, OSError):
                            phone.sent_at.pop(save.id, None)
                            break
            try:
                await asyncio.wait_for(phone.wake.wait(), 0.5)
            except TimeoutError:
                pass

    async def close(self) -> None:
        self.stopping = True
        await asyncio.gather(*(_quietly(p.client.disconnect()) for p in self.phones if p.client is not None))


async def _quietly(coroutine) -> None:
    try:
        await asyncio.wait_for(coroutine, 5)
    except Exception:  # noqa: BLE001 - closing a socket that is already gone
        pass


# -- the faults -----------------------------------------------------------------------------------------------

def kill_worker(app: AppServer, _redis: Redis, _postgres: Postgres) -> str:
    workers = app.worker_pids()
    if not workers:
        raise RuntimeError("no backend worker found")
    victim = workers[0]
    os.kill(victim, signal.SIGKILL)
    return f"SIGKILL to worker pid {victim} (of {workers})"


def restart_redis(_app: AppServer, redis: Redis, _postgres: Postgres) -> str:
    redis.restart()
    return f"redis-server stopped and started again on port {redis.port} (no persistence: every tab's state gone)"


def restart_postgres(_app: AppServer, _redis: Redis, postgres: Postgres) -> str:
    postgres.restart()
    return "pg_ctl restart -m fast (every connection closed, in-flight transactions rolled back)"


INJECT = dict(zip(FAULTS, (kill_worker, restart_redis, restart_postgres)))


# -- one phase ------------------------------------------------------------------------------------------------

async def type_for(phone: Phone, days: list[str], rng: random.Random, seconds: float, interval: float,
                   plan: list[str]) -> None:
    """An attendee typing through the surge: a new value for one of the days every ``interval`` s (+- half)."""
    end = time.perf_counter() + seconds
    await asyncio.sleep(rng.uniform(0, interval))
    while time.perf_counter() < end:
        phone.type_value(rng.choice(days), plan.pop())
        await asyncio.sleep(rng.uniform(interval / 2, interval * 1.5))


def quarter_hours(rng: random.Random, n: int) -> list[str]:
    """What attendees type: quarter hours from 0 to 8, as the page sends them (no trailing zeros)."""
    values = []
    for _ in range(n):
        v = str(rng.randint(0, 32) * Decimal("0.25"))
        values.append(v.rstrip("0").rstrip(".") if "." in v else v)
    return values


@dataclass
class Phase:
    """One fault's phase, as the phones lived it (times from ``time.perf_counter``)."""

    fault: str
    what: str = ""
    start: float = 0.0
    fault_at: float = 0.0
    fault_took: float = 0.0
    typed_until: float = 0.0
    end: float = 0.0  # every queue drained, or the drain's time ran out
    waiting_at_fault: dict[int, list[Save]] = field(default_factory=dict)
    toasts: int = 0  # the backend's "An error occurred" toasts during the phase
    drained: bool = False


async def run_phase(surge: Surge, fault: str, inject, args, days: list[str], rng: random.Random) -> Phase:
    """``args.surge`` s of typing with the fault ``args.fault_at`` s in, then the queues drain (bounded)."""
    phones, phase = surge.phones, Phase(fault)
    toasts = sum(p.server_errors for p in phones)
    typing = [asyncio.create_task(type_for(p, days, random.Random(rng.random()), args.surge, args.interval,
                                           quarter_hours(rng, int(args.surge / args.interval * 2) + 10)))
              for p in phones]
    phase.start = time.perf_counter()
    await asyncio.sleep(args.fault_at)
    phase.waiting_at_fault = {p.member_id: list(p.queue) for p in phones}
    phase.fault_at = time.perf_counter()
    phase.what = await asyncio.get_running_loop().run_in_executor(None, inject)
    phase.fault_took = time.perf_counter() - phase.fault_at
    await asyncio.gather(*typing)
    phase.typed_until = time.perf_counter()
    deadline = phase.typed_until + args.drain
    while time.perf_counter() < deadline and any(p.queue for p in phones):
        await asyncio.sleep(0.1)
    phase.drained = not any(p.queue for p in phones)
    phase.end = time.perf_counter()
    phase.toasts = sum(p.server_errors for p in phones) - toasts
    return phase


def recovery(phones: list[Phone], phase: Phase) -> dict:
    """The figures of one phase, in seconds from the moment the fault was injected.

    "Back" for an attendee: their first save confirmed after the fault. "Owed": the saves that waited on their
    phone at the fault, and those they made before they were back; "drained": when the last owed save was
    confirmed (or replaced by a newer save of its day, as the page does).
    """
    t0 = phase.fault_at
    back, settled, stuck, slowest = [], [], [], []
    for phone in phones:
        mine = min((s.confirmed for s in phone.made if s.confirmed is not None and s.confirmed > t0), default=None)
        if mine is not None:
            back.append(mine - t0)
        owed = {s.id: s for s in phase.waiting_at_fault.get(phone.member_id, [])}
        owed.update({s.id: s for s in phone.made if t0 <= s.made <= (mine if mine is not None else float("inf"))})
        for save in owed.values():
            if save.settled is None:
                stuck.append(save)
            else:
                settled.append(save.settled - t0)
                slowest.append((save.settled - t0, save.made - t0, save.sends, phone.member_id,
                                "confirmed" if save.confirmed is not None else "replaced by a newer save of its day"))
    in_phase = [s for p in phones for s in p.made if phase.start <= s.made <= phase.typed_until]
    waits = [s for s in in_phase if s.confirmed is not None]
    everyone_back = t0 + max(back) if len(back) == len(phones) else float("inf")
    timeline: dict[int, list[float]] = {}  # tap to confirmed by when the save was made, 5 s steps from the fault
    for save in waits:
        timeline.setdefault(int((save.made - t0) // 5), []).append(save.confirmed - save.made)
    return dict(
        fault=phase.fault, what=phase.what, fault_took=phase.fault_took, made=len(in_phase), back=sorted(back),
        first_back=min(back, default=None), all_back=max(back) if len(back) == len(phones) else None,
        drained_after=max(settled, default=0.0) if not stuck else None, owed=len(settled) + len(stuck),
        stuck=len(stuck), drained=phase.drained, toasts=phase.toasts, slowest=sorted(slowest)[-5:],
        resent=sum(1 for s in in_phase if s.sends > 1),
        cut=sum(1 for p in phones if any(t0 <= d <= phase.end for d in p.drops)),
        waits=[s.confirmed - s.made for s in waits],
        before=[s.confirmed - s.made for s in waits if s.made < t0],
        later=[s.confirmed - s.made for s in waits if s.made > everyone_back],
        timeline=timeline)


# -- the database, counted ------------------------------------------------------------------------------------

def count(engine, phones: list[Phone], day_ids: list[int]) -> tuple[list[str], list[list[str]]]:
    """What the database holds against what the phones were told; the problems and a table of counts."""
    members = [p.member_id for p in phones]
    problems: list[str] = []
    with Session(engine) as session:
        credits = session.execute(select(DayCredit.member_id, DayCredit.event_day_id, DayCredit.credits)
                                  .where(DayCredit.member_id.in_(members))).all()
        saves = session.execute(select(DaySave.member_id, DaySave.save_id, DaySave.event_day_id, DaySave.credits)
                                .where(DaySave.member_id.in_(members))).all()
        audit = session.execute(select(AuditEntry.actor_id, AuditEntry.entity_id, func.count(AuditEntry.id))
                                .where(AuditEntry.action == "cme_day_saved", AuditEntry.actor_id.in_(members))
                                .group_by(AuditEntry.actor_id, AuditEntry.entity_id)).all()
    stored: dict[tuple[int, int], list[Decimal]] = {}
    for member_id, day_id, value in credits:
        stored.setdefault((member_id, day_id), []).append(value)
    doubled_days = [key for key, values in stored.items() if len(values) > 1]
    problems += [f"day stored twice: member {m} day {d}" for m, d in doubled_days]
    by_id: dict[tuple[int, str], list] = {}
    for member_id, save_id, day_id, value in saves:
        by_id.setdefault((member_id, save_id), []).append((day_id, value))
    doubled_ids = [key for key, rows in by_id.items() if len(rows) > 1]
    problems += [f"save applied twice: member {m} save {s}" for m, s in doubled_ids]
    applied_per_day = Counter((m, d) for (m, _s), rows in by_id.items() for d, _v in rows)
    audit_per_day = {(m, d): n for m, d, n in audit}
    for key in set(applied_per_day) | set(audit_per_day):
        if applied_per_day.get(key, 0) != audit_per_day.get(key, 0):
            problems.append(f"member {key[0]} day {key[1]}: {applied_per_day.get(key, 0)} saves applied, "
                            f"{audit_per_day.get(key, 0)} audit rows")
    confirmed = lost = wrong = last_wrong = unconfirmed_applied = pending = 0
    for phone in phones:
        for save in phone.made:
            rows = by_id.get((phone.member_id, save.id), [])
            if save.confirmed is not None:
                confirmed += 1
                if not rows:
                    lost += 1
                    problems.append(f"confirmed but lost: member {phone.member_id} day {save.day} value {save.value}")
                elif rows[0] != (int(save.day), Decimal(save.value)):
                    wrong += 1
                    problems.append(f"confirmed save stored differently: member {phone.member_id} save {save.id}: "
                                    f"{rows[0]} != {save.day}, {save.value}")
            elif rows:
                unconfirmed_applied += 1
        pending += len(phone.queue)
        problems += [f"still waiting at the end: member {phone.member_id} day {s.day} value {s.value}"
                     for s in phone.queue]
        last = {}
        for save in phone.made:
            last[save.day] = save
        for day, save in last.items():
            held = stored.get((phone.member_id, int(day)))
            if save.confirmed is not None and held != [Decimal(save.value)]:
                last_wrong += 1  # the server said it had the day's last value, and the day holds another
                problems.append(f"last value confirmed but not stored: member {phone.member_id} day {day}: typed "
                                f"{save.value}, stored {held}")
        problems += phone.refused
    made = sum(len(p.made) for p in phones)
    rows = [["saves made (taps on the disc)", f"{made:,}"],
            ["confirmed by the server", f"{confirmed:,}"],
            ["confirmed and in the database exactly once", f"{confirmed - lost - wrong:,}"],
            ["confirmed but lost", f"{lost:,}"],
            ["confirmed but stored with another day or value", f"{wrong:,}"],
            ["applied, answer never seen (replaced by a newer save of the day)", f"{unconfirmed_applied:,}"],
            ["saves applied twice (same id)", f"{len(doubled_ids):,}"],
            ["days stored twice", f"{len(doubled_days):,}"],
            ["(member, day) with audit rows != saves applied",
             f"{sum(1 for p in problems if 'audit rows' in p):,}"],
            ["days whose last value was confirmed but another is stored", f"{last_wrong:,}"],
            ["saves still waiting on a phone at the end", f"{pending:,}"],
            ["saves refused", f"{sum(len(p.refused) for p in phones):,}"]]
    return problems, rows


# -- the run ----------------------------------------------------------------------------------------------------

async def sign_everyone_in(url: str, facts, emails: dict[int, str], path: str, concurrency: int) -> dict[int, str]:
    gate, times, cookies = asyncio.Semaphore(concurrency), new_times(), {}

    async def one(member_id: int, email: str) -> None:
        async with gate, aiohttp.ClientSession() as http:
            cookies[member_id] = await sign_in(http, url, facts, email, times, path)

    await asyncio.gather(*(one(m, e) for m, e in emails.items()))
    return cookies


async def run(app: AppServer, redis: Redis, postgres: Postgres, engine, args, facts) -> list[str]:
    now = datetime.now(UTC)
    light = argon2.using(memory_cost=1024, rounds=1, parallelism=1).hash(PASSWORD)
    conference = seed_conference(engine, args.attendees, now, prefix="fault", password_hash=light)
    with Session(engine) as session:
        emails = dict(session.execute(select(Member.id, Member.email).where(
            Member.id.in_([a.member_id for a in conference.attendees]))).all())
    path, query = f"/cme/{conference.activity_id}", {"event_id": str(conference.activity_id)}
    start = time.perf_counter()
    cookies = await sign_everyone_in(app.url, facts, emails, path, 20)
    print(f"{len(cookies):,} attendees signed in through the login page in {time.perf_counter() - start:.1f} s")
    phones = [Phone(a.member_id, a.member_number, cookies[a.member_id]) for a in conference.attendees]
    surge = Surge(app.url, facts, path, query, phones)
    surge.resend = args.resend
    start = time.perf_counter()
    tasks = [asyncio.create_task(job(p)) for p in phones for job in (surge.keep_connected, surge.send_waiting)]
    while sum(p.live for p in phones) < len(phones) and time.perf_counter() - start < 60:
        await asyncio.sleep(0.1)
    print(f"{sum(p.live for p in phones):,} on the event page (websocket open, hydrated) in "
          f"{time.perf_counter() - start:.1f} s; backend workers {app.worker_pids()}\n")
    rng = random.Random(args.seed)
    days = [str(d) for d in conference.day_ids]
    results = []
    try:
        for fault in args.faults:
            print(f"== {fault}: {args.surge:g} s of typing, the fault {args.fault_at:g} s in", flush=True)
            phase = await run_phase(surge, fault, lambda f=fault: INJECT[f](app, redis, postgres), args, days, rng)
            results.append(recovery(phones, phase))
            print_phase(results[-1], len(phones), args.verbose)
            if fault == "worker killed":
                print(f"   backend workers after: {app.worker_pids()}; the app "
                      f"{'still serving' if app.process.poll() is None else f'EXITED ({app.process.returncode})'}")
            print()
    finally:
        await surge.close()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    problems, rows = count(engine, phones, conference.day_ids)
    print_summary(results)
    print()
    print_table(["in the database, after the faults", "counted"], rows)
    return problems


def seconds(value: float | None) -> str:
    return "never" if value is None else f"{value:.2f}"


def print_phase(r: dict, attendees: int, verbose: bool) -> None:
    print(f"   {r['what']}; took {r['fault_took']:.2f} s; load average {os.getloadavg()[0]:.1f} as the phase ended")
    print(f"   {r['made']:,} saves made in the phase; {r['cut']} of {attendees} phones lost their connection; "
          f"{r['resent']} saves sent more than once; {r['toasts']} error toasts from the backend; "
          f"{r['stuck']} of {r['owed']} owed saves never went through{'' if r['drained'] else ' (QUEUES NOT DRAINED)'}")
    back = r["back"]
    print(f"   from the fault: first save confirmed {seconds(r['first_back'])} s; every attendee confirmed again "
          f"{seconds(r['all_back'])} s (p50 {seconds(back[len(back) // 2] if back else None)} s); "
          f"all pending drained {seconds(r['drained_after'])} s")
    for name, key in (("the whole phase", "waits"), ("saves made before the fault", "before"),
                      ("saves made once every attendee was back", "later")):
        if r[key]:
            p50, p95, p99 = latency_cells(r[key])
            print(f"   tap to confirmed, {name}: p50 {p50} ms, p95 {p95} ms, p99 {p99} ms (n {len(r[key]):,})")
    if verbose:
        print("   tap to confirmed p50 ms by when the save was made (s from the fault): " + ", ".join(
            f"{5 * k:+d}: {statistics.median(v) * 1000:.0f}" for k, v in sorted(r["timeline"].items())))
        for settled, made, sends, member, how in reversed(r["slowest"]):
            print(f"   slowest owed: member {member}, made {made:+.2f} s, {how} {settled:.2f} s from the fault, "
                  f"sent {sends}x")


def print_summary(results: list[dict]) -> None:
    rows = [[r["fault"], seconds(r["fault_took"]), seconds(r["first_back"]), seconds(r["all_back"]),
             seconds(r["drained_after"]), f"{r['cut']}", f"{r['resent']}", f"{r['toasts']}",
             latency_cells(r["waits"])[0] if r["waits"] else ""] for r in results]
    print_table(["fault (seconds from it)", "fault took", "first confirmed", "all confirmed again",
                 "all pending drained", "phones cut", "saves resent", "error toasts", "tap→confirmed p50 ms"], rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attendees", type=int, default=60)
    parser.add_argument("--interval", type=float, default=2.0, help="seconds between one attendee's saves (+- half)")
    parser.add_argument("--surge", type=float, default=25.0, help="seconds of typing in each phase")
    parser.add_argument("--fault-at", type=float, default=8.0, help="seconds into the typing the fault comes")
    parser.add_argument("--drain", type=float, default=60.0, help="at most this long for the queues to drain")
    parser.add_argument("--faults", nargs="+", choices=FAULTS, default=list(FAULTS), metavar="FAULT",
                        help=f"which, in order (default all: {', '.join(FAULTS)})")
    parser.add_argument("--resend", type=float, default=RESEND_S,
                        help="seconds before a save unanswered on a live connection is sent again (the page: 10)")
    parser.add_argument("--verbose", action="store_true", help="the slowest saves and a timeline per phase")
    parser.add_argument("--app-log", type=Path, help="keep the app's own log (Reflex, granian) in this file")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    if not 0 < args.fault_at < args.surge:
        parser.error("--fault-at must fall inside --surge")

    print_machine()
    if (SHARED_WEB / "build").is_dir():
        os.environ.setdefault(PREBUILT, "1")  # the production build in .web-e2e is reused, not rebuilt
    facts = build_facts(SHARED_WEB)
    postgres, redis = Postgres(), Redis()
    started = time.perf_counter()
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="ce-bench-faults-") as scratch:
        app = AppServer(Path(scratch), {"CE_DATABASE_URL": postgres_url(postgres.url), "CE_REDIS_URL": redis.url,
                                        "CE_BACKEND_WORKERS": "2"})
        engine = make_engine(postgres_url(postgres.url))
        try:
            postgres.start()
            redis.start()
            migrate(app.env)
            app.start()
            print(f"PostgreSQL ({engine.dialect.driver}) + Redis, 2 backend workers; {args.attendees} attendees, "
                  f"a save each every {args.interval:g} s (+- half) = about {args.attendees / args.interval:.0f} "
                  f"saves/s; a save unanswered on a live connection sent again after {args.resend:g} s")
            problems = asyncio.run(run(app, redis, postgres, engine, args, facts))
        finally:
            app.stop()
            engine.dispose()
            redis.stop()
            postgres.stop()
            if args.app_log and app.log.exists():
                args.app_log.write_bytes(app.log.read_bytes())
            if problems:
                print("\nthe app's log, last lines:\n" + app.log.read_text(errors="replace")[-3000:])
    print(f"\nwhole run {time.perf_counter() - started:.0f} s")
    if problems:
        print(f"\n{len(problems)} PROBLEMS:\n" + "\n".join(problems[:40]))
        raise SystemExit(1)
    print("\n0 lost, 0 doubled: every confirmed save is in the database exactly once, every attendee's last value "
          "is stored, and every pending save went through.")


if __name__ == "__main__":
    main()
