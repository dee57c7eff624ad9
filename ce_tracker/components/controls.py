"""Form controls every form uses: a text box and a native select, 44 px tall with 16 px text (no zoom on focus)."""

from __future__ import annotations

import reflex as rx

from ce_tracker.components.layout import TOUCH


def text_input(control_id: str, **props) -> rx.Component:
    """A size-3 text box named like its id, filling its column, at least 44 px tall."""
    props.setdefault("width", "100%")
    return rx.input(id=control_id, name=control_id, size="3", min_height=TOUCH, **props)



SELECT_STYLE = {
    "min_height": TOUCH, "width": "100%", "padding": "0 0.75em", "font_size": "16px",
    "border": "1px solid var(--gray-a7)", "border_radius": "var(--radius-2)",
    "background_color": "var(--color-surface)", "color": "var(--gray-12)",
}



def select_input(control_id: str, options, default_value, **props) -> rx.Component:
    """A native select named like its id: the phone's own picker, 44 px tall, 16 px text (no zoom on focus)."""
    return rx.el.select(*options, id=control_id, name=control_id, default_value=default_value, **SELECT_STYLE,
                        **props)

