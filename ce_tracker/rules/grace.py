"""After a term ends short: still in grace, or lapsed (R000-15), as the Board counts it.

The lifecycle's ``term_phase`` is the one definition of grace (the recording window of the term's last days,
an undecided approval request); the Board's count asks it, so the Board and the member's own page never
disagree about who is in grace.
"""

from __future__ import annotations

from datetime import date

from .program import Program
from .term import TermPhase, grace_last_day, term_phase

__all__ = ["in_grace"]


def in_grace(program: Program, *, ends_on: date, today: date, short: bool, undecided_request: bool) -> bool:
    """Whether an ended term that is ``short`` of the hours can still be completed (R000-15)."""
    if not short:
        return False
    phase = term_phase(stored="active", ends_on=ends_on, today=today, may_renew=False, window_months=0,
                       grace_until=grace_last_day(program, ends_on), undecided_requests=int(undecided_request))
    return phase is TermPhase.GRACE
