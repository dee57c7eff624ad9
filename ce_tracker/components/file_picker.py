"""The one file picker every upload uses: a drop zone named for screen readers, the chosen file, one button.

Four pages pick a file (a request's attachment, the registrations CSV, past records, a credential to
check); each wrote the same drop zone, "Chosen:" line and disabled-until-chosen button. Here once, so a
fix to its touch size or its accessible name reaches them all.
"""

from __future__ import annotations

from typing import Any, Callable

import reflex as rx

from ce_tracker.components.layout import TOUCH


def file_picker(upload_id: str, *, choose: str, hint: str, button: str, on_upload: Callable[[Any], Any],
                **upload_props: Any) -> list[rx.Component]:
    """The drop zone, the "Chosen:" line and the button that sends the file to ``on_upload``.

    ``upload_props`` go to ``rx.upload`` (``accept``, ``max_size``). Returned as a list for the caller's stack.
    """
    chosen = rx.selected_files(upload_id)
    return [
        # The label names react-dropzone's file input (it takes no props of ours) for screen readers.
        rx.el.label(rx.upload(
            rx.vstack(rx.hstack(rx.icon("upload", aria_hidden="true"), rx.text(choose, weight="medium"),
                                align="center", min_height=TOUCH),
                      rx.text(hint, size="2", color_scheme="gray"), align="center", spacing="1"),
            id=upload_id, multiple=False, max_files=1, border="1px dashed var(--gray-a8)",
            border_radius="var(--radius-3)", padding="1em", width="100%", cursor="pointer", **upload_props,
        ), width="100%", display="block"),
        rx.cond(chosen.length() > 0, rx.text("Chosen: ", rx.foreach(chosen, lambda name: rx.text.strong(name)),
                                             size="2", overflow_wrap="anywhere")),
        rx.button(button, type="button", size="3", min_height=TOUCH, width=["100%", "auto"],
                  disabled=chosen.length() == 0, on_click=on_upload(rx.upload_files(upload_id=upload_id))),
    ]
