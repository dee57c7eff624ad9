"""Navigation a thumb reaches: a tab bar at the bottom of a phone, the same tabs in the header on a desktop.

Each role has its own few tabs (a person with several roles gets the tabs of their main work: headquarters,
then the Board, then a member, then a reviewer); everything else is one tap away under More, and the account
menu keeps account things only.
"""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from ce_tracker import routes
from ce_tracker.state.auth import AuthState

TOUCH = "44px"
BAR_HEIGHT = "64px"  # the phone's tab bar; the page leaves this much room below its footer


@dataclass(frozen=True)
class Tab:
    label: str
    href: str
    icon: str


HOME = Tab("Home", routes.HOME, "house")
MORE = Tab("More", routes.MORE, "menu")
MEMBER_TABS = (HOME, Tab("CME Tracker", routes.CME, "calendar-check"), Tab("Courses", routes.COURSES, "book-open"),
               Tab("Requests", routes.REQUESTS, "inbox"), MORE)
REVIEWER_TABS = (HOME, Tab("Review queue", routes.REVIEW, "clipboard-list"), MORE)
STAFF_TABS = (HOME, Tab("Renewals", routes.STAFF_RENEWALS, "badge-check"), Tab("Events", routes.STAFF_EVENTS, "calendar"),
              Tab("Members", routes.STAFF_MEMBERS, "users"), MORE)
BOARD_TABS = (HOME, Tab("Certificants", routes.BOARD, "users"), Tab("Audit sample", routes.BOARD_SAMPLE, "clipboard-check"),
              MORE)


def _current(href: str) -> rx.Var:
    """True on the tab's own page and the pages under it (an event's sheet is under the CME Tracker)."""
    path = AuthState.router.page.path
    if href == routes.HOME:
        return path == href
    return (path == href) | path.startswith(href + "/")


def _tab(tab: Tab) -> rx.Component:
    """A bottom-bar tab: icon above its label, the whole cell the touch target."""
    current = _current(tab.href)
    return rx.link(
        rx.vstack(rx.icon(tab.icon, size=22, aria_hidden="true"), rx.text(tab.label, size="1", weight="medium", white_space="nowrap",
                                                                      font_size="11px"),
                  spacing="0", align="center"),
        href=tab.href, underline="none", flex="1", min_height=TOUCH, display="flex", align_items="center",
        justify_content="center", padding_y="0.35em",
        color=rx.cond(current, "var(--accent-11)", "var(--gray-11)"),
        aria_current=rx.cond(current, "page", None),
    )


def _top_link(tab: Tab) -> rx.Component:
    current = _current(tab.href)
    return rx.link(tab.label, href=tab.href, underline="none", min_height=TOUCH, display="flex",
                   align_items="center", padding_x="0.75em", weight="medium",
                   color=rx.cond(current, "var(--accent-11)", "var(--gray-12)"),
                   border_bottom=rx.cond(current, "2px solid var(--accent-9)", "2px solid transparent"),
                   aria_current=rx.cond(current, "page", None))


def _by_role(render, wrap) -> rx.Component:
    """The tabs of the signed-in person's main role, rendered by ``render`` and wrapped by ``wrap``."""
    return rx.cond(AuthState.is_staff, wrap(*[render(t) for t in STAFF_TABS]),
                   rx.cond(AuthState.is_board, wrap(*[render(t) for t in BOARD_TABS]),
                           rx.cond(AuthState.is_member, wrap(*[render(t) for t in MEMBER_TABS]),
                                   wrap(*[render(t) for t in REVIEWER_TABS]))))


def tab_bar() -> rx.Component:
    """Fixed to the bottom of phones and small tablets; hidden where the header has room for the tabs."""
    return rx.cond(AuthState.signed_in, rx.el.nav(
        _by_role(_tab, lambda *tabs: rx.flex(*tabs, width="100%", max_width="640px", margin_x="auto")),
        aria_label="Main", class_name="tab-bar no-print",
        position="fixed", bottom="0", left="0", right="0", z_index="20", background="var(--color-panel-solid)",
        border_top="1px solid var(--gray-a5)", padding_bottom="env(safe-area-inset-bottom)",
        display=rx.breakpoints(initial="block", md="none"),
    ))


def top_bar() -> rx.Component:
    """The same tabs as links in the desktop header."""
    return rx.cond(AuthState.signed_in, rx.el.nav(
        _by_role(_top_link, lambda *links: rx.flex(*links, gap="0.25em")),
        aria_label="Main", display=rx.breakpoints(initial="none", md="block"),
    ))
