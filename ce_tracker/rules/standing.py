"""Turn hours earned per category into a renewal standing (R000-11 to R000-16).

Kept separate from storage and UI so the counting rules (per-category caps,
combined caps, minimums) can be tested exhaustively with plain values.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import Mapping

from .program import CapGroup, Program, to_hours

__all__ = ["CategoryStanding", "Standing", "evaluate"]

ZERO = Decimal(0)


@dataclass(frozen=True)
class CategoryStanding:
    """One category's hours: what was earned, what counts, and what is missing."""

    name: str
    earned: Decimal
    counted: Decimal
    not_counted: Decimal
    shortfall: Decimal
    min_hours: Decimal
    max_hours: Decimal | None
    required: bool


@dataclass(frozen=True)
class Standing:
    """A program-wide verdict: totals, per-category detail and renewability."""

    program: Program
    categories: Mapping[str, CategoryStanding]
    earned_total: Decimal
    counted_total: Decimal
    total_shortfall: Decimal
    may_renew: bool

    def group_counted(self, group_name: str) -> Decimal:
        """Hours counted together for a capped group (e.g. Business & History, at most 7)."""
        group = next(g for g in self.program.groups if g.name == group_name)
        return sum((self.categories[name].counted for name in group.categories), Decimal(0))


def evaluate(program: Program, hours_by_category: Mapping[str, Decimal], *,
             keep: Mapping[str, Decimal] | None = None) -> Standing:
    """Compute the standing for ``hours_by_category`` under ``program``.

    The total needed to renew (R000-11), each category's minimum and maximum (R000-12, R000-13),
    the combined cap of optional categories (R000-14); not renewable means the certification would
    lapse (R000-15); the member checks it before renewing (R000-16) and headquarters before verifying
    (R000-17).

    ``keep`` is what each category already counts without the hours being added (the planner's recorded
    credit): a shared cap fills with those before anything new, so a plan never shows a recorded category
    falling (History 4 -> 0 because planned Business came first in program order). Only another category's
    minimum can take a kept hour back; totals, shortfalls and renewability are the same either way.

    Missing categories count as 0 so callers can pass only what they have;
    unknown names and non-exact or invalid numbers raise ValueError rather
    than being silently ignored, because a typo would understate credit.
    """
    earned = _validated_earned(program, hours_by_category)
    counted = {
        rule.name: earned[rule.name]
        if rule.max_hours is None
        else min(earned[rule.name], rule.max_hours)
        for rule in program.categories
    }
    for group in program.groups:
        counted.update(_allocate_group(program, group, counted, keep or {}))

    categories: dict[str, CategoryStanding] = {}
    for rule in program.categories:
        name = rule.name
        categories[name] = CategoryStanding(
            name=name,
            earned=earned[name],
            counted=counted[name],
            not_counted=earned[name] - counted[name],
            shortfall=max(ZERO, rule.min_hours - counted[name]),
            min_hours=rule.min_hours,
            max_hours=rule.max_hours,
            required=rule.required,
        )
    counted_total = sum(counted.values(), ZERO)
    total_shortfall = max(ZERO, program.total_hours - counted_total)
    return Standing(
        program=program,
        categories=MappingProxyType(categories),
        earned_total=sum(earned.values(), ZERO),
        counted_total=counted_total,
        total_shortfall=total_shortfall,
        may_renew=total_shortfall == 0
        and all(c.shortfall == 0 for c in categories.values()),
    )


def _validated_earned(
    program: Program, hours_by_category: Mapping[str, Decimal]
) -> dict[str, Decimal]:
    """Check every supplied entry and fill missing categories with zero."""
    known = set(program.category_names)
    for name in hours_by_category:
        if name not in known:
            raise ValueError(f"unknown category {name!r} for program {program.code}")
    return {
        name: to_hours(hours_by_category.get(name, ZERO), name)
        for name in program.category_names
    }


def _allocate_group(
    program: Program, group: CapGroup, counted: Mapping[str, Decimal], keep: Mapping[str, Decimal]
) -> dict[str, Decimal]:
    """Fit a group's categories under its combined cap.

    Minimums are served first so a cap never causes a shortfall that a
    different split of the same hours would avoid; then the hours ``keep``
    says were counted already; what is left of the cap then goes to
    categories in program order.
    """
    members = [rule for rule in program.categories if rule.name in group.categories]
    if sum((counted[rule.name] for rule in members), ZERO) <= group.max_hours:
        return {rule.name: counted[rule.name] for rule in members}

    remaining = group.max_hours
    allocated: dict[str, Decimal] = {}
    for rule in members:
        share = min(counted[rule.name], rule.min_hours, remaining)
        allocated[rule.name] = share
        remaining -= share
    for rule in members:
        extra = max(ZERO, min(counted[rule.name], keep.get(rule.name, ZERO)) - allocated[rule.name])
        extra = min(extra, remaining)
        allocated[rule.name] += extra
        remaining -= extra
    for rule in members:
        extra = min(counted[rule.name] - allocated[rule.name], remaining)
        allocated[rule.name] += extra
        remaining -= extra
    return allocated
