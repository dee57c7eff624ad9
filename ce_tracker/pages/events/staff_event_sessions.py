"""Staff: the event page's "Designated sessions" section.

Each day of a meeting can count in its own credit category (an Art workshop day at a Biomedical meeting).
One native select per day, named by its date, and one Save button: the whole form is one unit of work, so
either every change is stored or none. The rules are the service's (``services.designated_sessions``).
"""

from __future__ import annotations

import reflex as rx

from ce_tracker import formatting as fmt
from ce_tracker.components.controls import select_input
from ce_tracker.components.layout import notice, submit_button
from ce_tracker.pages.forms import browser_int, text
from ce_tracker.services.events import designated_sessions
from ce_tracker.services.events.designated_sessions import Designations
from ce_tracker.state.work import Work


def session_rows(view: Designations) -> list[dict[str, str]]:
    """The days as the section shows them; "" is "the event's category"."""
    return [{"id": str(d.day_id), "day": fmt.weekday(d.day), "control": f"session-{d.day_id}",
             "value": str(d.category_id) if d.category_id is not None else ""} for d in view.days]


def save_designations(w: Work, days: list[dict[str, str]], form: dict) -> str:
    """Store every day's choice; returns a message to fix, or "" when stored (a refusal raises and rolls back)."""
    for day in days:
        raw = text(form, day["control"], 12)
        category_id = browser_int(raw) if raw else None
        if raw and category_id is None:
            return "Choose a credit category from the list."
        w.call(designated_sessions.designate_day, event_day_id=browser_int(day["id"]), category_id=category_id,
               now=w.now)
    return ""


def _day_row(state, day) -> rx.Component:
    return rx.vstack(
        rx.el.label("Category for ", day["day"], html_for=day["control"], font_weight="500"),
        select_input(day["control"], [
            rx.el.option("The event's category", value=""),
            rx.foreach(state.categories, lambda c: rx.el.option(c["label"], value=c["value"])),
        ], day["value"], disabled=state.sessions_locked),
        spacing="1", width="100%",
    )


def sessions_section(state) -> rx.Component:
    """The section; ``state`` is the staff event page's state (its vars ``session_days``, ``sessions_*``)."""
    return rx.vstack(
        rx.heading("Designated sessions", as_="h2", size="5"),
        rx.text("A day designated for a category counts in that category toward the member's term; other days "
                "count in the event's category. Designations are final once a member submits.",
                size="2", color_scheme="gray"),
        rx.cond(
            state.values["category"] == "",
            rx.text("Give the event a credit category first: a CME-only event has no designated sessions.",
                    size="2"),
            rx.form(
                rx.vstack(
                    rx.foreach(state.session_days, lambda day: _day_row(state, day)),
                    notice(state.sessions_error),
                    rx.cond(state.sessions_locked,
                            rx.text("Members have submitted credits for this event; its designations are final.",
                                    size="2"),
                            submit_button("Save designated sessions", width=["100%", "auto"])),
                    notice(state.sessions_message, color="green", role="status"),
                    spacing="3", width="100%",
                ),
                on_submit=state.save_sessions, width="100%", key=state.sessions_key,
            ),
        ),
        spacing="3", width="100%",
    )
