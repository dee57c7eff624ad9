"""A reviewer's next steps: the committee's pending requests, overdue first (R000-03, R000-04).

A reviewer's own requests are listed in the queue but never theirs to decide, so they are not to-dos.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from ce_tracker import formatting as fmt
from ce_tracker.models import Role
from ce_tracker.services.accounts.actors import Actor
from ce_tracker.services.approvals.review import review_queue
from ce_tracker.services.approvals.shared import society_today
from ce_tracker.services.to_do.item import Place, ToDo, Urgency, urgency_of


def committee_to_dos(*, session: Session, actor: Actor, now: datetime) -> list[ToDo]:
    if not actor.has(Role.REVIEWER):
        return []
    today = society_today(session, now)
    items = []
    for line in review_queue(session=session, actor=actor, now=now):
        if line.own:
            continue
        when = (f"Overdue since {fmt.day(line.due_on)}" if line.overdue else f"Due {fmt.day(line.due_on)}")
        items.append(ToDo(f"Review \u201c{line.title}\u201d from {line.member_name}",
                          f"{when} · {line.category}, {fmt.hours(line.hours)} h asked.", "Review the request",
                          Place.REVIEW_REQUEST, str(line.request_id), line.due_on,
                          Urgency.OVERDUE if line.overdue else urgency_of(line.due_on, today)))
    return items
