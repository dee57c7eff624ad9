"""The Board of Certification's next steps: the next quarter whose terms end, and the yearly audit sample
(R000-15 to R000-18).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session

from ce_tracker import formatting as fmt
from ce_tracker.models import Role
from ce_tracker.rules.board import quarter_of
from ce_tracker.rules.status import Status
from ce_tracker.services.accounts.actors import Actor
from ce_tracker.services.board.audit_sample import samples, suggested_period
from ce_tracker.services.board.cohorts import cohorts
from ce_tracker.services.to_do.item import Place, ToDo, many

SAMPLE_EVERY = timedelta(days=365)


def _next_quarter(session: Session, actor: Actor, now: datetime, today) -> list[ToDo]:
    """The first quarter not over yet, with how many of its terms still need something."""
    current = quarter_of(today)
    upcoming = [c for c in cohorts(session=session, actor=actor, now=now) if c.quarter >= current]
    if not upcoming:
        return []
    c = upcoming[0]
    waiting = c.counts.get(Status.AT_RISK, 0) + c.counts.get(Status.IN_GRACE, 0)
    eligible = c.counts.get(Status.ELIGIBLE, 0) + c.counts.get(Status.APPLIED, 0)
    when = "this quarter" if c.quarter == current else "the next quarter with terms ending"
    return [ToDo(f"Terms ending in {c.quarter} ({when})",
                 f"{many(c.total, 'term', 'terms')}: {waiting} at risk or in grace, {eligible} eligible or applied.",
                 f"See {c.quarter}", Place.BOARD, c.quarter)]


def _audit(session: Session, actor: Actor, now: datetime, today) -> list[ToDo]:
    """Draw the audit sample when none was drawn in the last year."""
    latest = samples(session=session, actor=actor, per_page=1).samples
    if latest and latest[0].drawn_on > today - SAMPLE_EVERY:
        return []
    first, last = suggested_period(session=session, actor=actor, now=now)
    return [ToDo("Draw this year's audit sample",
                 f"No sample drawn since {fmt.day(latest[0].drawn_on)}." if latest else "No sample drawn yet."
                 + f" It covers renewals verified {fmt.day(first)} to {fmt.day(last)}.",
                 "Open the audit sample", Place.BOARD_SAMPLE)]


def board_to_dos(*, session: Session, actor: Actor, now: datetime) -> list[ToDo]:
    if not actor.has(Role.BOARD):
        return []
    today = suggested_period(session=session, actor=actor, now=now)[1]
    return _next_quarter(session, actor, now, today) + _audit(session, actor, now, today)
