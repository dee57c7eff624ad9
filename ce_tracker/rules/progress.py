"""The pace a member's hours are judged against, and the geometry of the progress bars.

The straight-line pace: a member who has earned a fifth of the hours after a fifth of the term is exactly on
pace. ``rules.status`` turns it into words: behind by more than one year's share of the hours (7 of 35 over 5
years), or still missing hours with fewer than 90 days left, is "at risk": far enough behind that a reminder is
a kindness, not so early that every new member is flagged. Pure functions over plain values.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .standing import CategoryStanding, Standing

__all__ = ["Bar", "category_bar", "hours_needed", "pace_hours", "FINAL_DAYS"]

FINAL_DAYS = 90  # with hours still missing this close to the end, the member is at risk whatever the pace


def hours_needed(standing: Standing) -> Decimal:
    """Counted hours still missing to renew: the larger of the total's and the categories' shortfalls."""
    by_category = sum((c.shortfall for c in standing.categories.values()), Decimal(0))
    return max(standing.total_shortfall, by_category)


def pace_hours(total: Decimal, starts_on: date, ends_on: date, today: date) -> Decimal:
    """Hours a member on a straight-line pace would have counted by ``today`` (0 before, total after)."""
    term_days = (ends_on - starts_on).days + 1
    elapsed = min(max((today - starts_on).days + 1, 0), term_days)
    return (total * elapsed / term_days).quantize(Decimal("0.01"))


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
