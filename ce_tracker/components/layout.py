"""The frame around every page: header with the account menu, a main landmark, a footer."""

from __future__ import annotations

import reflex as rx

from ce_tracker import names, routes
from ce_tracker.components.branding import brand
from ce_tracker.components.navigation import BAR_HEIGHT, tab_bar, top_bar
from ce_tracker.state.auth import AuthState

TOUCH = "44px"  # the smallest touch target we allow


def _menu_link(label: str, href: str) -> rx.Component:
    """A menu item that navigates; on_select works for mouse, touch and keyboard alike."""
    return rx.menu.item(label, on_select=rx.redirect(href), min_height=TOUCH)


def account_menu() -> rx.Component:
    """Account things only; the places are in the tab bar and under More."""
    return rx.menu.root(
        # "My Account" at the upper right, as the society's instructions say; the accessible name keeps it first.
        rx.menu.trigger(rx.button(rx.icon("user", aria_hidden="true"),
                                  rx.text(names.MY_ACCOUNT, display=["none", "inline"]),
                                  variant="soft", min_height=TOUCH, min_width=TOUCH,
                                  aria_label=f"{names.MY_ACCOUNT} menu")),
        rx.menu.content(
            _menu_link("Reminders", routes.REMINDERS),
            rx.cond(AuthState.keeps_password, _menu_link("Change password", routes.PASSWORD)),
            _menu_link("Help", routes.HELP),
            rx.menu.separator(),
            rx.menu.item("Log out", on_select=AuthState.logout, min_height=TOUCH),
        ),
    )


def header() -> rx.Component:
    return rx.el.header(
        rx.hstack(
            brand(),
            top_bar(),
            rx.spacer(),
            rx.cond(AuthState.signed_in,
                    rx.fragment(rx.text(AuthState.display_name, size="2", color_scheme="gray",
                                        display=["none", "inline"]), account_menu()),
                    rx.link(names.MY_ACCOUNT, href=routes.LOGIN, min_height=TOUCH, display="flex",
                            align_items="center")),
            align="center", width="100%", padding_x="1em", padding_y="0.25em",
        ),
        border_bottom="1px solid var(--gray-a5)", class_name="no-print",
        position="sticky", top="0", z_index="20", background="var(--color-background)",
    )


def page(title: str | rx.Var, *children: rx.Component, subtitle: str = "") -> rx.Component:
    """A page with the shared header; ``title`` becomes the one h1; on phones the tab bar stays at the bottom."""
    return rx.box(
        header(),
        rx.el.main(
            rx.vstack(rx.vstack(rx.heading(title, as_="h1", size="7"),
                                *([rx.text(subtitle, color_scheme="gray", size="2")] if subtitle else []),
                                spacing="1"),
                      *children, spacing="4", width="100%"),
            max_width="960px", margin_x="auto", padding="1em", width="100%",
        ),
        rx.el.footer(
            rx.text("Questions about CE credit? ", rx.link("Help and contacts", href=routes.HELP, min_height=TOUCH,
                                                           display="inline-flex", align_items="center"), size="2"),
            padding="1em", max_width="960px", margin_x="auto", class_name="no-print",
            padding_bottom=rx.breakpoints(initial=f"calc(1em + {BAR_HEIGHT})", md="1em"),
        ),
        tab_bar(),
    )


def submit_button(label, **props) -> rx.Component:
    """A form's submit button, disabled until the page is live.

    Before hydration a click would submit the form natively, putting its fields
    (a password, even) in the URL; waiting for the websocket prevents that.
    """
    return rx.button(label, type="submit", disabled=~rx.State.is_hydrated,
                     **{"size": "3", "min_height": TOUCH, **props})


def notice(message, *, color: str = "red", role: str = "alert") -> rx.Component:
    """A message shown only when ``message`` is non-empty; screen readers announce it."""
    return rx.cond(message != "", rx.callout(message, color_scheme=color, role=role, width="100%"))


def field(label: str, control_id: str, control: rx.Component, hint: str = "", hint_id=None) -> rx.Component:
    """A labelled form control; the label names the control for screen readers (``hint_id`` lets it describe it)."""
    hint_props = {"id": hint_id} if hint_id is not None else {}
    return rx.vstack(
        rx.el.label(label, html_for=control_id, font_weight="500"),
        control,
        rx.cond(hint != "", rx.text(hint, size="1", color_scheme="gray", **hint_props)),
        spacing="1", width="100%",
    )
