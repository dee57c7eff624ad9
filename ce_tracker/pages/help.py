"""Help: the full FAQ on the CE and CME tracking, and whom to ask (R000-20, R002-16).

The content lives in ``components/faq.py`` (built from the program's data and the society's configuration).
"""

from __future__ import annotations

import reflex as rx

from ce_tracker.components.faq import faq
from ce_tracker.components.layout import page


def help_page() -> rx.Component:
    return page(
        "Help",
        rx.text("How to use the CE tracking system, in the words of the society's instructions."),
        faq(),
    )
