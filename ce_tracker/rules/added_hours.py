"""What adding hours would change, said before anything irreversible: how many would count, and which maximum
keeps the rest from counting (R000-12, R000-13, R000-14; R002-10: the page warns before submitting).

Pure: the caller passes the program, the lines already recorded in the term and the lines about to be added.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from ce_tracker.rules.planning import Line, evaluate_lines
from ce_tracker.rules.program import Program

ZERO = Decimal(0)


def _h(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass(frozen=True)
class AddedEffect:
    """``counts`` of the added hours raise the counted total; ``not_counted`` do not, for ``reasons``."""

    added: Decimal
    counts: Decimal
    not_counted: Decimal
    reasons: tuple[str, ...]


def added_effect(program: Program, recorded: Iterable[Line], added: Iterable[Line]) -> AddedEffect:
    """The counted total before and after ``added``; every category whose limit stops some of them, in words."""
    recorded, added = list(recorded), list(added)
    before, after = evaluate_lines(program, recorded), evaluate_lines(program, recorded + added)
    total = sum((hours for _, hours in added), ZERO)
    counts = after.counted_total - before.counted_total
    reasons = []
    for name in program.category_names:
        given = sum((hours for category, hours in added if category == name), ZERO)
        was, now = before.categories[name], after.categories[name]
        if given and now.counted - was.counted < given and now.max_hours is not None \
                and now.counted >= now.max_hours:
            already = "is already at" if was.counted >= now.max_hours else "reaches"
            reasons.append(f"{name} {already} its {_h(now.max_hours)} h maximum")
    for group in program.groups:
        given = sum((hours for category, hours in added if category in group.categories), ZERO)
        was = sum((before.categories[c].counted for c in group.categories), ZERO)
        now = sum((after.categories[c].counted for c in group.categories), ZERO)
        if given and now - was < given and now >= group.max_hours:
            already = "are already at" if was >= group.max_hours else "reach"
            reasons.append(f"{' and '.join(group.categories)} together {already} their {_h(group.max_hours)} h "
                           "maximum")
    outside = sum((hours for category, hours in added if category not in program.category_names), ZERO)
    if outside and program.categories:
        reasons.append(f"{_h(outside)} h are CME only, in no CE category")
    return AddedEffect(added=total, counts=counts, not_counted=total - counts, reasons=tuple(dict.fromkeys(reasons)))
