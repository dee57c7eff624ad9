"""Hours on a card: always at the card's right, never wrapped under the title, the same on a phone and a desktop."""

from __future__ import annotations

import reflex as rx


def hours_cell(hours, note=None) -> rx.Component:
    """ "7.5 h" in bold with an optional small note under it ("Counts"), right-aligned (the ``.hours`` class)."""
    return rx.vstack(rx.text(hours, " h", weight="bold"), *([rx.text(note, size="1")] if note is not None else []),
                     align="end", spacing="0", class_name="hours", flex_shrink="0")


def hours_row(left: rx.Component, hours, note=None) -> rx.Component:
    """A card's first row: ``left`` takes the room it needs and wraps; the hours keep the right edge."""
    return rx.flex(rx.box(left, flex="1", min_width="0"), hours_cell(hours, note), gap="0.75em", width="100%",
                   align="start")
