"""Staff: the event form shared by the new-event and edit pages.

The page passes the form's text as typed: the Days box is read by
``services.days_box`` and every rule about events is ``services.event_admin``'s.
"""

from __future__ import annotations

import reflex as rx

from ce_tracker import formatting as fmt
from ce_tracker.components.controls import select_input, text_input
from ce_tracker.components.layout import TOUCH, field
from ce_tracker.pages.forms import browser_int, text
from ce_tracker.services.errors import Invalid
from ce_tracker.services.events import days_text as events_days_text
from ce_tracker.services.events.admin import INCREMENTS, EventForm
from ce_tracker.services.programs import store
from ce_tracker.state.auth import AuthState
from ce_tracker.state.work import Work, acts

DEFAULT_MAX = events_days_text.DEFAULT_MAX
INCREMENT_OPTIONS = [fmt.format_credits(i) for i in INCREMENTS]  # "0.25", "0.5", "1"


def parse_event(form: object) -> EventForm:
    """The event form as an EventForm, the dates and numbers still as typed (the services type them).

    Raises Invalid naming the field or the Days line to fix.
    """
    category_text = text(form, "category", 12)
    category_id = browser_int(category_text) if category_text else None
    if category_text and category_id is None:
        raise Invalid("Choose a credit category from the list.", field="category")
    starts_on, ends_on = text(form, "starts_on", 20), text(form, "ends_on", 20)
    days = events_days_text.read_days(text(form, "days", 4000), default_max=text(form, "default_max", 20),
                              starts_on=starts_on, ends_on=ends_on)
    return EventForm(title=text(form, "title", 300), provider=text(form, "provider", 300),
                     location=text(form, "location", 300), starts_on=starts_on, ends_on=ends_on,
                     increment=text(form, "increment", 10), designation=text(form, "designation", 4000),
                     category_id=category_id, days=days)


class EventFormState(AuthState):
    """What both event forms share: the category list and the Days box's "fill in" helper."""

    categories: list[dict[str, str]] = []
    draft_start: str = ""
    draft_end: str = ""
    draft_max: str = DEFAULT_MAX
    days_text: str = ""
    days_key: int = 0
    days_error: str = ""

    def _load_categories(self, w: Work) -> None:
        program = store.default_program(w.session)
        rows = store.categories_of(w.session, program.id) if program else []
        self.categories = [{"value": str(c.id), "label": c.name} for c in rows]

    @rx.event
    @acts
    def note_draft(self, w: Work, name: str, value: str):
        """Remember a date or the per-day maximum as typed, for "Fill in days from the dates"."""
        if name in ("start", "end", "max"):
            setattr(self, f"draft_{name}", value[:20] if isinstance(value, str) else "")

    @rx.event
    @acts
    def fill_days(self, w: Work):
        """One line per date from the start date to the end date, each with the maximum per day."""
        try:
            self.days_text = events_days_text.fill_lines(starts_on=self.draft_start, ends_on=self.draft_end,
                                                 default_max=self.draft_max)
        except Invalid as error:
            self.days_error = error.message
            return
        self.days_error = ""
        self.days_key += 1  # remount the box with the new lines
        return rx.set_focus("days")


# --- The list and the new-event form -----------------------------------------------------------------


def event_fields(state: type[EventFormState], values) -> rx.Component:
    """The fields of the new-event and edit-event forms; ``values`` prefill them."""
    return rx.vstack(
        field("Title", "title", text_input("title", required=True, max_length=200, default_value=values["title"])),
        field("Provider", "provider", text_input("provider", max_length=200, default_value=values["provider"])),
        field("Location", "location", text_input("location", max_length=200, default_value=values["location"])),
        rx.flex(
            rx.box(field("Start date", "starts_on",
                         text_input("starts_on", type="date", required=True, default_value=values["starts_on"],
                                on_change=lambda value: state.note_draft("start", value))),
                   flex="1 1 12em"),
            rx.box(field("End date", "ends_on",
                         text_input("ends_on", type="date", required=True, default_value=values["ends_on"],
                                on_change=lambda value: state.note_draft("end", value))),
                   flex="1 1 12em"),
            gap="1em", wrap="wrap", width="100%",
        ),
        rx.flex(
            rx.box(field("Credit increment", "increment",
                         select_input("increment", [rx.el.option(v, value=v) for v in INCREMENT_OPTIONS],
                                 values["increment"])), flex="1 1 12em"),
            rx.box(field("Maximum credits per day", "default_max",
                         text_input("default_max", max_length=10, input_mode="decimal",
                                    default_value=values["default_max"],
                                    on_blur=lambda value: state.note_draft("max", value))),
                   flex="1 1 12em"),
            gap="1em", wrap="wrap", width="100%",
        ),
        field("Credit category", "category",
              select_input("category", [rx.el.option("None (CME only)", value=""),
                                   rx.foreach(state.categories,
                                              lambda c: rx.el.option(c["label"], value=c["value"]))],
                      values["category"])),
        rx.vstack(
            rx.el.label("Days", html_for="days", font_weight="500"),
            rx.text("One line per day: the date as YYYY-MM-DD, then that day's maximum credits, e.g. "
                    "“2026-11-10 7.5”. A line with only a date gets the maximum credits per day. Left empty, "
                    "every day from the start date to the end date gets the maximum credits per day.",
                    size="1", color_scheme="gray", id="days-hint"),
            rx.text_area(id="days", name="days", default_value=state.days_text, key=state.days_key, rows="6",
                         width="100%", max_length=4000, aria_describedby="days-hint", font_family="monospace",
                         placeholder="2026-11-10 7.5\n2026-11-11 7.5"),
            rx.button("Fill in days from the dates", type="button", variant="soft", min_height=TOUCH,
                      on_click=state.fill_days, width=["100%", "auto"]),
            rx.cond(state.days_error != "", rx.text(state.days_error, color_scheme="red", size="2",
                                                     role="alert")),
            spacing="1", width="100%",
        ),
        field("Designation statement", "designation",
              rx.text_area(id="designation", name="designation", rows="4", width="100%", max_length=2000,
                           default_value=values["designation"]),
              "Printed on each certificate of participation."),
        spacing="3", width="100%",
    )


NEW_EVENT = {"title": "", "provider": "", "location": "", "starts_on": "", "ends_on": "", "increment": "0.25",
             "default_max": DEFAULT_MAX, "category": "", "designation": ""}
