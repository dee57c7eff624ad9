"""Faults beyond the network on the scale-out stack (PostgreSQL, Redis, two backend workers): what the phones
are told was saved stays saved, and service comes back by itself. bench/faults.py measures the same faults
under a surge of saves; these tests hold what it found.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlmodel import select

from ce_tracker.clock import utcnow
from ce_tracker.models import DayCredit, DaySave
from ce_tracker.pages.events.cme_event import CmeEventState
from ce_tracker.rules import CMI, local_date
from tests.e2e.server import ROOT, AppServer, private_web_dir
from tests.e2e.sockets import Socket, session_token
from tests.utils import factories as f

pytestmark = pytest.mark.scaleout


@pytest.fixture(scope="module")
def two_workers(tmp_path_factory, postgres, redis_server, pg_engine) -> Iterator[AppServer]:
    """An app of its own with two backend workers, so killing one disturbs no other test."""
    workdir = tmp_path_factory.mktemp("two-workers")
    server = AppServer(workdir, {"CE_DATABASE_URL": postgres.url, "CE_REDIS_URL": redis_server.url,
                                 "CE_BACKEND_WORKERS": "2"}, web_dir=private_web_dir(workdir))
    subprocess.run([sys.executable, "-m", "ce_tracker", "migrate"], cwd=ROOT, env=server.env, check=True,
                   capture_output=True)
    server.start()
    yield server
    server.stop()


def _attendee(units):
    today = local_date(CMI, utcnow())
    with units() as session:
        member = f.person(session, name="Worker Fault Attendee")
        activity = f.event(session, ends_on=today - timedelta(days=1), title="Worker Fault Summit")
        days = f.event_days(session, activity)
        f.register(session, member, *days)
    return member, activity, days


def _wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def test_r002_08_a_killed_worker_is_replaced_and_saves_go_on(two_workers, pg_units):
    """SIGKILL to one backend worker (a crash, the OOM killer): the server starts another and keeps serving;
    a save sent after it is stored. Before, granian took the whole backend down with the one worker, and
    every phone's waiting saves stayed on the phones until someone restarted the service."""
    member, activity, days = _attendee(pg_units)
    workers = two_workers.worker_pids()
    assert len(workers) == 2
    os.kill(workers[0], signal.SIGKILL)
    assert _wait_for(lambda: two_workers.process.poll() is None and len(two_workers.worker_pids()) == 2
                     and workers[0] not in two_workers.worker_pids(), 30), \
        f"no worker took the killed one's place:\n{two_workers.log.read_text()[-2000:]}"
    socket = Socket(two_workers, session_token(pg_units, member))
    try:
        form = {"day_id": str(days[0].id), "credits": "6.5", "save_id": str(uuid.uuid4())}
        delta = socket.send(f"{CmeEventState.get_full_name()}.save", {"form": form}, f"/cme/{activity.id}")
    finally:
        socket.close()
    assert delta[CmeEventState.get_full_name()]["answered_rx_state_"] == {str(days[0].id): form["save_id"]}
    with pg_units() as session:
        saved = session.exec(select(DayCredit.credits).where(DayCredit.member_id == member.member_id)).all()
        ids = session.exec(select(DaySave.save_id).where(DaySave.member_id == member.member_id)).all()
    assert [str(c) for c in saved] == ["6.50"] and ids == [form["save_id"]]
