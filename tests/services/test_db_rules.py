"""The database itself refuses what the rules forbid, even written behind the services' back.

Every check runs on SQLite made from the models, on PostgreSQL built by the migrations (the
``engine`` fixture) and on SQLite built by the migrations, where the checks are triggers.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from alembic import command
from ce_tracker.config import ROOT
from ce_tracker.db import make_engine
from ce_tracker.models import DayCredit
from ce_tracker.services.accounts import sessions
from ce_tracker.services.events import cme
from tests.utils import factories as f

ENDED = date(2026, 10, 10)

# (statement, the constraint it breaks); each runs on a database with one saved day (see _saved_day).
FORBIDDEN = [
    ("UPDATE daycredit SET credits = -100", "ck_daycredit_credits_not_negative"),  # R002-07: no negative credits
    ("UPDATE eventday SET max_credits = 0", "ck_eventday_max_credits_positive"),
    ("UPDATE eventday SET max_credits = -25", "ck_eventday_max_credits_positive"),
    ("UPDATE activity SET ends_on = '2026-10-01'", "ck_activity_dates"),
    ("UPDATE activity SET hours = -1", "ck_activity_hours_not_negative"),
    ("UPDATE activity SET increment = 0", "ck_activity_increment_positive"),
    ("UPDATE certificationterm SET ends_on = '2000-01-01'", "ck_certificationterm_dates"),
    ("UPDATE category SET min_hours = -1", "ck_category_min_hours_not_negative"),
    ("UPDATE program SET total_hours = 0", "ck_program_total_hours_positive"),
]


@pytest.fixture
def migrated_sqlite(tmp_path):
    """SQLite built by running every migration, as a deployment does."""
    url = f"sqlite:///{tmp_path / 'migrated.db'}"
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "alembic"))
    config.attributes["url"] = url
    config.attributes["skip_logging"] = True
    command.upgrade(config, "head")
    engine = make_engine(url)
    yield engine
    engine.dispose()


def _saved_day(session: Session) -> None:
    """A member with a term who saved 6 credits for one day of a designated event."""
    f.program(session)
    member = f.person(session, certified_on=date(2024, 1, 1))
    activity = f.event(session, ends_on=ENDED)
    day = f.event_days(session, activity)[0]
    f.register(session, member, day)
    cme.save_day(session=session, actor=member, event_day_id=day.id, value="6", now=f.at(date(2026, 10, 12)))
    session.flush()


def _refused(session: Session, statement: str, name: str) -> None:
    with pytest.raises(IntegrityError) as refused:
        with session.begin_nested():
            session.execute(text(statement))
    assert name in str(refused.value) or "CHECK constraint failed" in str(refused.value) \
        or "violates check constraint" in str(refused.value)


@pytest.mark.parametrize("statement, name", FORBIDDEN)
def test_r002_07_the_database_refuses_what_the_rules_forbid(session, statement, name):
    _saved_day(session)
    _refused(session, statement, name)


@pytest.mark.parametrize("statement, name", FORBIDDEN)
def test_r002_07_a_migrated_sqlite_database_refuses_it_too(migrated_sqlite, statement, name):
    with Session(migrated_sqlite) as session:
        _saved_day(session)
        _refused(session, statement, name)
        session.rollback()


def test_r002_07_a_negative_credit_inserted_by_hand_is_refused(migrated_sqlite):
    """Not only an UPDATE: an INSERT of a negative day credit is refused, and a zero is still allowed."""
    with Session(migrated_sqlite) as session:
        _saved_day(session)
        row = session.exec(sqlalchemy.select(DayCredit)).scalars().one()
        values = dict(member_id=row.member_id, event_day_id=row.event_day_id + 1, saved_at=row.saved_at)
        with pytest.raises(IntegrityError, match="ck_daycredit_credits_not_negative"):
            with session.begin_nested():
                session.add(DayCredit(credits=Decimal("-0.25"), **values))
                session.flush()
        with session.begin_nested():
            session.add(DayCredit(credits=Decimal(0), **values))
            session.flush()
        session.rollback()


def test_an_attachment_is_stored_once_per_request(session):
    """The "already attached" check in code has a unique index behind it."""
    from ce_tracker.services.approvals.attachments import add_attachment

    f.program(session)
    member = f.person(session, certified_on=date(2024, 1, 1))
    request = f.approval_request(session, member, ends_on=ENDED)
    add_attachment(session=session, actor=member, request_id=request.id, filename="a.pdf",
                   data=b"%PDF-1.7", now=f.at(ENDED), max_bytes=1000)
    with pytest.raises(IntegrityError):
        with session.begin_nested():
            session.execute(text("INSERT INTO approvalattachment (request_id, filename, content_type, size, sha256, "
                                 "data, uploaded_at) SELECT request_id, 'b.pdf', content_type, size, sha256, data, "
                                 "uploaded_at FROM approvalattachment"))


def test_sign_in_finds_one_member_by_index_not_by_reading_them_all(migrated_sqlite, engine):
    """Sign-in looks a person up by lower(email/username/member number): on a migrated database and on one made
    from the models, SQLite answers from the three lower() indexes instead of scanning the member table (which
    made every sign-in cost in proportion to the society's size)."""
    sql = str(sessions.BY_IDENTIFIER.compile(dialect=migrated_sqlite.dialect))
    for database in (migrated_sqlite, engine):
        if database.dialect.name != "sqlite":
            continue
        with database.connect() as connection:
            plan = " | ".join(row[-1] for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}",
                                                                            ("a", "a", "a")))
        assert "SCAN member" not in plan and plan.count("ix_member_lower_") == 3, plan


def test_a_submissions_credits_are_found_by_index_not_by_reading_every_saved_day(migrated_sqlite, engine):
    """The submit reads its sealed days and the renewal evidence splits each submission by category, both by
    ``daycredit.submission_id``: without an index each read scanned every saved day of the society (the
    renewal queue took 2.5 s for 500 applications at 50,000 members)."""
    sql = "SELECT credits FROM daycredit WHERE submission_id = ?"
    for database in (migrated_sqlite, engine):
        if database.dialect.name != "sqlite":
            continue
        with database.connect() as connection:
            plan = " | ".join(row[-1] for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", (1,)))
        assert "SCAN daycredit" not in plan and "submission_id" in plan, plan
