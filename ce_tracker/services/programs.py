"""Programs between their two forms: rules ``Program`` values and database rows."""

from __future__ import annotations

from sqlmodel import Session, select

from ce_tracker.models import CapGroupRow, Category, ProgramRow
from ce_tracker.rules import CapGroup, CategoryRule, Program


def install_program(session: Session, program: Program) -> ProgramRow:
    """Store ``program`` unless a program with its code exists; returns the row."""
    row = session.exec(select(ProgramRow).where(ProgramRow.code == program.code)).first()
    if row is not None:
        return row
    row = ProgramRow(code=program.code, name=program.name, term_years=program.term_years,
                     total_hours=program.total_hours, recording_window_days=program.recording_window_days,
                     approval_window_days=program.approval_window_days, review_days=program.review_days,
                     timezone=program.timezone)
    session.add(row)
    session.flush()
    group_ids = {}
    for group in program.groups:
        group_row = CapGroupRow(program_id=row.id, name=group.name, max_hours=group.max_hours)
        session.add(group_row)
        session.flush()
        group_ids.update({name: group_row.id for name in group.categories})
    for position, rule in enumerate(program.categories):
        session.add(Category(program_id=row.id, name=rule.name, position=position, min_hours=rule.min_hours,
                             max_hours=rule.max_hours, required=rule.required,
                             cap_group_id=group_ids.get(rule.name)))
    session.flush()
    return row


def load_program(session: Session, program_id: int) -> Program:
    """The rules ``Program`` a stored program describes."""
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


def categories_of(session: Session, program_id: int) -> list[Category]:
    """A program's categories in their display order."""
    return list(session.exec(select(Category).where(Category.program_id == program_id)
                             .order_by(Category.position)).all())


def default_program(session: Session) -> ProgramRow | None:
    """The program new members join: the first one installed."""
    return session.exec(select(ProgramRow).order_by(ProgramRow.id)).first()
