"""Standing under any program, and the planner's "what if".

What the planner shows must agree with itself and with the renewal: a recorded category never goes down in a
plan (shared caps fill with recorded hours first, ``evaluate(keep=...)``), a shared cap is shown as one line
("Business & History: 7 of 7; 3 planned hours won't count"), and "you could renew from" is the one answer of
``rules.status.first_day_to_apply`` (the renewal window included).

A credit line is (category name or None, hours). A program with categories counts a line toward the category
of the same name and ignores the rest (they are "not accepted"); a program without categories counts every
line's hours (it asks for hours, not kinds), so one activity counts toward each program that accepts it.
Pure: no database, no clock.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from types import MappingProxyType

from ce_tracker import formatting as fmt

from .program import Program
from .standing import Standing, evaluate
from .status import Status, Verdict, first_day_to_apply, needed_words

__all__ = ["GroupPlan", "Plan", "WhatIf", "evaluate_lines", "not_accepted", "plan_words", "what_if"]

ZERO = Decimal(0)
Line = tuple[str | None, Decimal]


def _accepts(program: Program, category: str | None) -> bool:
    return not program.categories or category in program.category_names


def not_accepted(program: Program, lines: Iterable[Line]) -> Decimal:
    """Hours of lines the program does not accept (another program's category, or none)."""
    return sum((hours for category, hours in lines if not _accepts(program, category)), ZERO)


def evaluate_lines(program: Program, lines: Iterable[Line], *, keep: Standing | None = None) -> Standing:
    """The standing ``lines`` give under ``program`` (R000-11..14 through ``evaluate``;
    a program without categories counts every hour).

    ``keep``: the standing without the added lines, whose counted hours a shared cap keeps first.
    """
    lines = list(lines)
    if program.categories:
        hours: dict[str, Decimal] = {}
        for category, amount in lines:
            if category in program.category_names:
                hours[category] = hours.get(category, ZERO) + amount
        kept = {name: c.counted for name, c in keep.categories.items()} if keep is not None else None
        return evaluate(program, hours, keep=kept)
    total = sum((amount for _, amount in lines), ZERO)
    shortfall = max(ZERO, program.total_hours - total)
    return Standing(program=program, categories=MappingProxyType({}), earned_total=total, counted_total=total,
                    total_shortfall=shortfall, may_renew=shortfall == 0)


@dataclass(frozen=True)
class Plan:
    """A planned activity as the rules see it."""

    on: date
    category: str
    hours: Decimal


@dataclass(frozen=True)
class GroupPlan:
    """A shared cap in a plan: what counts together now and with the plans, and the planned hours beyond it."""

    name: str
    cap: Decimal
    now: Decimal
    planned: Decimal
    not_counted: Decimal  # planned hours in the group's categories that the cap leaves out


@dataclass(frozen=True)
class WhatIf:
    """Where the recorded credit leaves a term, where the plans would, and from which day renewal is possible.

    ``renewable_on`` is the first day the member could apply (``first_day_to_apply``): the recorded credit plus
    the plans done by then meet every requirement and applying is open; None when even all the plans in the
    term fall short. ``outside_term`` are plans dated after the term ends: they cannot count toward it (R000-24:
    a credit counts in the term in which it was earned).
    """

    now: Standing
    planned: Standing
    renewable_on: date | None
    outside_term: tuple[Plan, ...]
    not_counted: Decimal  # planned hours that count nowhere in this term: above caps, or not accepted
    beyond_maximum: dict[str, Decimal]  # per category with its own maximum: planned hours above it
    groups: tuple[GroupPlan, ...]


def _added(now: Standing, planned: Standing, names) -> tuple[Decimal, Decimal]:
    earned = sum((planned.categories[n].earned - now.categories[n].earned for n in names), ZERO)
    counted = sum((planned.categories[n].counted - now.categories[n].counted for n in names), ZERO)
    return earned, counted


def what_if(program: Program, recorded: Iterable[Line], plans: Iterable[Plan], *, today: date,
            term_ends_on: date, opens_on: date) -> WhatIf:
    """Judge the recorded credit plus ``plans`` under the same rules the renewal uses."""
    recorded = list(recorded)
    plans = sorted(plans, key=lambda p: p.on)
    inside = [p for p in plans if p.on <= term_ends_on]
    now = evaluate_lines(program, recorded)
    planned = evaluate_lines(program, recorded + [(p.category, p.hours) for p in inside], keep=now)
    met_on: date | None = today if now.may_renew else None
    if met_on is None and planned.may_renew:
        running = list(recorded)
        for plan in inside:
            running.append((plan.category, plan.hours))
            if evaluate_lines(program, running).may_renew:
                met_on = plan.on
                break
    planned_hours = sum((p.hours for p in inside), ZERO)
    in_group = {name for g in program.groups for name in g.categories}
    beyond = {}
    for rule in program.categories:
        if rule.name not in in_group:
            earned, counted = _added(now, planned, [rule.name])
            if earned > counted:
                beyond[rule.name] = earned - counted
    groups = []
    for g in program.groups:
        earned, counted = _added(now, planned, g.categories)
        groups.append(GroupPlan(g.name, g.max_hours, now.group_counted(g.name), planned.group_counted(g.name),
                                earned - counted))
    return WhatIf(now=now, planned=planned,
                  renewable_on=first_day_to_apply(hours_met_on=met_on, opens_on=opens_on, today=today),
                  outside_term=tuple(p for p in plans if p.on > term_ends_on),
                  not_counted=planned_hours - (planned.counted_total - now.counted_total),
                  beyond_maximum=beyond, groups=tuple(groups))


def plan_words(result: WhatIf, verdict: Verdict) -> str:
    """The planner's sentence for one term: the term's own status first (R000-15 to R000-18), then what the
    plans would change, with the renewal window in the date (R000-17)."""
    status, end = verdict.status, fmt.day(verdict.ends_on)
    if status is Status.RENEWED:
        return "This term is renewed; plans change nothing in it."
    if status is Status.APPLIED:
        return "Your renewal application is with headquarters; plans change nothing in this term."
    if status is Status.LAPSED:
        return "This term has lapsed; plans cannot count in it."
    if status is Status.ELIGIBLE:
        return "You have the hours needed, and applying is open: you could apply to renew now."
    if status is Status.HOURS_MET:
        return f"You have the hours needed; you could apply to renew from {fmt.day(verdict.opens_on)}."
    if result.renewable_on is not None:
        return f"With these plans you could apply to renew from {fmt.day(result.renewable_on)} (term ends {end})."
    return f"Even with these plans you would still need {needed_words(result.planned, by=verdict.ends_on)}."
