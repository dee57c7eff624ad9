"""One status vocabulary for a term, and the words that go with it (R000-11 to R000-18).

Home, the renewal page, the Board's list, the planner and the reminders all say where a term stands; each used
to decide it its own way, and they contradicted each other ("At risk: you are behind the pace" to a member
ahead of it; a green "Collecting" badge under "Status: Active"; an "Apply" button for a window not yet open).
Here a term is judged once, from its standing, its phase in life (``rules.term.term_phase``) and the straight-
line pace (``rules.progress.pace_hours``), into a ``Verdict``; every sentence anyone reads is made from the
verdict's own figures, so the words cannot disagree with the numbers beside them.

The statuses:

- **on pace**: hours still missing, not behind the pace by more than one year's share of the hours, and more than
  ``FINAL_DAYS`` days left (R000-16).
- **at risk**: hours still missing and either behind the pace by more than a year's share (7 of 35 h over 5
  years) or fewer than ``FINAL_DAYS`` days left (R000-15). Only the first is called "behind the pace".
- **hours met**: every requirement met, but applying has not opened yet (R000-17: the renewal window).
- **eligible**: every requirement met and applying is open (in the window, in grace, or after the end): exactly
  when the renewal page accepts an application (R000-16, R000-17).
- **applied**: an application is with headquarters (R000-17).
- **renewed**: headquarters verified it; the next term starts the day after this one ends (R000-18).
- **in grace**: ended short while something pending could still complete it (R000-15).
- **lapsed**: ended short with nothing pending: the exam must be taken again (R000-15).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_FLOOR, Decimal

from ce_tracker import formatting as fmt

from .progress import FINAL_DAYS, hours_needed, pace_hours
from .standing import Standing
from .term import TermPhase, application_opens_on, term_phase

__all__ = ["Status", "Verdict", "judge", "judge_term", "first_day_to_apply", "needed_words", "headline",
           "row_words", "STATUS_LABELS"]

QUARTER = Decimal("0.25")


class Status(str, enum.Enum):
    """Where a term stands, in the words every page, list and email uses."""

    ON_PACE = "on pace"
    AT_RISK = "at risk"
    HOURS_MET = "hours met"
    ELIGIBLE = "eligible"
    APPLIED = "applied"
    RENEWED = "renewed"
    IN_GRACE = "in grace"
    LAPSED = "lapsed"

    @property
    def label(self) -> str:
        """The word on a badge: "On pace", "Hours met"."""
        return STATUS_LABELS[self]


STATUS_LABELS = {s: s.value.capitalize() for s in Status}


@dataclass(frozen=True)
class Verdict:
    """One term judged on one day: its status and the figures every sentence about it is made from."""

    status: Status
    phase: TermPhase
    standing: Standing
    starts_on: date
    ends_on: date
    today: date
    opens_on: date  # first day applying is open (R000-17)
    needed: Decimal  # counted hours still missing, category minimums included (``hours_needed``)
    pace: Decimal  # counted hours a steady pace would have by today (R000-16)
    behind: bool  # behind the pace by more than one year's share of the hours

    @property
    def days_left(self) -> int:
        return (self.ends_on - self.today).days

    @property
    def may_apply(self) -> bool:
        """Whether the renewal page accepts an application today: the one answer every control asks."""
        return self.status is Status.ELIGIBLE

    @property
    def renew_from(self) -> date | None:
        """When can I renew: today when applying is open and the hours are there; the window's first day when
        the hours are there first; None while hours are missing or nothing is left to apply for (R000-17)."""
        if self.status is Status.ELIGIBLE:
            return self.today
        if self.status is Status.HOURS_MET:
            return self.opens_on
        return None


def first_day_to_apply(*, hours_met_on: date | None, opens_on: date, today: date) -> date | None:
    """The first day a member may apply, given the day the hours are (or would be) there (R000-16, R000-17).

    The one computation of "when can I renew?": the later of that day, the window's first day and today.
    """
    if hours_met_on is None:
        return None
    return max(hours_met_on, opens_on, today)


def _behind(standing: Standing, *, starts_on: date, ends_on: date, today: date) -> tuple[Decimal, bool]:
    """The steady pace's hours by today, and whether the member is behind it by more than a year's share."""
    program = standing.program
    pace = pace_hours(program.total_hours, starts_on, ends_on, today)
    achieved = program.total_hours - hours_needed(standing)
    one_year = program.total_hours / program.term_years
    return pace, pace - achieved > one_year


def _status(standing: Standing, phase: TermPhase, *, applied: bool, behind: bool, days_left: int) -> Status:
    if phase is TermPhase.RENEWED:
        return Status.RENEWED
    if phase is TermPhase.LAPSED:
        return Status.LAPSED
    if applied:
        return Status.APPLIED
    if standing.may_renew:
        return Status.HOURS_MET if phase is TermPhase.COLLECTING else Status.ELIGIBLE
    if phase is TermPhase.GRACE:
        return Status.IN_GRACE
    if phase is TermPhase.ENDED:  # ended short with nothing pending is lapsed (``term_phase`` says so first)
        return Status.LAPSED
    if behind or days_left < FINAL_DAYS:
        return Status.AT_RISK
    return Status.ON_PACE


def judge(standing: Standing, *, starts_on: date, ends_on: date, today: date, phase: TermPhase,
          window_months: int, applied: bool = False) -> Verdict:
    """The term's verdict for a phase already worked out (R000-15 to R000-18)."""
    pace, behind = _behind(standing, starts_on=starts_on, ends_on=ends_on, today=today)
    status = _status(standing, phase, applied=applied, behind=behind, days_left=(ends_on - today).days)
    return Verdict(status=status, phase=phase, standing=standing, starts_on=starts_on, ends_on=ends_on, today=today,
                   opens_on=application_opens_on(ends_on, window_months), needed=hours_needed(standing),
                   pace=pace, behind=behind)


def judge_term(standing: Standing, *, stored: str, starts_on: date, ends_on: date, today: date, window_months: int,
               grace_until: date, undecided_requests: int = 0, applied: bool = False,
               verified: bool = False) -> Verdict:
    """A term's verdict from what is stored about it: its status, the application's, what keeps it in grace."""
    phase = TermPhase.RENEWED if verified else term_phase(
        stored=stored, ends_on=ends_on, today=today, may_renew=standing.may_renew, window_months=window_months,
        grace_until=grace_until, undecided_requests=undecided_requests, application_pending=applied)
    return judge(standing, starts_on=starts_on, ends_on=ends_on, today=today, phase=phase,
                 window_months=window_months, applied=applied and phase is not TermPhase.RENEWED)


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def needed_words(standing: Standing, by: date | None = None) -> str:
    """What is still missing, with every number true (R000-16); "" when nothing is.

    "1.5 h in Art"; "14 h in Art and 14 h in Biomedical"; "8 h, including 4.5 h in Art"; "3.5 h"; with ``by``,
    the date goes after the hours: "8 h by Oct 4, 2029, including 4.5 h in Art". The first figure is always
    ``hours_needed``: hours earned in a short category count toward the total too, so "short in Biomedical:
    10 h; 9.5 h more in total" is 10 h, not 19.5.
    """
    needed = hours_needed(standing)
    if not needed:
        return ""
    when = f" by {fmt.day(by)}" if by else ""
    short = [(c.name, c.shortfall) for c in standing.categories.values() if c.shortfall]
    in_categories = _and([f"{fmt.hours(h)} h in {name}" for name, h in short]) if short else ""
    if sum((h for _, h in short), Decimal(0)) == needed:
        return in_categories + when
    return f"{fmt.hours(needed)} h{when}" + (f", including {in_categories}" if short else "")


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def headline(verdict: Verdict) -> str:
    """The one sentence a member reads about their term (Home, the reminders), made from the verdict's figures.

    "Behind the pace" only when ``verdict.behind`` (R000-15); a date only where it is the verdict's.
    """
    v, end = verdict, fmt.day(verdict.ends_on)
    need, need_by = needed_words(v.standing), needed_words(v.standing, by=v.ends_on)
    total = v.standing.program.total_hours
    if v.status is Status.ON_PACE:
        if not v.standing.total_shortfall:
            return f"You have enough hours overall; you still need {need_by}."
        return f"You are on pace; you still need {need_by}."
    if v.status is Status.AT_RISK:
        if v.behind:
            pace = (v.pace / QUARTER).to_integral_value(rounding=ROUND_FLOOR) * QUARTER  # a quarter hour, down
            return (f"You are behind the pace: a steady pace would have {fmt.hours(pace)} of the {fmt.hours(total)}"
                    f" h counted by now. You still need {need_by}.")
        if v.days_left == 0:
            return f"Your term ends today: you still need {need_by}."
        return f"Only {_days(v.days_left)} left in your term: you still need {need_by}."
    if v.status is Status.HOURS_MET:
        return f"You have the hours needed to renew; applying opens on {fmt.day(v.opens_on)}."
    if v.status is Status.ELIGIBLE:
        return "You have the hours needed to renew, and applying is open: apply now."
    if v.status is Status.APPLIED:
        return "Your renewal application is with headquarters for verification."
    if v.status is Status.RENEWED:
        return (f"Your certification is renewed; your next term starts on "
                f"{fmt.day(v.ends_on + timedelta(days=1))}.")
    if v.status is Status.IN_GRACE:
        return (f"Your term ended on {end} and is in grace while something pending could still complete it; "
                f"you still need {need}.")
    return (f"Your term ended on {end} without the required hours: certification has lapsed and the exam must be "
            "taken again in its entirety.")


def row_words(verdict: Verdict) -> str:
    """The figures in a list's row (the Board's): "40.5 of 35 h counted; still needed: 1.5 h in Art"."""
    st = verdict.standing
    counted = f"{fmt.hours(st.counted_total)} of {fmt.hours(st.program.total_hours)} h counted"
    need = needed_words(st)
    return counted + (f"; still needed: {need}" if need else "")
