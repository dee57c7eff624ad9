"""Staff: the list of live events and the new-event form."""

from __future__ import annotations

import reflex as rx

from ce_tracker import formatting as fmt
from ce_tracker import routes
from ce_tracker.components import wording
from ce_tracker.components.layout import TOUCH, notice, page, submit_button
from ce_tracker.pages.events.staff_event_form import DEFAULT_MAX, NEW_EVENT, EventFormState, event_fields, parse_event
from ce_tracker.services.errors import NotAllowed
from ce_tracker.services.events import admin
from ce_tracker.state.work import Work, acts


def _summary_row(e: admin.EventSummary) -> dict[str, str]:
    return {"title": e.title, "dates": fmt.format_date_range(e.starts_on, e.ends_on),
            "days": wording.count(e.day_count, "day"),
            "registered": str(e.registered_members), "submitted": str(e.submitted),
            "href": routes.staff_event(e.activity_id)}


class StaffEventsState(EventFormState):
    allowed: bool = True
    events: list[dict[str, str]] = []
    error: str = ""
    form_error: str = ""
    form_key: int = 0

    def _refresh(self, w: Work) -> None:
        try:
            self.events = [_summary_row(e) for e in w.call(admin.list_events)]
            self.allowed = True
        except NotAllowed as error:
            self.allowed, self.events, self.error = False, [], error.message

    @rx.event
    @acts
    def load(self, w: Work):
        self.error, self.form_error, self.days_error = "", "", ""
        self.draft_start = self.draft_end = self.days_text = ""
        self.draft_max = DEFAULT_MAX
        self.form_key += 1
        self.days_key += 1
        self._load_categories(w)
        self._refresh(w)

    @rx.event
    @acts(error="form_error")
    def create(self, w: Work, form: dict):
        parsed = parse_event(form)
        activity = w.call(admin.create_event, form=parsed, now=w.now)
        self.form_error = ""
        return rx.redirect(f"{routes.staff_event(activity.id)}?created=1")


def _event_card(row) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.link(row["title"], href=row["href"], weight="medium", min_height=TOUCH, display="flex",
                    align_items="center"),
            rx.text(row["dates"], " · ", row["days"], size="2", color_scheme="gray"),
            rx.text(row["registered"], " registered · ", row["submitted"], " submitted", size="2"),
            spacing="1", width="100%",
        ),
        width="100%",
    )


def _new_event_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            event_fields(StaffEventsState, NEW_EVENT),
            notice(StaffEventsState.form_error),
            submit_button("Create event", width=["100%", "auto"]),
            spacing="3", width="100%",
        ),
        on_submit=StaffEventsState.create, width="100%", key=StaffEventsState.form_key,
    )


def staff_events_page() -> rx.Component:
    return page(
        "Events",
        rx.cond(
            StaffEventsState.allowed,
            rx.vstack(
                rx.link("Set up a new event", href="#new-event", min_height=TOUCH, display="flex",
                        align_items="center"),
                rx.cond(StaffEventsState.events.length() > 0,
                        rx.vstack(rx.foreach(StaffEventsState.events, _event_card), spacing="2", width="100%"),
                        rx.text("No events yet.")),
                rx.heading("New event", as_="h2", size="5", margin_top="1em", id="new-event"),
                _new_event_form(),
                spacing="3", width="100%",
            ),
            notice(StaffEventsState.error),
        ),
    )


# --- One event: edit, import, completion -----------------------------------------------------------
