"""One confirmation for an irreversible step: a title, the summary in the person's words, Cancel and one Yes.

On a phone the two buttons stack full width (Yes on top, where the thumb is); on a desktop they sit side by side
at the right. Cancel only closes the dialog: nothing has been sent yet.
"""

from __future__ import annotations

import reflex as rx

TOUCH = "44px"


def confirm_dialog(title: str, summary, yes: str, on_yes, *, trigger: rx.Component | None = None, open=None,
                   on_cancel=None, color: str = "accent", note: str = "") -> rx.Component:
    """``trigger`` opens it (uncontrolled), or ``open`` (a state var) does; ``on_cancel`` runs on Cancel."""
    cancel = rx.button("Cancel", variant="soft", color_scheme="gray", size="3", min_height=TOUCH,
                       width=["100%", "auto"], **({"on_click": on_cancel} if on_cancel is not None else {}))
    go = rx.button(yes, on_click=on_yes, size="3", min_height=TOUCH, width=["100%", "auto"], white_space="normal",
                   height="auto", padding_y="0.5em",
                   # Another colour than the accent at its darkest step: white on red-9 fails WCAG AA contrast.
                   **({} if color == "accent" else {"color_scheme": color, "high_contrast": True}))
    content = rx.alert_dialog.content(
        rx.alert_dialog.title(title),
        rx.alert_dialog.description(summary),
        *([rx.text(note, weight="medium", margin_top="0.75em")] if note else []),
        rx.flex(rx.alert_dialog.cancel(cancel), rx.alert_dialog.action(go),
                direction=rx.breakpoints(initial="column-reverse", sm="row"), gap="0.75em", justify="end",
                margin_top="1em"),
        max_width="32em", **({"on_escape_key_down": on_cancel} if on_cancel is not None else {}))
    if trigger is not None:
        return rx.alert_dialog.root(rx.alert_dialog.trigger(trigger), content)
    return rx.alert_dialog.root(content, open=open)
