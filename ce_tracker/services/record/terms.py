"""A member's terms in every program they hold one in.

The CMI pages show the member's first program (``members.first_program_id``); this lists the others with the
standing their own rules give, so Home and the record can show a member in two programs at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlmodel import Session

from ce_tracker.models import ProgramRow
from ce_tracker.services.accounts import members
from ce_tracker.services.accounts.actors import Actor
from ce_tracker.services.record.credit_record import term_standing


@dataclass(frozen=True)
class OtherTerm:
    program_name: str
    starts_on: date
    ends_on: date
    status: str
    counted: Decimal
    required: Decimal
    may_renew: bool
    any_hours: bool  # the program has no categories: every credit's hours count


def other_terms(*, session: Session, actor: Actor, now: datetime) -> list[OtherTerm]:
    """The acting member's terms in programs after their first, each judged by its own rules."""
    found = []
    for term, program in members.terms_by_program(session, actor.member_id, now)[1:]:
        standing = term_standing(session, term)
        found.append(OtherTerm(session.get(ProgramRow, term.program_id).name, term.starts_on, term.ends_on,
                               term.status.value, standing.counted_total, program.total_hours, standing.may_renew,
                               not program.categories))
    return found
