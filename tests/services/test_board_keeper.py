"""The Board's background keeper reads the figures so the first view finds them ready."""

from __future__ import annotations

from datetime import date

import ce_tracker.db as db
import ce_tracker.tasks as keeper
from ce_tracker.clock import utcnow
from ce_tracker.models import Role
from ce_tracker.services.board import cohorts, society
from tests.utils import factories as f


def test_the_keeper_reads_the_society_before_anyone_asks(engine, units, monkeypatch):
    monkeypatch.setattr(db, "get_engine", lambda: engine)
    with units() as session:
        chair = f.person(session, Role.BOARD)
        f.person(session, name="Kept Member", certified_on=date(2024, 1, 1))
    society.forget()
    keeper.keep_board_once()
    read = []
    monkeypatch.setattr(society, "_read", lambda *args: read.append(args) or [])
    with units() as session:
        rows = cohorts.certificant_list(session=session, actor=chair, now=utcnow()).rows
    assert [r.full_name for r in rows] == ["Kept Member"] and read == []  # nothing read again
