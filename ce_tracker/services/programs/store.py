"""Programs between their two forms: rules ``Program`` values and database rows.

A program's rows change only through ``editor.update_program`` (which clears this cache, and
again on rollback), yet every credit save needs the rules.
So ``load_program`` keeps what it read, per engine: a second database
(another test's, another URL) has its own cache, and the cache goes with its engine. Writing
a program clears the engine's cache, and so does rolling that write back, so an id freed by
a rollback and reused can never show the old rules.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from weakref import WeakKeyDictionary

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from ce_tracker.models import CapGroupRow, Category, ProgramRow
from ce_tracker.rules import CapGroup, CategoryRule, Program
from ce_tracker.rules.program_data import from_data


@dataclass
class _Known:
    """One engine's programs as read so far, and which program each category belongs to."""

    programs: dict[int, Program] = field(default_factory=dict)
    category_programs: dict[int, int] = field(default_factory=dict)


_known: WeakKeyDictionary[Engine, _Known] = WeakKeyDictionary()
_known_lock = threading.Lock()  # backend threads share the cache


def _engine(session: Session) -> Engine:
    """The engine under the session, whether it was bound to an engine or to a connection."""
    return session.get_bind().engine


def _known_for(session: Session) -> _Known:
    engine = _engine(session)
    with _known_lock:
        known = _known.get(engine)
        if known is None:
            known = _known[engine] = _Known()
        return known


def forget_programs(engine: Engine | None = None) -> None:
    """Drop the cached programs of ``engine`` (of every engine when None), e.g. after editing rows by hand."""
    with _known_lock:
        if engine is None:
            _known.clear()
        else:
            _known.pop(engine, None)


def write_cap_groups(session: Session, program_id: int, program: Program) -> dict[str, int]:
    """Store the program's combined caps; the cap group's id for each category name that belongs to one."""
    group_ids = {}
    for group in program.groups:
        group_row = CapGroupRow(program_id=program_id, name=group.name, max_hours=group.max_hours)
        session.add(group_row)
        session.flush()
        group_ids.update({name: group_row.id for name in group.categories})
    return group_ids


def install_program(session: Session, program: Program) -> ProgramRow:
    """Store ``program`` unless a program with its code exists; returns the row."""
    row = session.exec(select(ProgramRow).where(ProgramRow.code == program.code)).first()
    if row is not None:
        return row
    engine = _engine(session)
    forget_programs(engine)
    # Should this transaction roll back, the ids it used may be reused: forget what was read in it.
    event.listen(session, "after_rollback", lambda _session: forget_programs(engine), once=True)
    row = ProgramRow(code=program.code, name=program.name, term_years=program.term_years,
                     total_hours=program.total_hours, recording_window_days=program.recording_window_days,
                     approval_window_days=program.approval_window_days, review_days=program.review_days,
                     timezone=program.timezone)
    session.add(row)
    session.flush()
    group_ids = write_cap_groups(session, row.id, program)
    for position, rule in enumerate(program.categories):
        session.add(Category(program_id=row.id, name=rule.name, position=position, min_hours=rule.min_hours,
                             max_hours=rule.max_hours, required=rule.required,
                             cap_group_id=group_ids.get(rule.name)))
    session.flush()
    return row


def load_program(session: Session, program_id: int) -> Program:
    """The rules ``Program`` a stored program describes; read once per engine (see the module's docstring)."""
    known = _known_for(session)
    program = known.programs.get(program_id)
    if program is None:
        program = known.programs[program_id] = _read_program(session, program_id)
    return program


def program_of_category(session: Session, category_id: int) -> Program:
    """The rules of the program a category belongs to; a category never moves, so this is cached too."""
    known = _known_for(session)
    program_id = known.category_programs.get(category_id)
    if program_id is None:
        program_id = known.category_programs[category_id] = session.get(Category, category_id).program_id
    return load_program(session, program_id)


def _read_program(session: Session, program_id: int) -> Program:
    row = session.get(ProgramRow, program_id)
    categories = session.exec(select(Category).where(Category.program_id == program_id)
                              .order_by(Category.position)).all()
    groups = session.exec(select(CapGroupRow).where(CapGroupRow.program_id == program_id)).all()
    return Program(
        code=row.code, name=row.name, term_years=row.term_years, total_hours=row.total_hours,
        categories=tuple(CategoryRule(c.name, c.min_hours, c.max_hours, c.required) for c in categories),
        groups=tuple(CapGroup(g.name, tuple(c.name for c in categories if c.cap_group_id == g.id), g.max_hours)
                     for g in groups),
        recording_window_days=row.recording_window_days, approval_window_days=row.approval_window_days,
        review_days=row.review_days, timezone=row.timezone)


def term_program(session: Session, term) -> Program:
    """The rules a term is judged by: its pinned version's, else its program's current rules.

    A version never changes once written, so reading its row (one primary-key get) needs no cache.
    """
    if getattr(term, "program_version_id", None) is None:
        return load_program(session, term.program_id)
    from ce_tracker.models import ProgramVersion
    return from_data(session.get(ProgramVersion, term.program_version_id).rules)


def categories_of(session: Session, program_id: int) -> list[Category]:
    """A program's categories in their display order."""
    return list(session.exec(select(Category).where(Category.program_id == program_id)
                             .order_by(Category.position)).all())


def default_program(session: Session) -> ProgramRow | None:
    """The program new members join: the first one installed."""
    return session.exec(select(ProgramRow).order_by(ProgramRow.id)).first()


def society_program(*, session: Session) -> Program | None:
    """The rules of the program new members join, as staff last saved them: what the help page explains.

    Anyone may read them (the help is public); None before any program is installed.
    """
    row = default_program(session)
    return load_program(session, row.id) if row else None
