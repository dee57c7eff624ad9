"""A member's standing in lines of text: one per category (the member's renewal page and the staff's view)."""

from __future__ import annotations

from dataclasses import dataclass

from ce_tracker import formatting as fmt
from ce_tracker.rules import Standing


@dataclass(frozen=True)
class CategoryLine:
    """One category of a standing in words."""

    name: str
    counted: str
    limit: str  # "14 to 21 h", or "optional"
    missing: str  # "short: 4.5 h", or "met"


def category_lines(standing: Standing) -> list[CategoryLine]:
    """One line per category: counted of the minimum, what is missing; shared with the staff view."""
    rows = []
    for c in standing.categories.values():
        limit = f"{fmt.hours(c.min_hours)} to {fmt.hours(c.max_hours)} h" if c.max_hours is not None else "optional"
        rows.append(CategoryLine(c.name, fmt.hours(c.counted), limit,
                                 f"short: {fmt.hours(c.shortfall)} h" if c.shortfall else "met"))
    return rows
