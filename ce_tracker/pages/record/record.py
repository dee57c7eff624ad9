"""The member's CE credit record for the term, with CSV and PDF downloads (R000-10, R000-16).

Every line says how the credit was obtained and whether it counts; the
downloads come from the backend, which reads the session cookie itself and only
ever returns the signed-in member's own record.
"""

from __future__ import annotations

import reflex as rx

from ce_tracker import formatting as fmt
from ce_tracker import routes
from ce_tracker.components import wording
from ce_tracker.components.hours import hours_row
from ce_tracker.components.layout import TOUCH, page
from ce_tracker.components.programs import other_term_rows, other_terms
from ce_tracker.services.record import credit_record, terms
from ce_tracker.state.auth import AuthState
from ce_tracker.state.work import Work, acts


class RecordState(AuthState):
    has_term: bool = False
    term: str = ""
    counted: str = ""
    categories: list[dict[str, str]] = []
    lines: list[dict[str, str]] = []
    csv_href: str = ""
    pdf_href: str = ""
    other_terms: list[dict[str, str]] = []

    @rx.event
    @acts
    def load(self, w: Work):
        rec = w.call(credit_record.credit_record, now=w.now)
        self.other_terms = other_term_rows(w.call(terms.other_terms, now=w.now))
        self.has_term = rec is not None
        if rec is None:
            self.lines, self.categories = [], []
            return
        st = rec.standing
        self.term = f"{rec.program_name}, {wording.span(rec.term_starts_on, rec.term_ends_on)}"
        self.counted = f"{fmt.hours(st.counted_total)} of {fmt.hours(st.program.total_hours)} h counted"
        self.categories = [{"name": c.name, "earned": fmt.hours(c.earned), "counted": fmt.hours(c.counted),
                            "not_counted": fmt.hours(c.not_counted) if c.not_counted else ""}
                           for c in st.categories.values()]
        self.lines = [{"title": line.title, "category": line.category or "CME only",
                       "dates": fmt.format_date_range(line.starts_on, line.completed_on),
                       "hours": fmt.hours(line.hours), "source": line.source,
                       "counts": "Counts" if line.counts else "Does not count: " + line.why_not}
                      for line in rec.lines]
        self.csv_href, self.pdf_href = routes.record_export("csv"), routes.record_export("pdf")


def _download(label: str, href, icon: str) -> rx.Component:
    """A plain anchor with a full load: the file comes from a backend route, not a page of the app."""
    return rx.el.a(rx.icon(icon, aria_hidden="true"), label, href=href, download="", class_name="download-link",
                   custom_attrs={"reloadDocument": True},
                   style={"min_height": TOUCH, "display": "inline-flex", "align_items": "center", "gap": "0.4em"})


def _line(line) -> rx.Component:
    return rx.card(hours_row(
        rx.vstack(rx.text(line["title"], weight="medium"),
                  rx.text(line["category"], " · ", line["dates"], " · ", line["source"], size="2",
                          color_scheme="gray"),
                  spacing="0"),
        line["hours"], line["counts"]), width="100%")


def record_page() -> rx.Component:
    return page(
        "Credit record",
        rx.cond(RecordState.has_term, rx.vstack(
            rx.text(RecordState.term),
            rx.text(RecordState.counted, weight="bold"),
            rx.flex(rx.foreach(RecordState.categories, lambda c: rx.text(
                c["name"], ": ", c["counted"], " h count", rx.cond(c["not_counted"] != "",
                                                                   " (" + c["not_counted"] + " h beyond the maximum)",
                                                                   ""), size="2")),
                    gap="1em", wrap="wrap"),
            rx.flex(_download("Download CSV", RecordState.csv_href, "file-spreadsheet"),
                    _download("Download PDF transcript", RecordState.pdf_href, "file-text"), gap="1.5em", wrap="wrap"),
            rx.heading("Credits in this term", as_="h2", size="5"),
            rx.cond(RecordState.lines.length() > 0,
                    rx.vstack(rx.foreach(RecordState.lines, _line), spacing="2", width="100%"),
                    rx.text("No credit recorded in this term yet.")),
            spacing="3", width="100%"),
            rx.text("You have no certification term, so there is no CE credit record.")),
        other_terms(RecordState.other_terms),
    )
