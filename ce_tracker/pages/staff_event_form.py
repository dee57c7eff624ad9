"""Staff: the event form shared by the new-event and edit pages.

Browser input is parsed here only as far as types go (dates, decimals, days);
every rule about events is the service's (``services.event_admin``).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

import reflex as rx

from ce_tracker import formatting as fmt
from ce_tracker.components.layout import TOUCH, field
from ce_tracker.components.controls import select_input, text_input
from ce_tracker.pages.forms import browser_int, text
from ce_tracker.services import programs
from ce_tracker.services.event_admin import INCREMENTS, DayForm, EventForm
from ce_tracker.state.auth import AuthState
from ce_tracker.state.work import Work, acts

MAX_DAYS = 60  # lines in the Days box, and days generated from the dates
DEFAULT_MAX = "8"
DATE_HINT = "Enter a date as YYYY-MM-DD."
INCREMENT_OPTIONS = [fmt.format_credits(i) for i in INCREMENTS]  # "0.25", "0.5", "1"


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        return None


def _decimal(value: str) -> Decimal | None:
    """A number as typed, exactly (never through float); None if it is not one."""
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _dates(starts_on: date, ends_on: date) -> list[date]:
    return [starts_on + timedelta(days=i) for i in range((ends_on - starts_on).days + 1)]


def _parse_days(days_text: str, default_max: Decimal | None, starts_on: date,
                ends_on: date) -> tuple[DayForm, ...] | str:
    """The Days box as DayForms, or a message naming the line to fix.

    Each line is ``YYYY-MM-DD`` and optionally that day's maximum credits; a
    blank box means every day from the start date to the end date.
    """
    lines = [(n, line.strip()) for n, line in enumerate(days_text.splitlines(), 1) if line.strip()]
    if not lines:
        if starts_on > ends_on:
            return "The event cannot end before it starts."
        if (ends_on - starts_on).days >= MAX_DAYS:
            return f"An event can have at most {MAX_DAYS} days; list its days in the Days box."
        if default_max is None:
            return "Enter the maximum credits per day, or list each day with its maximum in the Days box."
        return tuple(DayForm(d, default_max) for d in _dates(starts_on, ends_on))
    if len(lines) > MAX_DAYS:
        return f"An event can have at most {MAX_DAYS} days."
    days = []
    for number, line in lines:
        parts = [p for p in re.split(r"[\s,;]+", line) if p]
        day = _date(parts[0])
        if day is None:
            return f"Days, line {number}: {DATE_HINT}"
        if len(parts) > 2:
            return f"Days, line {number}: write a date and its maximum credits, e.g. {day.isoformat()} 7.5."
        credits = _decimal(parts[1]) if len(parts) == 2 else default_max
        if credits is None:
            return (f"Days, line {number}: enter the maximum credits as a number, e.g. {day.isoformat()} 7.5."
                    if len(parts) == 2 else
                    f"Days, line {number}: add the day's maximum credits, e.g. {day.isoformat()} 7.5.")
        days.append(DayForm(day, credits))
    return tuple(days)


def parse_event(form: object) -> EventForm | str:
    """The event form as an EventForm, or a message saying which field to fix."""
    starts_on = _date(text(form, "starts_on", 20))
    if starts_on is None:
        return f"Start date: {DATE_HINT}"
    ends_on = _date(text(form, "ends_on", 20))
    if ends_on is None:
        return f"End date: {DATE_HINT}"
    increment = _decimal(text(form, "increment", 10))
    if increment is None:
        return "Choose a credit increment of 0.25, 0.5 or 1."
    max_text = text(form, "default_max", 20).strip()
    default_max = _decimal(max_text) if max_text else None
    if max_text and default_max is None:
        return "Maximum credits per day: enter a number, such as 8 or 7.5."
    category_text = text(form, "category", 12)
    category_id = browser_int(category_text) if category_text else None
    if category_text and category_id is None:
        return "Choose a credit category from the list."
    days = _parse_days(text(form, "days", 4000), default_max, starts_on, ends_on)
    if isinstance(days, str):
        return days
    return EventForm(title=text(form, "title", 300), provider=text(form, "provider", 300),
                     location=text(form, "location", 300), starts_on=starts_on, ends_on=ends_on,
                     increment=increment, designation=text(form, "designation", 4000),
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
        program = programs.default_program(w.session)
        rows = programs.categories_of(w.session, program.id) if program else []
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
        starts_on, ends_on = _date(self.draft_start), _date(self.draft_end)
        if starts_on is None or ends_on is None:
            self.days_error = f"Enter the start and end dates first. {DATE_HINT}"
            return
        if starts_on > ends_on:
            self.days_error = "The event cannot end before it starts."
            return
        if (ends_on - starts_on).days >= MAX_DAYS:
            self.days_error = f"An event can have at most {MAX_DAYS} days."
            return
        maximum = _decimal(self.draft_max) if self.draft_max.strip() else None
        per_day = fmt.format_credits(maximum) if maximum is not None and maximum > 0 else DEFAULT_MAX
        self.days_text = "\n".join(f"{d.isoformat()} {per_day}" for d in _dates(starts_on, ends_on))
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
