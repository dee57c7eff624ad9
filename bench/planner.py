"""Benchmark the what-if planner: ``planner.planner`` for one member with five years of history.

Why it matters: the planner page asks for the whole what-if on every load and after every plan added, edited
or removed; the target is an answer "in a few milliseconds".

The member: certified five years ago and renewed once (a finished term and a current one), 75 recorded
courses over those five years, 15 submitted conferences, a second program without categories (so every line
is judged twice), and 12 open plans plus 8 done ones. Measured: the whole service call (terms, recorded
lines, plans, the rules' what-if for both programs) on SQLite in WAL mode, after 20 warm-up calls.

Run: ``python bench/planner.py [--calls 300]``
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from common import latency_cells, print_machine, print_table  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlmodel import Session, SQLModel  # noqa: E402

from ce_tracker.clock import utcnow  # noqa: E402
from ce_tracker.db import make_engine  # noqa: E402
from ce_tracker.models import EventSubmission, PlannedActivity, Role  # noqa: E402
from ce_tracker.rules import CMI, local_date  # noqa: E402
from ce_tracker.rules.program_check import ProgramDraft  # noqa: E402
from ce_tracker.services.accounts import members
from ce_tracker.services.programs import editor  # noqa: E402
from ce_tracker.services.record import planner
from tests.utils import factories as f  # noqa: E402


def build(session: Session):
    today = local_date(CMI, utcnow())
    member = f.person(session, certified_on=today - timedelta(days=5 * 365 + 200))
    old = members.term_in_program(session, member.member_id, members.first_program_id(session, member.member_id))
    members.open_term(session, member_id=member.member_id, program=f.program(session),
                      starts_on=old.ends_on + timedelta(days=1))
    staff = f.person(session, Role.STAFF)
    row = editor.create_program(session=session, actor=staff, now=utcnow(), draft=ProgramDraft(
        code="US", name="Ultrasound CME", term_years="3", total_hours="30"))
    members.open_term(session, member_id=member.member_id, program=row, starts_on=today - timedelta(days=500))
    for i in range(75):
        f.course_credit(session, member, ("Art", "Biomedical", "Business", "History")[i % 4], "1.5",
                        today - timedelta(days=24 * i + 3), title=f"Course {i}")
    for i in range(15):
        event = f.event(session, ends_on=today - timedelta(days=120 * i + 10), days=2, title=f"Convention {i}")
        session.add(EventSubmission(member_id=member.member_id, activity_id=event.id, total=Decimal(12)))
    for i in range(20):
        session.add(PlannedActivity(member_id=member.member_id, title=f"Plan {i}",
                                    category=("Art", "Biomedical", "Business")[i % 3], hours=Decimal(2),
                                    planned_on=today + timedelta(days=15 * i - 100),
                                    done_as="course claim #1" if i < 8 else ""))
    session.flush()
    return member


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--calls", type=int, default=300)
    args = parser.parse_args()
    print_machine()
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{folder}/bench.db")
        SQLModel.metadata.create_all(engine)
        with Session(engine, expire_on_commit=False) as session:
            member = build(session)
            session.commit()
        times, view = [], None
        for i in range(20 + args.calls):
            started = time.perf_counter()
            with Session(engine) as session:
                view = planner.planner(session=session, actor=member, now=utcnow())
            if i >= 20:
                times.append(time.perf_counter() - started)
        engine.dispose()
    print(f"answer: {len(view.plans)} plans, {len(view.terms)} programs; "
          + "; ".join(f"{t.program_name}: {t.result.now.counted_total} h recorded, "
                      f"{t.result.planned.counted_total} h with plans" for t in view.terms) + "\n")
    print_table(["what-if planner, one member, five years", "p50 ms", "p95 ms", "p99 ms"],
                [[f"{args.calls} calls", *latency_cells(times)]])


if __name__ == "__main__":
    main()
