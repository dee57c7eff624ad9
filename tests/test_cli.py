"""The command line a deployment uses: migrate, create the first staff account, never demo data."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timezone

from sqlmodel import Session, func, select

from ce_tracker.db import make_engine
from ce_tracker.models import Member, Role, RoleGrant
from ce_tracker.services.accounts import sessions

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _cli(url: str, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ce_tracker", *args], cwd=ROOT, input=stdin, text=True,
                          capture_output=True, env={**os.environ, "CE_DATABASE_URL": url})


def test_create_staff_on_a_fresh_deployment_adds_one_account_and_no_demo_data(tmp_path):
    url = f"sqlite:///{tmp_path / 'prod.db'}"
    assert _cli(url, "migrate").returncode == 0
    assert _cli(url, "migrate").returncode == 0  # idempotent
    done = _cli(url, "create-staff", "--name", "Sam Okafor", "--email", "sam@society.example",
                "--username", "sam", "--password-stdin", stdin="a-long-staff-secret\n")
    assert done.returncode == 0, done.stderr
    assert "created" in done.stdout and "a-long-staff-secret" not in done.stdout + done.stderr
    engine = make_engine(url)
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(Member)).one() == 1
        member = sessions.authenticate(session=session, identifier="sam@society.example",
                                       password="a-long-staff-secret", now=datetime.now(timezone.utc))
        assert member is not None and member.password_hash.startswith("$argon2id$")
        assert session.exec(select(RoleGrant.role).where(RoleGrant.member_id == member.id)).all() == [Role.STAFF]
    engine.dispose()


def test_create_staff_refuses_a_weak_password_and_a_duplicate(tmp_path):
    url = f"sqlite:///{tmp_path / 'prod.db'}"
    _cli(url, "migrate")
    weak = _cli(url, "create-staff", "--name", "Sam", "--email", "s@x.example", "--username", "sam",
                "--password-stdin", stdin="short\n")
    assert weak.returncode != 0 and "at least 10" in weak.stderr
    args = ("create-staff", "--name", "Sam", "--email", "s@x.example", "--username", "sam", "--password-stdin")
    assert _cli(url, *args, stdin="a-long-staff-secret\n").returncode == 0
    again = _cli(url, *args, stdin="a-long-staff-secret\n")
    assert again.returncode != 0 and "already exists" in again.stderr


def test_demo_refuses_a_database_with_accounts(tmp_path):
    url = f"sqlite:///{tmp_path / 'prod.db'}"
    _cli(url, "migrate")
    _cli(url, "create-staff", "--name", "Sam", "--email", "s@x.example", "--username", "sam", "--password-stdin",
         stdin="a-long-staff-secret\n")
    result = _cli(url, "demo")
    assert "not added" in result.stdout
    engine = make_engine(url)
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(Member)).one() == 1
    engine.dispose()


def test_reminders_command_for_cron_sends_each_reminder_once(tmp_path):
    """``python -m ce_tracker reminders``: the sweep and the reminders, once each however often cron runs it."""
    from datetime import timedelta

    from ce_tracker.models import Reminder
    from ce_tracker.rules import CMI, local_date
    from tests.utils import factories as f

    url = f"sqlite:///{tmp_path / 'prod.db'}"
    assert _cli(url, "migrate").returncode == 0
    engine = make_engine(url)
    with Session(engine) as session:
        today = local_date(CMI, datetime.now(timezone.utc))
        f.person(session, certified_on=today - timedelta(days=5 * 365 - 20))  # its term ends within a month
        session.commit()
    first = _cli(url, "reminders")
    assert first.returncode == 0, first.stderr
    assert "1 reminder(s) sent" in first.stdout
    assert "0 reminder(s) sent" in _cli(url, "reminders").stdout
    with Session(engine) as session:
        assert len(session.exec(select(Reminder)).all()) == 1
    engine.dispose()
