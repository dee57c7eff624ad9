"""A member's terms in every program they hold one in.

The CMI pages show the member's first program (``members.first_program_id``); this lists the others, each judged
by the same code as the first (``renewal.window.term_state``: its own rules, its own status words), so Home and
the record can show a member in two programs at once without two vocabularies.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlmodel import Session

from ce_tracker.config import settings
from ce_tracker.models import ProgramRow
from ce_tracker.rules.status import Status, Verdict, needed_words
from ce_tracker.services.accounts import members
from ce_tracker.services.accounts.actors import Actor
from ce_tracker.services.renewal.window import term_state


@dataclass(frozen=True)
class OtherTerm:
    program_name: str
    starts_on: date
    ends_on: date
    status: Status
    counted: Decimal
    required: Decimal
    needed: str  # "4.25 h", "" when nothing is missing (``rules.status.needed_words``)
    any_hours: bool  # the program has no categories: every credit's hours count
    verdict: Verdict


def other_terms(*, session: Session, actor: Actor, now: datetime) -> list[OtherTerm]:
    """The acting member's terms in programs after their first, each judged by its own rules."""
    found = []
    for term, program in members.terms_by_program(session, actor.member_id, now)[1:]:
        verdict = term_state(session, term, now, settings).verdict
        standing = verdict.standing
        found.append(OtherTerm(session.get(ProgramRow, term.program_id).name, term.starts_on, term.ends_on,
                               verdict.status, standing.counted_total, program.total_hours,
                               needed_words(standing), not program.categories, verdict))
    return found
