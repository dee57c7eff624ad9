"""CME Tracker: the member's events, most recent first (R002-04, R002-05, R002-12, R002-13)."""

from __future__ import annotations

import reflex as rx

from ce_tracker import formatting as fmt
from ce_tracker import routes
from ce_tracker.components.layout import TOUCH, page
from ce_tracker.components.offline import offline_copy
from ce_tracker.rules import EventPhase
from ce_tracker.services.events import cme
from ce_tracker.services.events.cme import EventLine
from ce_tracker.state.auth import AuthState
from ce_tracker.state.work import Work, acts


def _row(line: EventLine) -> dict[str, str]:
    return {
        "title": line.title, "dates": fmt.format_date_range(line.starts_on, line.ends_on),
        "location": line.location, "phase": line.phase.value, "href": routes.cme_event(line.activity_id),
        "total": fmt.hours(line.total), "opens": fmt.day(line.opens_on),
        "certificate": routes.certificate(line.certificate_number) if line.certificate_number else "",
        "closed": fmt.day(line.closes_on) if line.phase is EventPhase.CLOSED else "",
    }


class CmeListState(AuthState):
    events: list[dict[str, str]] = []

    @rx.event
    @acts
    def load(self, w: Work):
        self.events = [_row(line) for line in w.call(cme.my_events, now=w.now)]


def credits_cell(row) -> rx.Component:
    """The "Credits Earned" column: the total, "Enter Credits", or when claiming opens."""
    return rx.match(
        row["phase"],
        ("submitted", rx.text(row["total"], " credits", weight="bold")),
        ("open", rx.button(rx.link("Enter Credits", href=row["href"], underline="none",
                                   aria_label="Enter Credits for " + row["title"]),
                           as_child=True, min_height=TOUCH)),
        ("closed", rx.vstack(rx.text("Forfeited", color_scheme="red", weight="medium"),
                             rx.text("Window closed ", row["closed"], size="1"), spacing="0")),
        rx.vstack(rx.text("Opens ", row["opens"]),
                  rx.link("View days", href=row["href"], min_height=TOUCH, display="flex", align_items="center",
                          aria_label="View days of " + row["title"]), spacing="0"),
    )


def certificate_cell(row) -> rx.Component:
    return rx.cond(row["certificate"] != "",
                   rx.link("View", href=row["certificate"], min_height=TOUCH, min_width=TOUCH, display="inline-flex",
                           align_items="center",
                           aria_label="View certificate for " + row["title"]),
                   rx.text("—", aria_label="No certificate yet", color_scheme="gray"))


def _event_title(row) -> rx.Component:
    return rx.vstack(rx.text(row["title"], weight="medium"),
                     rx.text(row["dates"], " · ", row["location"], size="2", color_scheme="gray"), spacing="0")


def _table() -> rx.Component:
    return rx.table.root(
        rx.table.header(rx.table.row(rx.table.column_header_cell("Event"),
                                     rx.table.column_header_cell("Credits Earned"),
                                     rx.table.column_header_cell("Certificate"))),
        rx.table.body(rx.foreach(CmeListState.events, lambda row: rx.table.row(
            rx.table.row_header_cell(_event_title(row)), rx.table.cell(credits_cell(row)),
            rx.table.cell(certificate_cell(row))))),
        width="100%", display=["none", "none", "table"],
    )


def _cards() -> rx.Component:
    return rx.vstack(
        rx.foreach(CmeListState.events, lambda row: rx.card(rx.vstack(
            _event_title(row),
            rx.hstack(rx.text("Credits Earned", size="2", color_scheme="gray"), rx.spacer(), credits_cell(row),
                      width="100%", align="center"),
            rx.hstack(rx.text("Certificate", size="2", color_scheme="gray"), rx.spacer(), certificate_cell(row),
                      width="100%", align="center"),
            spacing="2", width="100%"), width="100%")),
        width="100%", display=["flex", "flex", "none"],
    )


def cme_list_page() -> rx.Component:
    return page(
        "CME Tracker",
        offline_copy(CmeListState, "events"),
        rx.text("Your events, most recent first. CME credits cannot be claimed until the conclusion of the event."),
        rx.cond(CmeListState.events.length() > 0, rx.fragment(_table(), _cards()),
                rx.text("You are not registered for any event yet. A registration appears here once "
                        "headquarters has imported it: onsite registrations can take up to 72 hours.")),
    )
