"""The society's look in the header: its logo (or the award mark) and its short name beside the product's."""

from __future__ import annotations

import reflex as rx

from ce_tracker import routes
from ce_tracker.config import settings

TOUCH = "44px"


def _mark() -> rx.Component:
    if settings.logo_url:
        return rx.image(src=settings.logo_url, alt="", height="32px", width="auto", max_width="96px")
    return rx.icon("award", aria_hidden="true")


def brand() -> rx.Component:
    """A link home, named for screen readers by the society and the product."""
    return rx.link(
        rx.hstack(_mark(), rx.text(settings.society_short_name, weight="bold"),
                  rx.text("CE Tracker", color_scheme="gray", display=["none", "inline"]), align="center",
                  spacing="2"),
        href=routes.HOME, underline="none", min_height=TOUCH, display="flex", align_items="center",
        aria_label=f"{settings.society_short_name} CE Tracker: Home",
    )
