"""Everything waiting on one person, whatever roles they hold, most urgent first."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from ce_tracker.config import Settings
from ce_tracker.services.accounts.actors import Actor
from ce_tracker.services.to_do.board import board_to_dos
from ce_tracker.services.to_do.committee import committee_to_dos
from ce_tracker.services.to_do.item import ToDo, in_order
from ce_tracker.services.to_do.member import member_to_dos
from ce_tracker.services.to_do.staff import staff_to_dos


def to_do_list(*, session: Session, actor: Actor, now: datetime, settings: Settings) -> list[ToDo]:
    """A member's steps, then the committee's, headquarters' and the Board's, each sorted by urgency."""
    return (in_order(member_to_dos(session=session, actor=actor, now=now, settings=settings))
            + in_order(committee_to_dos(session=session, actor=actor, now=now))
            + in_order(staff_to_dos(session=session, actor=actor, now=now))
            + in_order(board_to_dos(session=session, actor=actor, now=now)))
