"""The member's other programs' terms as cards (Home and the credit record show them the same way)."""

from __future__ import annotations

import reflex as rx

from ce_tracker import formatting as fmt


def other_term_rows(found) -> list[dict[str, str]]:
    """``services.terms.other_terms`` as the strings the cards show."""
    return [{"program": t.program_name, "term": f"{fmt.day(t.starts_on)} to {fmt.day(t.ends_on)}",
             "status": t.status.label,
             "hours": f"{fmt.hours(t.counted)} of {fmt.hours(t.required)} h counted",
             "verdict": f"still needed: {t.needed}" if t.needed else "nothing missing",
             "note": "Every credit's hours count toward this program." if t.any_hours else ""} for t in found]


def other_terms(rows) -> rx.Component:
    """One card per other program; nothing when the member holds a single program."""
    return rx.cond(rows.length() > 0, rx.vstack(
        rx.heading("Your other programs", as_="h2", size="5"),
        rx.foreach(rows, lambda t: rx.card(rx.vstack(
            rx.text(t["program"], weight="bold"),
            rx.text(t["status"], " · ", t["term"], size="2"),
            rx.text(t["hours"], " · ", t["verdict"]),
            rx.cond(t["note"] != "", rx.text(t["note"], size="2", color_scheme="gray")),
            spacing="1"), width="100%", aria_label=t["program"])),
        spacing="2", width="100%"))
