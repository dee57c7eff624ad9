"""What the member's home page shows, decided here rather than in the page (R000-10, R000-15, R000-16).

The page used to work out the member's status, the percentages of its bars and whether to offer renewal
itself; a page should only format. This service reads the profile, the credit record and the open deadlines
in the caller's unit of work and asks the rules for every verdict, so the home page receives facts to word.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from sqlmodel import Session

from ce_tracker.rules import Bar, ProgressStatus, category_bar, progress_status
from ce_tracker.services import deadlines, members, record
from ce_tracker.services.actors import Actor
from ce_tracker.services.deadlines import Deadline
from ce_tracker.services.members import Profile
from ce_tracker.services.record import CreditRecord


@dataclass(frozen=True)
class GroupLine:
    """A capped group of categories: what counts together, against its cap."""

    name: str
    cap: Decimal
    counted: Decimal
    percent: int  # of the cap, 0 to 100


@dataclass(frozen=True)
class HomeView:
    """The member's standing for the home page; ``record`` is None when they have no current term."""

    profile: Profile
    record: CreditRecord | None
    status: ProgressStatus | None = None
    term_status: str = ""  # "Lapsed" once the rules say so, else the term's own status, capitalised
    total_percent: int = 0  # counted of the required total, 0 to 100
    may_renew: bool = False  # the rules allow it and the status is "eligible to renew" (R000-16)
    bars: dict[str, Bar] = field(default_factory=dict)  # by category name
    caps: dict[str, Decimal] = field(default_factory=dict)  # a category's group cap, where it has one
    groups: tuple[GroupLine, ...] = ()
    deadlines: tuple[Deadline, ...] = ()


def _percent(part: Decimal, whole: Decimal) -> int:
    return int(min(100, part * 100 / whole)) if whole else 100


def home_view(*, session: Session, actor: Actor, now: datetime) -> HomeView:
    """The signed-in member's standing, status and open deadlines (read only)."""
    prof = members.profile(session=session, actor=actor)
    rec = record.credit_record(session=session, actor=actor, now=now)
    if rec is None:
        return HomeView(profile=prof, record=None)
    st = rec.standing
    status = progress_status(st, starts_on=rec.term_starts_on, ends_on=rec.term_ends_on, today=rec.today,
                             lapsed=rec.term_status == "lapsed", renewed=rec.term_status == "renewed")
    caps = {name: g.max_hours for g in st.program.groups for name in g.categories}
    return HomeView(
        profile=prof, record=rec, status=status,
        term_status="Lapsed" if status is ProgressStatus.LAPSED else rec.term_status.capitalize(),
        total_percent=_percent(st.counted_total, st.program.total_hours),
        may_renew=st.may_renew and status is ProgressStatus.ELIGIBLE,
        bars={c.name: category_bar(c, cap=caps.get(c.name)) for c in st.categories.values()},
        caps=caps,
        groups=tuple(GroupLine(g.name, g.max_hours, st.group_counted(g.name),
                               _percent(st.group_counted(g.name), g.max_hours)) for g in st.program.groups),
        deadlines=tuple(deadlines.next_deadlines(session=session, actor=actor, now=now, today=rec.today)))
