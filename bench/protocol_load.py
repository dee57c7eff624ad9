"""The conference surge at the protocol level: what the server carries, without a browser on the same cores.

Why: the browser surge (conference_surge.py) measured Chromium, which used most of the CPU. Attendees' phones are
not on our server. This script speaks the app's own protocol instead, as a phone's browser does: for each
attendee it opens the Socket.IO websocket with the same hydrate event in the CONNECT packet (the build's state
hashes and schema, read from `.web-e2e/utils/context.jsx`), sends the login page's `submit` event, trades the
handoff code at the real `POST /auth/session` route for the session cookie, reconnects with that cookie under a
fresh state token (as the page's full load does), opens the event page, then sends Save for each of the three
days, each with its own save id as the phone's page sends it (the pencil opens the day's box in the browser and
sends nothing), and Submit. Many attendees per process, with asyncio; each has its own cookie and state token.

Event latency is the time from sending an event to the first update that carries its result (the update a
browser would render): hydrate until `is_hydrated`, login until the script that posts the code, Save until the
page answers the save's id with the saved value, Submit until "Submitted.". Afterwards the database
is COUNTED as in conference_surge.py: every day saved once with the value sent, every submission with its total,
certificate and audit rows; anything lost or doubled makes the script exit 1.

The bench members' passwords are argon2id hashes with light parameters (`--real-hash` for the app's own), so
the login measures the route and the events, not 2,000 argon2 verifications; the app's cost per login is printed
from an in-process verification.

Modes (one or more per run; the default is `--surge`):
  --surge      2,000 attendees x (login, event page, 3 x Save, Submit), embedded (SQLite, 1 worker)
  --scaleout   the same on PostgreSQL + Redis with 1 and then 2 backend workers, each on fresh attendees;
               `--pin` then also runs 1 worker on CPU 1 with this generator on CPU 0 (taskset), to measure
               what a backend core of its own carries
  --idle N     N attendees signed in and connected on the event page at once, idle; then `--active` of them
               do the flow while the rest stay connected: the backend's memory per connection, the latency
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path

from common import CpuSampler, latency_cells, postgres_url, print_machine, print_table  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402
import socketio  # noqa: E402
from conference_surge import count, values_for  # noqa: E402
from data import Conference, seed_conference  # noqa: E402
from passlib.hash import argon2  # noqa: E402
from sqlalchemy import select  # noqa: E402
from sqlmodel import Session  # noqa: E402

from ce_tracker.db import make_engine  # noqa: E402
from ce_tracker.models import Member  # noqa: E402
from ce_tracker.services.accounts.passwords import hash_password, verify_password  # noqa: E402
from tests.e2e.server import SHARED_WEB, AppServer  # noqa: E402

PASSWORD = "surge-pass-2026"
NAMESPACE = "/_event"
ROOT_STATE = "reflex___state____state"
AUTH = f"{ROOT_STATE}.ce_tracker___state___auth____auth_state"
LOGIN = f"{AUTH}.ce_tracker___pages___accounts___login____login_state"
EVENT = f"{AUTH}.ce_tracker___pages___events___cme_event____cme_event_state"
CODE = re.compile(r'\\?"code\\?": \\?"([A-Za-z0-9_-]+)\\?"')


def build_facts(web: Path) -> tuple[list[str], str]:
    """The state hashes and schema the production build sends in its first hydrate."""
    source = (web / "utils" / "context.jsx").read_text()
    hashes = json.loads(re.search(r"initialStateHashes = (\[.*?\])", source).group(1))
    schema = re.search(r'stateSchema = "([0-9a-f]+)"', source).group(1)
    return hashes, schema


class Tab:
    """One browser tab's websocket: a state token, maybe a session cookie, the updates it received.

    ``token``: the tab's state token, kept when the tab reconnects (as Reflex's client does); a new one each
    time by default (a new tab, a full page load).
    """

    def __init__(self, url: str, facts: tuple[list[str], str], cookie: str | None, token: str | None = None) -> None:
        self.url, self.facts, self.cookie, self.token = url, facts, cookie, token
        self.client = socketio.AsyncClient(reconnection=False)
        self.updates: asyncio.Queue = asyncio.Queue()
        self.client.on("event", self.updates.put_nowait, namespace=NAMESPACE)
        # The server gives a tab a new token when its own is still held by another connection (a reconnect after
        # the worker that held it died); the browser keeps it for its next reconnect, and so does this tab.
        self.client.on("new_token", self._new_token, namespace=NAMESPACE)

    def _new_token(self, token: str) -> None:
        self.token = token

    async def open(self, path: str, query: dict | None = None) -> float:
        """Connect with the hydrate event in the CONNECT packet; the seconds until the page is hydrated."""
        hashes, schema = self.facts
        boot = {"name": f"{ROOT_STATE}.hydrate_and_load", "payload": {"hashes": hashes},
                "router_data": {"pathname": path, "asPath": path, "query": query or {}}}
        start = time.perf_counter()
        await self.client.connect(f"{self.url}?token={self.token or uuid.uuid4()}", socketio_path=NAMESPACE,
                                  namespaces=[NAMESPACE], transports=["websocket"], wait_timeout=60,
                                  headers={"Cookie": f"ce_session={self.cookie}"} if self.cookie else {},
                                  auth={"event": boot, "state_schema": schema})
        await self.wait(lambda delta, _events: delta.get(ROOT_STATE, {}).get("is_hydrated_rx_state_") is True)
        return time.perf_counter() - start

    async def wait(self, done, timeout: float = 120):
        while True:
            update = await asyncio.wait_for(self.updates.get(), timeout)
            result = done(update.get("delta") or {}, update.get("events") or [])
            if result:
                return result

    async def send(self, handler: str, payload: dict, path: str, query: dict, done) -> tuple[float, object]:
        start = time.perf_counter()
        await self.client.emit("event", {"name": handler, "payload": payload,
                                         "router_data": {"pathname": path, "asPath": path, "query": query}},
                               namespace=NAMESPACE)
        result = await self.wait(done)
        return time.perf_counter() - start, result

    async def close(self) -> None:
        await self.client.disconnect()


def form(**fields) -> dict:
    return {"form": {"__reflex_form_data__": [[k, v] for k, v in fields.items()]}}


def save_form(day_id: str, value: str, save_id: str, member: str = "") -> dict:
    """What the event sheet's disc sends (assets/offline/days.js): the day, the credits, the phone's id for this
    save and the member ID the phone kept it under."""
    return {"form": {"day_id": day_id, "credits": value, "save_id": save_id, "member": member}}


def row_saved(day_id: str, value: str, save_id: str):
    """The page's answer to Save: this save's id answered for the day without a refusal (as the phone's page
    reads it). The day's value is only sent when it changed: a save sent again after its first answer was
    lost is answered with the id alone."""
    def done(delta, _events):
        page = delta.get(EVENT, {})
        if error := (page.get("errors_rx_state_") or {}).get(day_id):
            raise RuntimeError(f"save refused: {error}")
        if (page.get("answered_rx_state_") or {}).get(day_id) != save_id:
            return False
        values = page.get("values_rx_state_")
        if values is not None and values.get(day_id) != value:
            raise RuntimeError(f"answered, but the day shows {values.get(day_id)!r}, not {value!r}")
        return True
    return done


def handoff_code(delta: dict, events: list) -> str | None:
    """The one-use code in the script the login event answers with (it POSTs the code to /auth/session)."""
    for event in events:
        if event.get("name") == "_call_script" and (found := CODE.search(json.dumps(event["payload"]))):
            return found.group(1)
    if error := delta.get(LOGIN, {}).get("error_rx_state_"):
        raise RuntimeError(f"login refused: {error}")
    return None


def submitted(delta: dict, _events: list) -> bool:
    page = delta.get(EVENT, {})
    if page.get("error_rx_state_"):
        raise RuntimeError(f"submit refused: {page['error_rx_state_']}")
    return page.get("phase_rx_state_") == "submitted" or page.get("message_rx_state_", "").startswith("Submitted")


async def sign_in(http: aiohttp.ClientSession, url: str, facts, email: str, times: dict, next_path: str) -> str:
    """The login page's submit event, then the real /auth/session route: the session cookie's value."""
    tab = Tab(url, facts, None)
    try:
        times["hydrate"].append(await tab.open("/login/"))
        took, code = await tab.send(f"{LOGIN}.submit", form(identifier=email, password=PASSWORD), "/login/", {},
                                    handoff_code)
        times["login event"].append(took)
    finally:
        await tab.close()
    start = time.perf_counter()
    async with http.post(f"{url}/auth/session", data={"code": code, "next": next_path}, allow_redirects=False,
                         headers={"Origin": url}) as response:
        cookie = response.cookies.get("ce_session")
        if response.status != 303 or cookie is None:
            raise RuntimeError(f"/auth/session answered {response.status} without a session cookie")
    times["POST /auth/session"].append(time.perf_counter() - start)
    return cookie.value


async def flow(url: str, facts, email: str, activity_id: int, day_ids: list[int], values: list[str],
               times: dict) -> None:
    """One attendee: log in, open the event, Save each day, Submit."""
    start = time.perf_counter()
    path, query = f"/cme/{activity_id}", {"event_id": str(activity_id)}
    try:
        async with aiohttp.ClientSession() as http:
            cookie = await sign_in(http, url, facts, email, times, path)
        tab = Tab(url, facts, cookie)
        try:
            times["hydrate"].append(await tab.open(path, query))
            for day_id, value in zip(map(str, day_ids), values):
                save_id = str(uuid.uuid4())
                took, _ = await tab.send(f"{EVENT}.save", save_form(day_id, value, save_id), path, query,
                                         row_saved(day_id, value, save_id))
                times["Save"].append(took)
            # the confirmation dialog opens in the browser: only "Yes, submit my credits" is an event
            took, _ = await tab.send(f"{EVENT}.submit", {}, path, query, submitted)
            times["Submit"].append(took)
        finally:
            await tab.close()
        times["flow"].append(time.perf_counter() - start)
    except Exception as error:  # noqa: BLE001 - counted and shown, never hidden
        times["errors"].append(f"{email}: {error!r}"[:200])


def new_times() -> dict:
    return {k: [] for k in ("hydrate", "login event", "POST /auth/session", "Save", "Submit", "flow",
                            "errors")}


async def run_flows(url: str, facts, conference: Conference, emails: dict, values: dict, concurrency: int) -> dict:
    times = new_times()
    gate = asyncio.Semaphore(concurrency)

    async def one(actor) -> None:
        async with gate:
            await flow(url, facts, emails[actor.member_id], conference.activity_id, conference.day_ids,
                       values[actor.member_id], times)

    start = time.perf_counter()
    await asyncio.gather(*(one(a) for a in conference.attendees))
    times["wall"] = time.perf_counter() - start
    return times


def group_pids(app: AppServer) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat[stat.rindex(")") + 2:].split()[2]) == app.process.pid:
                pids.append(int(entry.name))
    return pids


def app_rss_mib(app: AppServer) -> float:
    """Resident memory of the app's whole process group (CLI, granian, workers), MiB."""
    total = 0
    for pid in group_pids(app):
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def cpu_self() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def classify(pid: int, command: str, group: int, app: AppServer) -> str | None:
    if app.process and group == app.process.pid:
        return "backend"
    if pid == os.getpid():
        return "generator"
    if command.startswith("postgres"):
        return "PostgreSQL"
    if command.startswith("redis"):
        return "Redis"
    return None


def seed(engine, args, now, prefix: str, attendees: int) -> tuple[Conference, dict, dict]:
    light = hash_password(PASSWORD) if args.real_hash else argon2.using(memory_cost=1024, rounds=1,
                                                                         parallelism=1).hash(PASSWORD)
    start = time.perf_counter()
    conference = seed_conference(engine, attendees, now, prefix=prefix, password_hash=light)
    with Session(engine) as session:
        emails = dict(session.execute(select(Member.id, Member.email).where(
            Member.id.in_([a.member_id for a in conference.attendees]))).all())
    values = {k: [v.rstrip("0").rstrip(".") if "." in v else v for v in vs]
              for k, vs in values_for(random.Random(args.seed), conference).items()}
    print(f"seeded {attendees:,} attendees (3 registered days each) in {time.perf_counter() - start:.1f} s")
    return conference, emails, values


def surge(engine, app: AppServer, args, now, prefix: str, facts) -> dict:
    """Seed fresh attendees, run every flow, count the database; the figures."""
    conference, emails, values = seed(engine, args, now, prefix, args.attendees)
    rss_before = app_rss_mib(app)
    generator_before = cpu_self()
    with CpuSampler() as cpu:
        times = asyncio.run(run_flows(app.url, facts, conference, emails, values, args.concurrency))
    share = cpu.share(lambda pid, command, group: classify(pid, command, group, app))
    generator = cpu_self() - generator_before
    wall, flows = times["wall"], len(times["flow"])
    print(f"{flows:,} flows in {wall:.1f} s = {flows / wall:.1f} flows/s ({args.concurrency} at a time); "
          f"backend RSS {rss_before:.0f} -> {app_rss_mib(app):.0f} MiB")
    print(f"CPU-seconds (of {wall * (os.cpu_count() or 1):.0f} on the machine): backend {share.get('backend', 0):.1f}, "
          f"generator {generator:.1f}, PostgreSQL {share.get('PostgreSQL', 0):.1f}, Redis {share.get('Redis', 0):.1f}, "
          f"everything else on the machine {share['everything else on the machine']:.1f}")
    rows = [[name, f"{len(times[name]):,}", *(latency_cells(times[name]) if times[name] else ["", "", ""])]
            for name in ("hydrate", "login event", "POST /auth/session", "Save", "Submit", "flow")]
    print_table(["event (send to the update with its result)", "n", "p50 ms", "p95 ms", "p99 ms"], rows)
    print()
    problems = times["errors"] + count(engine, conference, {k: v for k, v in values.items()})
    print(f"lost or doubled: {len(problems)}" + (": " + "; ".join(problems[:10]) if problems else ""))
    return dict(wall=wall, rate=flows / wall, problems=problems, backend_cpu=share.get("backend", 0),
                generator_cpu=generator, machine=cpu.machine, times=times)


async def idle_then_active(url: str, facts, conference: Conference, emails: dict, values: dict, active: int,
                           app: AppServer) -> dict:
    """Everyone but ``active`` connects signed in and idles on the event page; then ``active`` do the flow."""
    idle_people, busy = conference.attendees[active:], conference.attendees[:active]
    path, query = f"/cme/{conference.activity_id}", {"event_id": str(conference.activity_id)}
    gate = asyncio.Semaphore(100)
    tabs, throwaway = [], new_times()
    rss_before = app_rss_mib(app)

    async def connect(actor) -> None:
        async with gate:
            async with aiohttp.ClientSession() as http:
                cookie = await sign_in(http, url, facts, emails[actor.member_id], throwaway, path)
            tab = Tab(url, facts, cookie)
            throwaway["hydrate"].append(await tab.open(path, query))
            tabs.append(tab)

    start = time.perf_counter()
    await asyncio.gather(*(connect(a) for a in idle_people))
    connected = time.perf_counter() - start
    await asyncio.sleep(3)
    rss_idle = app_rss_mib(app)
    times = new_times()
    start = time.perf_counter()
    await asyncio.gather(*(flow(url, facts, emails[a.member_id], conference.activity_id, conference.day_ids,
                                values[a.member_id], times) for a in busy))
    times["wall"] = time.perf_counter() - start
    still = sum(1 for t in tabs if t.client.connected)
    await asyncio.gather(*(t.close() for t in tabs))
    return dict(times=times, idle=len(tabs), still=still, connected=connected, rss_before=rss_before,
                rss_idle=rss_idle, errors=throwaway["errors"])


def run_idle(engine, app: AppServer, args, now, facts) -> list[str]:
    total = args.idle + args.active
    conference, emails, values = seed(engine, args, now, "idle", total)
    result = asyncio.run(idle_then_active(app.url, facts, conference, emails, values, args.active, app))
    per = (result["rss_idle"] - result["rss_before"]) * 1024 / max(result["idle"], 1)
    print(f"{result['idle']:,} attendees signed in and connected in {result['connected']:.1f} s; backend RSS "
          f"{result['rss_before']:.0f} -> {result['rss_idle']:.0f} MiB = {per:.0f} KiB per idle connection "
          f"(target <= a few hundred KiB: {'met' if per <= 300 else 'MISSED'}); {result['still']:,} still "
          "connected after the active flows")
    times = result["times"]
    rows = [[name, f"{len(times[name]):,}", *(latency_cells(times[name]) if times[name] else ["", "", ""])]
            for name in ("hydrate", "Save", "Submit", "flow")]
    print(f"{args.active} active attendees beside them, all at once: {len(times['flow'])} flows in "
          f"{times['wall']:.1f} s")
    print_table(["active attendees' event", "n", "p50 ms", "p95 ms", "p99 ms"], rows)
    busy = Conference(conference.activity_id, conference.day_ids, conference.attendees[:args.active])
    return result["errors"] + times["errors"] + count(engine, busy, values)


def migrate(env: dict) -> None:
    subprocess.run([sys.executable, "-m", "ce_tracker", "migrate"], cwd=ROOT, env=env, check=True, capture_output=True)


def pin(app: AppServer, cpu: int) -> None:
    for pid in group_pids(app):
        try:
            os.sched_setaffinity(pid, {cpu})
        except OSError:
            pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attendees", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=100, help="attendees in their flow at one time")
    parser.add_argument("--surge", action="store_true", help="the embedded surge (the default mode)")
    parser.add_argument("--scaleout", action="store_true", help="PostgreSQL + Redis, 1 then 2 backend workers")
    parser.add_argument("--pin", action="store_true", help="with --scaleout: also 1 worker on CPU 1, this on CPU 0")
    parser.add_argument("--idle", type=int, default=0, help="attendees connected and idle at once")
    parser.add_argument("--active", type=int, default=50, help="with --idle: attendees doing the flow meanwhile")
    parser.add_argument("--real-hash", action="store_true", help="the app's argon2 parameters for the bench members")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    if not (args.scaleout or args.idle):
        args.surge = True

    print_machine()
    start = time.perf_counter()
    real = hash_password(PASSWORD)
    before = cpu_self()
    verify_password(PASSWORD, real)
    print(f"the app's argon2id verification of one password: {cpu_self() - before:.2f} CPU-s "
          f"({time.perf_counter() - start:.2f} s with the hash); bench members use light parameters"
          f"{' NOT: --real-hash' if args.real_hash else ''}\n")
    now = datetime.now(timezone.utc)
    problems: list[str] = []
    facts = build_facts(SHARED_WEB)
    with tempfile.TemporaryDirectory(prefix="ce-bench-protocol-") as scratch:
        workdir = Path(scratch)
        if args.surge or args.idle:
            url = f"sqlite:///{workdir / 'protocol.db'}"
            app = AppServer(workdir, {"CE_DATABASE_URL": url})
            migrate(app.env)
            engine = make_engine(url)
            try:
                app.start()
                if args.surge:
                    print("== surge, embedded: SQLite, one backend worker")
                    result = surge(engine, app, args, now, "proto", facts)
                    problems += result["problems"]
                    print(f"\nsurge: {args.attendees:,} attendees x 3 days + submit in {result['wall']:.1f} s: "
                          f"{result['wall'] / 60:.2f}x the 60 s target ({'met' if result['wall'] <= 60 else 'MISSED'}),"
                          f" {len(result['problems'])} lost or doubled\n")
                if args.idle:
                    print(f"== {args.idle:,} idle websockets, embedded")
                    problems += run_idle(engine, app, args, now, facts)
            finally:
                app.stop()
                engine.dispose()
        if args.scaleout:
            problems += scaleout(workdir, args, now, facts)
    if problems:
        print(f"\n{len(problems)} PROBLEMS:\n" + "\n".join(problems[:30]))
        raise SystemExit(1)
    print("\n0 lost, 0 doubled: every save and submit is in the database exactly once.")


def scaleout(workdir: Path, args, now, facts) -> list[str]:
    from tests.scaleout.servers import Postgres, Redis
    postgres, redis = Postgres(), Redis()
    postgres.start()
    redis.start()
    url = postgres_url(postgres.url)
    engine = make_engine(url)
    results, problems = {}, []
    runs = [(1, None), (2, None)] + ([(1, 1)] if args.pin else [])
    try:
        for workers, cpu in runs:
            app = AppServer(workdir, {"CE_DATABASE_URL": url, "CE_REDIS_URL": redis.url,
                                      "GRANIAN_WORKERS": str(workers)})
            migrate(app.env)
            try:
                app.start()
                where = ""
                if cpu is not None:
                    pin(app, cpu)
                    os.sched_setaffinity(0, {0})
                    where = f", pinned: backend on CPU {cpu}, this generator on CPU 0"
                print(f"\n== PostgreSQL ({engine.dialect.driver}) + Redis, {workers} backend worker(s){where}")
                result = surge(engine, app, args, now, f"w{workers}{cpu or ''}x", facts)
                problems += result["problems"]
                results[workers, cpu] = result
            finally:
                os.sched_setaffinity(0, set(range(os.cpu_count() or 1)))
                app.stop()
        one, two = results[1, None], results[2, None]
        print(f"\nscale-out: flows/s 1 worker {one['rate']:.1f}, 2 workers {two['rate']:.1f}: "
              f"{two['rate'] / one['rate']:.2f}x (target >= 1.5x: {'met' if two['rate'] >= 1.5 * one['rate'] else 'MISSED'})")
        for key, result in results.items():
            print(f"  {key[0]} worker(s){' pinned' if key[1] is not None else ''}: generator "
                  f"{result['generator_cpu']:.1f} of {result['machine']:.1f} machine CPU-s "
                  f"({result['generator_cpu'] / max(result['machine'], 1e-9):.0%}), backend {result['backend_cpu']:.1f}"
                  f" CPU-s = {len(result['times']['flow']) / max(result['backend_cpu'], 1e-9):.1f} flows per backend "
                  "CPU-second")
        if (1, 1) in results:
            pinned = results[1, 1]
            print(f"  one worker with a core of its own (generator on the other): {pinned['rate']:.1f} flows/s = "
                  f"{pinned['rate'] / one['rate']:.2f}x the unpinned 1-worker run")
    finally:
        engine.dispose()
        redis.stop()
        postgres.stop()
    return problems


if __name__ == "__main__":
    main()
