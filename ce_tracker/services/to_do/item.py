"""One thing to do, as Home lists it: the words, the place it is done, how urgent it is.

The place is a name and a target, not an address: the pages turn it into a link, so services stay free of
the web layer.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date


class Place(str, enum.Enum):
    """Where a to-do is done; the page maps each to its address."""

    REQUEST = "request"  # target: the approval request's id
    EVENT = "event"  # target: the event's id (CME Tracker sheet)
    COURSES = "courses"  # target: a category name ("" for all)
    CME = "cme"  # the CME Tracker's list of events
    RENEWAL = "renewal"
    REVIEW_QUEUE = "review_queue"
    REVIEW_REQUEST = "review_request"  # target: the request's id
    STAFF_RENEWALS = "staff_renewals"
    STAFF_PAYMENTS = "staff_payments"
    STAFF_EVENT = "staff_event"  # target: the event's id
    BOARD = "board"  # target: a quarter ("2027-Q1") or ""
    BOARD_SAMPLE = "board_sample"


class Urgency(str, enum.Enum):
    OVERDUE = "overdue"
    SOON = "soon"  # due within a week
    NORMAL = "normal"


SOON_DAYS = 7


@dataclass(frozen=True)
class ToDo:
    """A next step: ``title`` says what to do, ``detail`` why or by when, ``action`` the link's words."""

    title: str
    detail: str
    action: str
    place: Place
    target: str = ""
    due_on: date | None = None
    urgency: Urgency = Urgency.NORMAL


def many(n: int, one: str, more: str) -> str:
    """ "1 renewal", "3 renewals"."""
    return f"1 {one}" if n == 1 else f"{n} {more}"


def urgency_of(due_on: date | None, today: date) -> Urgency:
    """Overdue after its day, soon within a week of it, else normal."""
    if due_on is None:
        return Urgency.NORMAL
    if due_on < today:
        return Urgency.OVERDUE
    return Urgency.SOON if (due_on - today).days <= SOON_DAYS else Urgency.NORMAL


def in_order(items: list[ToDo]) -> list[ToDo]:
    """Overdue first, then soonest due, then the rest in the order they were found."""
    rank = {Urgency.OVERDUE: 0, Urgency.SOON: 1, Urgency.NORMAL: 2}
    return sorted(items, key=lambda t: (rank[t.urgency], t.due_on is None, t.due_on or date.max))
