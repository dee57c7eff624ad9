"""The per-engine cache of ``load_program``: read once, never another database's, gone with a rollback."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel

from ce_tracker.db import make_engine
from ce_tracker.rules import CMI
from ce_tracker.services.programs import store
from ce_tracker.services.programs.store import install_program, load_program, program_of_category

OTHER = dataclasses.replace(CMI, code="CMA", name="Another Program", total_hours=CMI.total_hours + 10)


@contextmanager
def statements(engine: Engine) -> Iterator[list[str]]:
    """The SQL statements ``engine`` sends inside the block."""
    seen: list[str] = []

    def note(_conn, _cursor, statement, *_args) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)


def test_a_program_is_read_once_per_engine(engine):
    with Session(engine, expire_on_commit=False) as session:
        row = install_program(session, CMI)
        session.commit()
    with Session(engine, expire_on_commit=False) as session:
        first = load_program(session, row.id)
    with Session(engine, expire_on_commit=False) as session, statements(engine) as seen:
        again = load_program(session, row.id)
    assert again is first and again == CMI
    assert seen == []


def test_a_category_finds_its_program_without_a_query_once_known(engine):
    with Session(engine, expire_on_commit=False) as session:
        row = install_program(session, CMI)
        session.commit()
        category_id = store.categories_of(session, row.id)[0].id
    with Session(engine, expire_on_commit=False) as session:
        assert program_of_category(session, category_id) == CMI
    with Session(engine, expire_on_commit=False) as session, statements(engine) as seen:
        assert program_of_category(session, category_id) == CMI
    assert seen == []


def test_another_database_with_another_program_under_the_same_id_keeps_its_own(engine, tmp_path):
    with Session(engine, expire_on_commit=False) as session:
        first_id = install_program(session, CMI).id
        session.commit()
        assert load_program(session, first_id) == CMI
    other = make_engine(f"sqlite:///{tmp_path / 'other.db'}")
    SQLModel.metadata.create_all(other)
    try:
        with Session(other, expire_on_commit=False) as session:
            other_id = install_program(session, OTHER).id
            session.commit()
        assert other_id == first_id
        with Session(other, expire_on_commit=False) as session:
            assert load_program(session, other_id) == OTHER
        with Session(engine, expire_on_commit=False) as session:
            assert load_program(session, first_id) == CMI
    finally:
        other.dispose()


def test_installing_a_program_forgets_what_was_read(engine):
    with Session(engine, expire_on_commit=False) as session:
        row = install_program(session, CMI)
        session.commit()
        load_program(session, row.id)
    assert store._known[engine].programs
    with Session(engine, expire_on_commit=False) as session:
        install_program(session, OTHER)
        assert engine not in store._known
        session.commit()


def test_a_rolled_back_install_leaves_nothing_cached(engine):
    with Session(engine, expire_on_commit=False) as session:
        row = install_program(session, CMI)
        assert load_program(session, row.id) == CMI  # read inside the transaction that will not commit
        session.rollback()
    assert engine not in store._known
    with Session(engine, expire_on_commit=False) as session:
        row = install_program(session, OTHER)  # may reuse the freed id
        session.commit()
    with Session(engine, expire_on_commit=False) as session:
        assert load_program(session, row.id) == OTHER


def test_forget_programs_clears_one_engine_or_all(engine):
    with Session(engine, expire_on_commit=False) as session:
        row = install_program(session, CMI)
        session.commit()
        load_program(session, row.id)
    store.forget_programs(engine)
    assert engine not in store._known
    with Session(engine, expire_on_commit=False) as session:
        load_program(session, row.id)
    store.forget_programs()
    assert engine not in store._known
