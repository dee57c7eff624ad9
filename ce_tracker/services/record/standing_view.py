"""What the member's home page shows, decided here rather than in the page (R000-10, R000-15, R000-16).

The page used to work out the member's status, the percentages of its bars and whether to offer renewal
itself; a page should only format. This service reads the profile and the credit record
in the caller's unit of work and asks the rules for every verdict, so the home page receives facts to word.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from sqlmodel import Session

from ce_tracker.config import settings
from ce_tracker.models import Role
from ce_tracker.rules import Bar, TermPhase, bar_value, category_bar, renewal_progress
from ce_tracker.rules.status import Status, Verdict, headline, judge, needed_words
from ce_tracker.services.accounts import members
from ce_tracker.services.accounts.actors import Actor
from ce_tracker.services.accounts.members import Profile
from ce_tracker.services.record import credit_record
from ce_tracker.services.record.credit_record import CreditRecord
from ce_tracker.services.renewal import applications


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
    verdict: Verdict | None = None  # the one judgement of the term (``rules.status``)
    status: Status | None = None
    status_label: str = ""  # the badge and the "Status" fact: one word for both (R000-16)
    headline: str = ""  # the sentence beside it, made from the same figures
    shortfall: str = ""  # "1.5 h in Art", or "" when nothing is missing (``rules.status.needed_words``)
    phase_words: str = ""  # where the term stands in its life: window, grace, lapsed, renewed, in words
    term_status: str = ""  # the same word as the badge
    total_percent: int = 0  # progress toward renewal: 100 only when nothing at all is missing (R000-16)
    may_renew: bool = False  # the renewal page accepts an application today (``Verdict.may_apply``, R000-17)
    bars: dict[str, Bar] = field(default_factory=dict)  # by category name
    values: dict[str, int] = field(default_factory=dict)  # a bar's value: progress toward its minimum (or cap)
    caps: dict[str, Decimal] = field(default_factory=dict)  # a category's group cap, where it has one
    groups: tuple[GroupLine, ...] = ()


def _percent(part: Decimal, whole: Decimal) -> int:
    return int(min(100, part * 100 / whole)) if whole else 100


def _without_renewal(rec: CreditRecord) -> Verdict:
    """A term judged for someone who cannot apply (no member role): its stored status, no renewal window."""
    phase = {"lapsed": TermPhase.LAPSED, "renewed": TermPhase.RENEWED}.get(
        rec.term_status, TermPhase.COLLECTING if rec.today <= rec.term_ends_on else TermPhase.GRACE)
    return judge(rec.standing, starts_on=rec.term_starts_on, ends_on=rec.term_ends_on, today=rec.today, phase=phase,
                 window_months=settings.renewal_window_months)


def home_view(*, session: Session, actor: Actor, now: datetime) -> HomeView:
    """The signed-in member's standing and status (read only); Home's next steps read the deadlines themselves."""
    prof = members.profile(session=session, actor=actor)
    rec = credit_record.credit_record(session=session, actor=actor, now=now)
    if rec is None:
        return HomeView(profile=prof, record=None)
    st = rec.standing
    overview = (applications.renewal_overview(session=session, actor=actor, now=now, settings=settings)
                if actor.has(Role.MEMBER) else None)
    verdict = overview.verdict if overview else _without_renewal(rec)
    caps = {name: g.max_hours for g in st.program.groups for name in g.categories}
    return HomeView(
        profile=prof, record=rec, verdict=verdict, status=verdict.status, status_label=verdict.status.label,
        headline=headline(verdict), shortfall=needed_words(st), phase_words=overview.status_words if overview else "",
        term_status=verdict.status.label,
        total_percent=renewal_progress(st),
        may_renew=verdict.may_apply,
        bars={c.name: category_bar(c, cap=caps.get(c.name)) for c in st.categories.values()},
        values={c.name: bar_value(c.counted, c.min_hours, c.max_hours if c.max_hours is not None
                                  else caps.get(c.name)) for c in st.categories.values()},
        caps=caps,
        groups=tuple(GroupLine(g.name, g.max_hours, st.group_counted(g.name),
                               _percent(st.group_counted(g.name), g.max_hours)) for g in st.program.groups))
