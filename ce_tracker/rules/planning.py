"""Standing under any program, and the planner's "what if".

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

from .program import Program
from .standing import Standing, evaluate

__all__ = ["Plan", "WhatIf", "evaluate_lines", "not_accepted", "what_if"]

ZERO = Decimal(0)
Line = tuple[str | None, Decimal]


def _accepts(program: Program, category: str | None) -> bool:
    return not program.categories or category in program.category_names


def not_accepted(program: Program, lines: Iterable[Line]) -> Decimal:
    """Hours of lines the program does not accept (another program's category, or none)."""
    return sum((hours for category, hours in lines if not _accepts(program, category)), ZERO)


def evaluate_lines(program: Program, lines: Iterable[Line]) -> Standing:
    """The standing ``lines`` give under ``program`` (R000-11..14 through ``evaluate``; a program without
    categories counts every hour)."""
    lines = list(lines)
    if program.categories:
        hours: dict[str, Decimal] = {}
        for category, amount in lines:
            if category in program.category_names:
                hours[category] = hours.get(category, ZERO) + amount
        return evaluate(program, hours)
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
class WhatIf:
    """Where the recorded credit leaves a term, where the plans would, and from which day renewal is possible.

    ``renewable_on`` is the first day the recorded credit plus the plans done by then meet every requirement;
    None when even all the plans in the term fall short. ``outside_term`` are plans dated after the term ends:
    they cannot count toward it (R000-24: a credit counts in the term in which it was earned).
    """

    now: Standing
    planned: Standing
    renewable_on: date | None
    outside_term: tuple[Plan, ...]
    not_counted: Decimal  # planned hours that count nowhere in this term: above caps, or not accepted


def what_if(program: Program, recorded: Iterable[Line], plans: Iterable[Plan], *, today: date,
            term_ends_on: date) -> WhatIf:
    """Judge the recorded credit plus ``plans`` under the same rules the renewal uses."""
    recorded = list(recorded)
    plans = sorted(plans, key=lambda p: p.on)
    inside = [p for p in plans if p.on <= term_ends_on]
    now = evaluate_lines(program, recorded)
    lines = recorded + [(p.category, p.hours) for p in inside]
    planned = evaluate_lines(program, lines)
    renewable_on: date | None = today if now.may_renew else None
    if renewable_on is None and planned.may_renew:
        running = list(recorded)
        for plan in inside:
            running.append((plan.category, plan.hours))
            if evaluate_lines(program, running).may_renew:
                renewable_on = max(plan.on, today)
                break
    planned_hours = sum((p.hours for p in inside), ZERO)
    not_counted = planned_hours - (planned.counted_total - now.counted_total)
    return WhatIf(now=now, planned=planned, renewable_on=renewable_on,
                  outside_term=tuple(p for p in plans if p.on > term_ends_on), not_counted=not_counted)
