"""Home's to-do list: each next step with one link to the place where it is done."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

import reflex as rx

from ce_tracker import routes
from ce_tracker.services.to_do.item import Place, ToDo

TOUCH = "44px"
URGENCY_COLOR = {"overdue": "red", "soon": "amber", "normal": "gray"}
URGENCY_WORDS = {"overdue": "Overdue", "soon": "Due soon", "normal": ""}


@dataclass
class ToDoRow:
    """One to-do as the page shows it (display strings only)."""

    title: str = ""
    detail: str = ""
    action: str = ""
    href: str = ""
    urgency: str = "normal"
    badge: str = ""
    color: str = "gray"


def href_of(item: ToDo) -> str:
    """The address of the place where ``item`` is done."""
    target = item.target
    paths = {
        Place.REQUEST: lambda: routes.approval_request(int(target)),
        Place.EVENT: lambda: routes.cme_event(int(target)),
        Place.COURSES: lambda: routes.COURSES + (("?" + urlencode({"category": target})) if target else ""),
        Place.CME: lambda: routes.CME,
        Place.RENEWAL: lambda: routes.RENEWAL,
        Place.REVIEW_QUEUE: lambda: routes.REVIEW,
        Place.REVIEW_REQUEST: lambda: routes.review_request(int(target)),
        Place.STAFF_RENEWALS: lambda: routes.STAFF_RENEWALS,
        Place.STAFF_PAYMENTS: lambda: routes.STAFF_PAYMENTS,
        Place.STAFF_EVENT: lambda: routes.staff_event(int(target)),
        Place.BOARD: lambda: routes.BOARD + (("?" + urlencode({"quarter": target})) if target else ""),
        Place.BOARD_SAMPLE: lambda: routes.BOARD_SAMPLE,
    }
    return paths[item.place]()


def rows_of(items: list[ToDo]) -> list[ToDoRow]:
    return [ToDoRow(i.title, i.detail, i.action, href_of(i), i.urgency.value, URGENCY_WORDS[i.urgency.value],
                    URGENCY_COLOR[i.urgency.value]) for i in items]


def _item(row: ToDoRow) -> rx.Component:
    return rx.el.li(rx.card(rx.vstack(
        rx.flex(rx.cond(row.badge != "", rx.badge(row.badge, color_scheme=row.color, variant="solid")),
                rx.heading(row.title, as_="h3", size="3"), gap="0.5em", align="center", wrap="wrap"),
        rx.text(row.detail, size="2", color_scheme="gray"),
        rx.link(row.action, rx.icon("chevron-right", size=16, aria_hidden="true"), href=row.href,
                min_height=TOUCH, display="inline-flex", align_items="center", gap="0.25em", weight="medium"),
        spacing="1", width="100%"), width="100%"), list_style="none", width="100%")


def to_do_list(rows, *, shown: int = 8) -> rx.Component:
    """The list, first on Home, with a plain sentence when nothing waits."""
    return rx.el.section(
        rx.heading("Your next steps", as_="h2", size="5", id="next-steps"),
        rx.cond(rows.length() > 0,
                rx.el.ul(rx.foreach(rows[:shown], _item), display="flex", flex_direction="column", gap="0.5em",
                         padding="0", margin="0", width="100%"),
                rx.text("Nothing is waiting for you. You are up to date.", size="3")),
        aria_labelledby="next-steps", width="100%", display="flex", flex_direction="column", gap="0.75em",
    )
