"""When a live event's credits can be entered: its phase for one member, from plain dates.

The seed's rules meet here: credits are claimable only after the event concludes
(R002-01), and credit not recorded within the recording window is forfeited
(R000-08). Only an event that counts toward a program (it has a category) has
such a window; an undesignated CME-only event stays open.
"""

from __future__ import annotations

import enum
from datetime import date, timedelta

from .deadlines import recording_deadline
from .program import Program

__all__ = ["EventPhase", "event_opens_on", "event_phase", "event_window_closes_on"]


class EventPhase(str, enum.Enum):
    """Where an event stands for one member's credit entry."""

    UPCOMING = "upcoming"  # not concluded: credits cannot be claimed yet (R002-01)
    OPEN = "open"  # concluded, not submitted, recording window open
    CLOSED = "closed"  # recording window passed without a submit: forfeited (R000-08)
    SUBMITTED = "submitted"  # submitted once, never changed again (R002-10)


def event_opens_on(ends_on: date) -> date:
    """The first day credits can be claimed: the day after the event's last day (R002-01)."""
    return ends_on + timedelta(days=1)


def event_window_closes_on(program: Program | None, ends_on: date, *, designated: bool) -> date | None:
    """Last day to record credit that counts toward a program (R000-08); None for undesignated events."""
    if not designated or program is None:
        return None
    return recording_deadline(program, ends_on)


def event_phase(today: date, ends_on: date, closes_on: date | None, *, submitted: bool) -> EventPhase:
    """The event's phase for a member on ``today`` (R002-01, R000-08, R002-10)."""
    if submitted:
        return EventPhase.SUBMITTED
    if today < event_opens_on(ends_on):
        return EventPhase.UPCOMING
    if closes_on is not None and today > closes_on:
        return EventPhase.CLOSED
    return EventPhase.OPEN
