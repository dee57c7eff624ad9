"""The security review's L4: a member has at most one live calendar address.

Revoking ended only the first active feed, and nothing forbade two: two "new address" clicks at once could
each revoke nothing and add one, leaving an address the member believes dead still live. The database now keeps
one active feed per member (a partial unique index), revoking ends every active one in one UPDATE, and the
migration revokes the extras an existing database may hold before it adds the index.
"""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from alembic import command
from ce_tracker.config import ROOT, settings
from ce_tracker.db import make_engine
from ce_tracker.models import CalendarFeed
from ce_tracker.services import tokens
from ce_tracker.services.errors import Conflict
from ce_tracker.services.reminders import calendar_feed as feeds
from tests.utils import factories as f

NOW = f.at(date(2026, 10, 12))
INDEX_REVISION = "review01a2b3"  # the migration that adds the index


def _active(session, member) -> list[CalendarFeed]:
    return list(session.exec(select(CalendarFeed).where(CalendarFeed.member_id == member.member_id,
                                                        CalendarFeed.revoked_at.is_(None))))


def test_review_l4_the_database_refuses_a_second_active_feed_for_one_member(session):
    member = f.person(session, certified_on=date(2022, 1, 10))
    feeds.create_feed(session=session, actor=member, now=NOW)
    with pytest.raises(IntegrityError):
        with session.begin_nested():
            session.add(CalendarFeed(member_id=member.member_id, token_hash=tokens.digest(tokens.new_token()),
                                     created_at=NOW))
    # Revoked feeds are history, as many as there were: only the live one is unique.
    for _ in range(3):
        feeds.create_feed(session=session, actor=member, now=NOW)
    assert len(_active(session, member)) == 1
    assert len(session.exec(select(CalendarFeed).where(CalendarFeed.member_id == member.member_id)).all()) == 4


@pytest.mark.postgres
@pytest.mark.parametrize("engine", ["postgres"], indirect=True)
def test_review_l4_two_new_address_clicks_at_once_leave_exactly_one_live_address(units, engine):
    with units() as session:
        member = f.person(session, certified_on=date(2022, 1, 10))
        feeds.create_feed(session=session, actor=member, now=NOW)
    for attempt in range(3):
        barrier, outcomes = threading.Barrier(2), []

        def click():
            try:
                with units() as session:
                    barrier.wait(timeout=10)
                    outcomes.append(feeds.create_feed(session=session, actor=member, now=NOW))
            except Conflict as refused:
                outcomes.append(refused)

        threads = [threading.Thread(target=click) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        with units() as session:
            [live] = _active(session, member)
            given = [o for o in outcomes if isinstance(o, str)]
            assert len(outcomes) == 2 and given, outcomes
            # The address the last successful click showed is the live one; every other address answers nothing.
            assert live.token_hash in {tokens.digest(t) for t in given}
            for token in given:
                answer = feeds.feed_ics(session=session, token=token, now=NOW, settings=settings)
                assert (answer is not None) == (tokens.digest(token) == live.token_hash), attempt
            for refused in (o for o in outcomes if isinstance(o, Conflict)):
                assert "changed at the same moment" in refused.message


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def unmigrated_url(request, tmp_path):
    """An empty database of its own, on SQLite or on the run's PostgreSQL server, for Alembic to build."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'existing.db'}"
        return
    server = request.getfixturevalue("postgres")
    name = f"ce_feed_{tmp_path.name.lower().replace('-', '_')[-40:]}"
    with create_engine(server.url, isolation_level="AUTOCOMMIT").connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    yield server.url.rsplit("/", 1)[0] + "/" + name
    with create_engine(server.url, isolation_level="AUTOCOMMIT").connect() as connection:
        connection.execute(text(f"DROP DATABASE {name} WITH (FORCE)"))


def test_review_l4_the_migration_revokes_the_extra_live_feeds_an_existing_database_holds(unmigrated_url):
    """``python -m ce_tracker migrate`` on a database where two clicks left a member two live feeds: the newest
    stays live, the older one is revoked as of the newer one's creation, and then the index holds."""
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "alembic"))
    config.attributes["url"] = unmigrated_url
    config.attributes["skip_logging"] = True
    before = ScriptDirectory.from_config(config).get_revision(INDEX_REVISION).down_revision
    command.upgrade(config, before)  # the schema before the index
    engine = make_engine(unmigrated_url)
    older, newer = NOW - timedelta(days=2), NOW - timedelta(days=1)
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO member (id, member_number, username, email, full_name, password_hash, is_active, "
            "created_at) VALUES (1, 'M-1', 'm1', 'm1@example.test', 'Ada', '', :yes, :at)"),
            {"yes": True, "at": older})
        for number, (created, revoked) in enumerate(((older, None), (newer, None), (older, older)), start=1):
            connection.execute(text("INSERT INTO calendarfeed (id, member_id, token_hash, created_at, revoked_at) "
                                    "VALUES (:id, 1, :hash, :created, :revoked)"),
                               {"id": number, "hash": f"{number:064d}", "created": created, "revoked": revoked})
    command.upgrade(config, "head")
    with Session(engine) as session:
        rows = [(feed.id, feed.revoked_at) for feed in session.exec(select(CalendarFeed).order_by(CalendarFeed.id))]
    assert rows == [(1, newer), (2, None), (3, older)]
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(text("INSERT INTO calendarfeed (id, member_id, token_hash, created_at) "
                                "VALUES (4, 1, :hash, :at)"), {"hash": f"{4:064d}", "at": newer})
    engine.dispose()


def test_review_l4_revoking_ends_the_live_address_and_says_whether_there_was_one(session):
    member = f.person(session, certified_on=date(2022, 1, 10))
    token = feeds.create_feed(session=session, actor=member, now=NOW)
    assert feeds.revoke_feed(session=session, actor=member, now=NOW + timedelta(minutes=1)) is True
    assert _active(session, member) == [] and feeds.feed_ics(session=session, token=token, now=NOW, settings=settings) is None
    assert feeds.revoke_feed(session=session, actor=member, now=NOW + timedelta(minutes=2)) is False
