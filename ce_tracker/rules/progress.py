"""Where a member stands in words, and the geometry of the progress bars.

The status is judged against a straight-line pace: a member who has earned a
fifth of the hours after a fifth of the term is exactly on pace. Falling
behind by more than one year's share of the hours (7 of 35 over 5 years), or
still missing hours with fewer than 90 days left, is "at risk": far enough
behind that a reminder is a kindness, not so early that every new member is
flagged. Pure functions over plain values, like the rest of the rules.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .standing import CategoryStanding, Standing

__all__ = ["Bar", "ProgressStatus", "category_bar", "hours_needed", "pace_hours", "progress_status",
           "FINAL_DAYS"]

FINAL_DAYS = 90  # with hours still missing this close to the end, the member is at risk whatever the pace


class ProgressStatus(str, enum.Enum):
    ON_TRACK = "on track"
    AT_RISK = "at risk"
    ELIGIBLE = "eligible to renew"
    LAPSED = "lapsed"
    RENEWED = "renewed"
    IN_GRACE = "in grace"  # ended short, but something pending could still complete it (R000-15)


def hours_needed(standing: Standing) -> Decimal:
    """Counted hours still missing to renew: the larger of the total's and the categories' shortfalls."""
    by_category = sum((c.shortfall for c in standing.categories.values()), Decimal(0))
    return max(standing.total_shortfall, by_category)


def pace_hours(total: Decimal, starts_on: date, ends_on: date, today: date) -> Decimal:
    """Hours a member on a straight-line pace would have counted by ``today`` (0 before, total after)."""
    term_days = (ends_on - starts_on).days + 1
    elapsed = min(max((today - starts_on).days + 1, 0), term_days)
    return (total * elapsed / term_days).quantize(Decimal("0.01"))


def progress_status(standing: Standing, *, starts_on: date, ends_on: date, today: date,
                    lapsed: bool = False, renewed: bool = False, in_grace: bool = False) -> ProgressStatus:
    """The member's status in words (R000-15, R000-16); ``in_grace`` from ``rules.term_phase``."""
    if renewed:
        return ProgressStatus.RENEWED
    if lapsed:
        return ProgressStatus.LAPSED
    if standing.may_renew:
        return ProgressStatus.ELIGIBLE
    if today > ends_on:
        return ProgressStatus.IN_GRACE if in_grace else ProgressStatus.LAPSED
    if standing.total_shortfall == 0:
        return ProgressStatus.AT_RISK  # the total is there but a category minimum is not: never "on track"
    program = standing.program
    achieved = program.total_hours - hours_needed(standing)
    behind = pace_hours(program.total_hours, starts_on, ends_on, today) - achieved
    one_year = program.total_hours / program.term_years
    if behind > one_year or (ends_on - today).days < FINAL_DAYS:
        return ProgressStatus.AT_RISK
    return ProgressStatus.ON_TRACK


@dataclass(frozen=True)
class Bar:
    """One category's bar on a scale of 0 to 100: counted, beyond a cap, and the marks."""

    counted: int
    not_counted: int
    minimum_mark: int | None  # where the minimum sits; None for an optional category
    maximum_mark: int | None  # where the category's own maximum sits; None when uncapped


def _percent(part: Decimal, scale: Decimal) -> int:
    return int((part * 100 / scale).to_integral_value()) if scale else 0


def category_bar(category: CategoryStanding, cap: Decimal | None = None) -> Bar:
    """Geometry of a category's bar; ``cap`` is its group's combined cap when it has no maximum of its own."""
    limit = category.max_hours if category.max_hours is not None else cap
    scale = max(category.earned, limit or Decimal(0), category.min_hours, Decimal(1))
    return Bar(counted=_percent(category.counted, scale), not_counted=_percent(category.not_counted, scale),
               minimum_mark=_percent(category.min_hours, scale) if category.min_hours else None,
               maximum_mark=_percent(limit, scale) if limit is not None else None)
