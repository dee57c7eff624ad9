"""Progress bars that say what they show: a meter, and a category bar with its minimum and maximum marks.

Widths come in as percentages the rules computed (``rules.category_bar``);
the whole meaning goes in ``aria-valuetext`` so a screen reader hears
"Art: 28 h earned, 21 h count; ... 7 h beyond the maximum do not count".
"""

from __future__ import annotations

import reflex as rx

# Badge colours by status word; the word itself is always shown too (colour is never the only signal).
# Keyed by ``rules.status.Status`` values: green where nothing is missing, blue on the way, amber to act on.
STATUS_COLORS = {"on pace": "blue", "at risk": "amber", "hours met": "green", "eligible": "green",
                 "applied": "blue", "renewed": "green", "in grace": "amber", "lapsed": "red"}
HEIGHT = "12px"


def _track(*children, words, now) -> rx.Component:
    return rx.box(*children, position="relative", width="100%", height=HEIGHT, background="var(--gray-a4)",
                  border_radius="6px", role="progressbar", aria_valuemin="0", aria_valuemax="100", aria_valuenow=now,
                  aria_valuetext=words, aria_label=words)


def meter(percent, words) -> rx.Component:
    """A plain bar: ``percent`` filled."""
    return _track(rx.box(height="100%", width=percent + "%", background="var(--accent-9)", border_radius="6px"),
                  words=words, now=percent)


def _mark(position, label: str) -> rx.Component:
    """A thin vertical line across the bar where a limit sits, with a tiny label underneath."""
    return rx.cond(position != "", rx.box(
        # Shifted left by its own width times the position: inside the bar at both ends.
        rx.text(label, size="1", color_scheme="gray", position="absolute", top="14px",
                transform="translateX(-" + position + "%)", white_space="nowrap", aria_hidden="true"),
        position="absolute", left=position + "%", top="-3px", height="18px", width="2px",
        background="var(--gray-12)"))


def segmented_bar(counted, over, min_mark, max_mark, words, value=None) -> rx.Component:
    """Counted hours, then hours beyond the cap (hatched amber), with the minimum and maximum marked.

    ``value`` is aria-valuenow: progress toward the category's minimum or cap (``rules.bar_value``), which more
    hours never lower; the drawn widths stay on the bar's own scale.
    """
    return rx.box(
        _track(
            rx.box(height="100%", width=counted + "%", background="var(--accent-9)", position="absolute", left="0",
                   border_radius="6px 0 0 6px"),
            rx.box(height="100%", width=over + "%", position="absolute", left=counted + "%",
                   background="repeating-linear-gradient(45deg, var(--amber-9) 0 4px, var(--amber-6) 4px 8px)"),
            _mark(min_mark, "min"),
            _mark(max_mark, "max"),
            words=words, now=counted if value is None else value),
        padding_bottom="18px", width="100%")
