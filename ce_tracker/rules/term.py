"""A certification term's life, as pure functions: which term owns a credit, when applying opens, grace, lapse.

R000-11: a term owns the credits for activities completed inside it, whatever happens to renewal, so a credit is
counted in exactly one term (terms never overlap) and activities after a term's end count in the next term.
R000-15: a term that ended short is first "in grace" while anything could still complete it (a 30-day recording
window for an activity inside the term, an undecided approval request for such an activity, an approved one
still to be recorded, an application with headquarters) and lapses only when nothing is pending.
R000-16/R000-17: applying opens a configurable number of months before the term ends and stays open after the
end while the term has not lapsed. Callers pass every date in the society's calendar (``local_date``).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from .deadlines import recording_deadline
from .program import Program
from .standing import Standing

__all__ = ["TermPhase", "TermSpan", "add_months", "application_opens_on", "grace_last_day", "owning_term",
           "term_phase", "bar_value", "renewal_progress"]


class TermPhase(str, enum.Enum):
    """Where a term is in its life on a given day."""

    COLLECTING = "collecting"  # before the renewal window opens
    WINDOW = "window"  # the renewal window is open and the term has not ended
    GRACE = "grace"  # ended, and something pending could still complete it
    ENDED = "ended"  # ended with the hours, nothing pending: the member still has to apply (never lapses)
    LAPSED = "lapsed"
    RENEWED = "renewed"


@dataclass(frozen=True)
class TermSpan:
    """One term's id and first and last days."""

    id: int
    starts_on: date
    ends_on: date


def owning_term(terms: Sequence[TermSpan], completed_on: date) -> int | None:
    """The id of the term containing ``completed_on`` (R000-11); None when it falls in no term.

    Terms never overlap (reinstatement refuses an exam date inside an existing term), so at most one matches.
    """
    owners = [t.id for t in terms if t.starts_on <= completed_on <= t.ends_on]
    if len(owners) > 1:
        raise ValueError("terms overlap")
    return owners[0] if owners else None


def add_months(day: date, months: int) -> date:
    """``day`` moved by ``months`` (negative goes back), clamped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def application_opens_on(ends_on: date, window_months: int) -> date:
    """First day a member may apply: ``window_months`` before the day after the term ends (R000-17).

    With the default 12 months, a term ending 9 Jan 2027 opens on 10 Jan 2026.
    """
    if window_months < 0:
        raise ValueError("the renewal window cannot be negative")
    return add_months(ends_on + timedelta(days=1), -window_months)


def grace_last_day(program: Program, ends_on: date, approved_deadlines: Iterable[date] = ()) -> date:
    """The last day of grace when nothing is undecided (R000-15, R000-08).

    Any activity completed on the term's last day may still be recorded for the recording window; an approved
    request for an activity inside the term extends grace to its own recording deadline.
    """
    return max([recording_deadline(program, ends_on), *approved_deadlines])


def term_phase(*, stored: str, ends_on: date, today: date, may_renew: bool, window_months: int,
               grace_until: date, undecided_requests: int = 0, application_pending: bool = False) -> TermPhase:
    """The phase of a term on ``today`` (R000-15, R000-17): ``stored`` is its status as saved."""
    if stored == "renewed":
        return TermPhase.RENEWED
    if stored == "lapsed":
        return TermPhase.LAPSED
    if today <= ends_on:
        return TermPhase.WINDOW if today >= application_opens_on(ends_on, window_months) else TermPhase.COLLECTING
    if today <= grace_until or undecided_requests > 0 or application_pending:
        return TermPhase.GRACE
    return TermPhase.ENDED if may_renew else TermPhase.LAPSED


def renewal_progress(standing: Standing) -> int:
    """The total bar, 0 to 100: hours achieved toward renewal, so 100 only when nothing is missing (R000-16).

    Achieved is the total less the larger of the total's and the categories' shortfalls: 36 counted hours with
    4.5 missing in Art read 87, never "complete".
    """
    total = standing.program.total_hours
    if not total:
        return 100
    by_category = sum((c.shortfall for c in standing.categories.values()), Decimal(0))
    needed = max(standing.total_shortfall, by_category)
    if needed == 0:
        return 100
    return min(99, int((total - needed) * 100 / total))


def bar_value(counted: Decimal, min_hours: Decimal, cap: Decimal | None) -> int:
    """A category bar's value: progress toward its minimum, or toward its cap when it has none (R000-16).

    Monotone in the hours: more hours never lower it (a share of a growing scale did).
    """
    target = min_hours if min_hours else cap
    if not target:
        return 100 if counted else 0
    return min(100, int(counted * 100 / target))
