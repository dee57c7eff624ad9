"""A member's standing in lines of text: one per category (the member's renewal page and the staff's view)."""

from __future__ import annotations

from ce_tracker import formatting as fmt
from ce_tracker.rules import Standing


def category_lines(standing: Standing) -> list[dict[str, str]]:
    """One line per category: counted of the minimum, what is missing; shared with the staff view."""
    rows = []
    for c in standing.categories.values():
        limit = f"{fmt.hours(c.min_hours)} to {fmt.hours(c.max_hours)} h" if c.max_hours is not None else "optional"
        rows.append({"name": c.name, "counted": fmt.hours(c.counted), "limit": limit,
                     "missing": f"short: {fmt.hours(c.shortfall)} h" if c.shortfall else "met"})
    return rows
