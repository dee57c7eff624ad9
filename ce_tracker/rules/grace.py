"""After a term ends short: still in grace, or lapsed (R000-15).

The seed gives a member 30 days after an activity to record it and lets an approval request wait on the
committee, so a term that ended a few hours short is not yet lost while either could still complete it.
This is the Board's reading of "in grace"; it is ONE function so the lifecycle's fuller rule (the
recording window of each activity, the approved request's own window) can replace it in one place.
"""

from __future__ import annotations

from datetime import date, timedelta

from .program import Program

__all__ = ["in_grace"]


def in_grace(program: Program, *, ends_on: date, today: date, short: bool, undecided_request: bool) -> bool:
    """Whether an ended term that is ``short`` of the hours can still be completed.

    True while ``today`` is within the program's recording window (30 days) after ``ends_on``, or
    while an approval request for an activity inside the term is still undecided.
    """
    if today <= ends_on or not short:
        return False
    return today <= ends_on + timedelta(days=program.recording_window_days) or undecided_request
