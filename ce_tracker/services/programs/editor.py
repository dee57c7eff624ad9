"""Staff create and edit programs; every saved edit is a new program version.

Design: the ``program``/``category``/``cap_group`` rows are the program's *current* rules (what
``programs.load_program`` reads and caches; new terms follow them). Each save also writes a ``program_version``
row with the rules as JSON. A term whose ``program_version_id`` is None follows the current rules; so before an
edit takes effect, every such term of the program is pinned to the version it was under. An edit therefore
never rewrites a running term, unless staff choose "apply to running terms", which moves the program's active
terms to the new version (and their end date to the new term length). Categories are matched by name: a
category that credits, courses or requests use cannot be removed (renaming is remove plus add), so recorded
credit never loses its category. The cache is cleared on save and again should the transaction roll back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import event, func, update
from sqlmodel import Session, select

from ce_tracker.models import (
    Activity,
    ApprovalRequest,
    CapGroupRow,
    Category,
    CertificationTerm,
    CreditClaim,
    ProgramRow,
    ProgramVersion,
    Role,
    TermStatus,
)
from ce_tracker.rules import Program, local_date, term_end
from ce_tracker.rules.program_check import ProgramDraft, ProgramInvalid, check_program
from ce_tracker.rules.program_data import as_data, as_draft
from ce_tracker.services import audit
from ce_tracker.services.accounts.actors import Actor
from ce_tracker.services.errors import Conflict, Invalid, NotFound
from ce_tracker.services.programs.store import forget_programs, install_program, load_program, write_cap_groups

NO_PROGRAM = "No such program."


@dataclass(frozen=True)
class ProgramLine:
    id: int
    code: str
    name: str
    version: int
    active_terms: int


def _checked(draft: ProgramDraft) -> Program:
    try:
        return check_program(draft)
    except ProgramInvalid as error:
        raise Invalid(" ".join(error.problems)) from error


def _current_version(session: Session, program_id: int) -> ProgramVersion | None:
    return session.exec(select(ProgramVersion).where(ProgramVersion.program_id == program_id)
                        .order_by(ProgramVersion.number.desc())).first()


def _add_version(session: Session, program_id: int, program: Program, actor_id: int | None,
                 now: datetime) -> ProgramVersion:
    latest = _current_version(session, program_id)
    version = ProgramVersion(program_id=program_id, number=latest.number + 1 if latest else 1,
                             rules=as_data(program), created_at=now, created_by=actor_id)
    session.add(version)
    session.flush()
    return version


def _forget_on_rollback(session: Session) -> None:
    engine = session.get_bind().engine
    forget_programs(engine)
    event.listen(session, "after_rollback", lambda _s: forget_programs(engine), once=True)


def require_editor(actor: Actor) -> None:
    """Only staff edit programs (the page asks before opening an empty form)."""
    actor.require(Role.STAFF)


def list_programs(*, session: Session, actor: Actor) -> list[ProgramLine]:
    """Every program with its current version number and how many terms are active in it."""
    actor.require(Role.STAFF)
    rows = session.exec(select(ProgramRow).order_by(ProgramRow.id)).all()
    lines = []
    for row in rows:
        version = _current_version(session, row.id)
        active = session.exec(select(func.count()).select_from(CertificationTerm).where(
            CertificationTerm.program_id == row.id, CertificationTerm.status == TermStatus.ACTIVE)).one()
        lines.append(ProgramLine(row.id, row.code, row.name, version.number if version else 1, active))
    return lines


def program_draft(*, session: Session, actor: Actor, program_id: object) -> ProgramDraft:
    """The editor's fields for a stored program."""
    actor.require(Role.STAFF)
    return as_draft(load_program(session, _row(session, program_id).id))


def _row(session: Session, program_id: object) -> ProgramRow:
    row = session.get(ProgramRow, program_id) if isinstance(program_id, int) and not isinstance(
        program_id, bool) else None
    if row is None:
        raise NotFound(NO_PROGRAM)
    return row


def create_program(*, session: Session, actor: Actor, draft: ProgramDraft, now: datetime) -> ProgramRow:
    """A new program from the editor, refused with every problem named when it contradicts itself."""
    actor.require(Role.STAFF)
    program = _checked(draft)
    if session.exec(select(ProgramRow).where(func.lower(ProgramRow.code) == program.code.lower())).first():
        raise Conflict(f"A program with the code {program.code} exists already; choose another code.")
    _forget_on_rollback(session)
    row = install_program(session, program)
    version = _add_version(session, row.id, program, actor.member_id, now)
    audit.record(session, actor_id=actor.member_id, action="program_created", entity="program", entity_id=row.id,
                 code=program.code, version=version.number, rules=as_data(program))
    return row


def _changes(old: Program, new: Program) -> dict[str, str]:
    """What an edit changed, field by field, in words for the audit log."""
    before, after = as_data(old), as_data(new)
    return {key: f"{before[key]} → {after[key]}" for key in after if before[key] != after[key]}


def update_program(*, session: Session, actor: Actor, program_id: object, draft: ProgramDraft,
                   apply_to_running: bool, now: datetime) -> ProgramVersion:
    """Save an edit as the program's new version; running terms keep theirs unless ``apply_to_running``."""
    actor.require(Role.STAFF)
    row = _row(session, program_id)
    old = load_program(session, row.id)
    new = _checked(draft)
    if new.code != old.code:
        raise Invalid(f"A program's code cannot change (it is {old.code}); create a new program instead.")
    if as_data(new) == as_data(old):
        raise Invalid("Nothing changed: the program is saved as it is.")
    _forget_on_rollback(session)
    previous = _current_version(session, row.id) or _add_version(session, row.id, old, None, now)
    session.execute(update(CertificationTerm).where(CertificationTerm.program_id == row.id,
                                                    CertificationTerm.program_version_id.is_(None))
                    .values(program_version_id=previous.id))
    _write_rows(session, row, new)
    version = _add_version(session, row.id, new, actor.member_id, now)
    applied = _apply(session, row.id, new, version, now) if apply_to_running else 0
    forget_programs(session.get_bind().engine)
    audit.record(session, actor_id=actor.member_id, action="program_changed", entity="program", entity_id=row.id,
                 version=version.number, applied_to_running_terms=applied, **_changes(old, new))
    return version


def _apply(session: Session, program_id: int, program: Program, version: ProgramVersion, now: datetime) -> int:
    """Move the program's active, unfinished terms to ``version`` (their end follows its term length)."""
    today = local_date(program, now)
    terms = session.exec(select(CertificationTerm).where(CertificationTerm.program_id == program_id,
                                                         CertificationTerm.status == TermStatus.ACTIVE,
                                                         CertificationTerm.ends_on >= today)).all()
    for term in terms:
        term.program_version_id = version.id
        term.ends_on = term_end(program, term.starts_on)
        session.add(term)
    session.flush()
    return len(terms)


def _in_use(session: Session, category_id: int) -> bool:
    for model, column in ((CreditClaim, CreditClaim.category_id), (Activity, Activity.category_id),
                          (ApprovalRequest, ApprovalRequest.category_id)):
        if session.exec(select(model.id).where(column == category_id).limit(1)).first() is not None:
            return True
    return False


def _write_rows(session: Session, row: ProgramRow, program: Program) -> None:
    """Make the program's rows say ``program``: fields, categories by name, combined caps afresh."""
    for key in ("name", "term_years", "total_hours", "recording_window_days", "approval_window_days",
                "review_days", "timezone"):
        setattr(row, key, getattr(program, key))
    session.add(row)
    existing = {c.name: c for c in session.exec(select(Category).where(Category.program_id == row.id)).all()}
    wanted = set(program.category_names)
    for name, category in existing.items():
        if name not in wanted:
            if _in_use(session, category.id):
                raise Conflict(f"Category “{name}” has credits, courses or requests; it cannot be removed or "
                               "renamed. Keep it (its minimum can be 0).")
            session.delete(category)
    existing = {name: category for name, category in existing.items() if name in wanted}
    for category in existing.values():
        category.cap_group_id = None
        session.add(category)
    session.flush()
    session.execute(CapGroupRow.__table__.delete().where(CapGroupRow.program_id == row.id))
    group_ids = write_cap_groups(session, row.id, program)
    for position, rule in enumerate(program.categories):
        category = existing.get(rule.name) or Category(program_id=row.id, name=rule.name)
        category.position, category.min_hours, category.max_hours = position, rule.min_hours, rule.max_hours
        category.required, category.cap_group_id = rule.required, group_ids.get(rule.name)
        session.add(category)
    session.flush()
