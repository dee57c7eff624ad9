"""The page for an address that does not exist: the app's frame, a heading, a sentence and a way home.

Registered as Reflex's custom 404 (route "404"), so a mistyped or outdated link still lands inside the app, with
its header, main landmark and footer, instead of a bare "404" line.
"""

from __future__ import annotations

import reflex as rx

from ce_tracker import routes
from ce_tracker.components.layout import TOUCH, page


def not_found_page() -> rx.Component:
    return page(
        "Page not found",
        rx.text("There is no page at this address. The link may be mistyped or out of date."),
        rx.link("Go to your home page", href=routes.HOME, min_height=TOUCH, display="flex", align_items="center"),
        rx.link("Help and contacts", href=routes.HELP, min_height=TOUCH, display="flex", align_items="center"),
    )
