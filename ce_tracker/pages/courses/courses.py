"""Upcoming Courses, the "Education Opportunities": choose a category, find a course, record its hours (R000-07).

The course a member records hours for is looked up again by the claims
service with the member from the session; the page only passes on the id from
the form it rendered, which the service refuses unless it is a claimable course.
"""

from __future__ import annotations

import reflex as rx

from ce_tracker import formatting as fmt
from ce_tracker import routes
from ce_tracker.components.controls import select_input, text_input
from ce_tracker.components.layout import TOUCH, field, notice, page, submit_button
from ce_tracker.pages.forms import browser_int, text
from ce_tracker.services.courses import catalog, claims
from ce_tracker.services.courses.catalog import CatalogLine
from ce_tracker.state.auth import AuthState
from ce_tracker.state.work import Work, acts

ALL = "All categories"


def _row(line: CatalogLine, today) -> dict[str, str]:
    """A course card's values; ``when`` says on the card itself, before any tap, until when hours can be recorded."""
    if line.recorded is not None:
        state, when = f"Recorded: {fmt.hours(line.recorded)} h", ""
    elif line.claimable(today):
        state, when = "open", f"Record by {fmt.day(line.closes_on)}"
    elif today < line.opens_on:
        state = ""
        when = f"Record from {fmt.day(line.opens_on)} to {fmt.day(line.closes_on)}"
    else:
        state, when = "Closed", ""
    group = "recorded" if line.recorded is not None else "coming" if today < line.opens_on else "ended"
    return {"group": group, "when": when, "id": str(line.activity_id), "title": line.title, "provider": line.provider,
            "where": " · ".join(p for p in (line.location, line.format.capitalize()) if p),
            "dates": fmt.format_date_range(line.starts_on, line.ends_on), "category": line.category,
            "category_id": str(line.category_id), "hours": fmt.hours(line.hours), "url": line.url,
            "state": state, "closes": fmt.day(line.closes_on)}


class CoursesState(AuthState):
    categories: list[str] = [ALL]
    category: str = ALL
    query: str = ""
    rows: list[dict[str, str]] = []
    ended: list[dict[str, str]] = []  # ended courses whose hours can still be recorded: the list starts with them
    coming: list[dict[str, str]] = []
    recorded: list[dict[str, str]] = []
    more: bool = False
    claiming: str = ""  # the id of the course whose form is open (display only; the service decides)
    error: str = ""
    message: str = ""

    def _refresh(self, w: Work) -> None:
        listing = w.call(catalog.catalog, now=w.now, category=None if self.category == ALL else self.category,
                         query=self.query)
        self.categories = [ALL, *listing.categories]
        self.rows = [_row(line, listing.today) for line in listing.lines]
        self.ended, self.coming, self.recorded = ([r for r in self.rows if r["group"] == group]
                                                  for group in ("ended", "coming", "recorded"))
        self.more = listing.more

    @rx.event
    @acts
    def load(self, w: Work):
        """``?category=Art`` (Home's next steps link here) opens the list on that category."""
        wanted = text({"category": self.router.url.query_parameters.get("category", "")}, "category", 60)
        self.category, self.query, self.claiming, self.error, self.message = ALL, "", "", "", ""
        self._refresh(w)
        if wanted in self.categories[1:]:
            self.category = wanted
            self._refresh(w)

    @rx.event
    @acts
    def search(self, w: Work, form: dict):
        category = text(form, "category", 60)
        self.category = category if category in self.categories else ALL
        self.query, self.claiming, self.error, self.message = text(form, "query", 100), "", "", ""
        self._refresh(w)

    @rx.event
    def open_claim(self, activity_id: str):
        """Show the hours form under one course (display only)."""
        number = browser_int(activity_id)
        self.claiming = str(number) if number is not None else ""
        self.error = self.message = ""

    @rx.event
    @acts
    def claim(self, w: Work, form: dict):
        recorded = w.call(claims.claim_course, activity_id=browser_int(text(form, "activity_id", 12)),
                          category_id=browser_int(text(form, "category_id", 12)), hours=text(form, "hours", 20),
                          now=w.now)
        self.claiming, self.error = "", ""
        self.message = f"Recorded {fmt.hours(recorded.hours)} h. Your home page shows how they count."
        self._refresh(w)


def _filters() -> rx.Component:
    return rx.form(rx.flex(
        rx.box(field("Category", "category", select_input(
            "category", [rx.foreach(CoursesState.categories, lambda c: rx.el.option(c, value=c))],
            CoursesState.category)), flex="1 1 12em"),
        rx.box(field("Search", "query", text_input("query", default_value=CoursesState.query, max_length=100,
                                                   placeholder="Title or provider")), flex="2 1 16em"),
        rx.box(submit_button("Show courses", width="100%"), flex="0 0 auto", align_self="end"),
        wrap="wrap", gap="0.75em", width="100%"), on_submit=CoursesState.search, width="100%")


def _claim_form(row) -> rx.Component:
    return rx.form(rx.vstack(
        rx.el.input(type="hidden", name="activity_id", value=row["id"]),
        rx.el.input(type="hidden", name="category_id", value=row["category_id"]),
        field("Hours earned (" + row["category"] + ")", "hours-" + row["id"],
              rx.input(id="hours-" + row["id"], name="hours", default_value=row["hours"], input_mode="decimal",
                       max_length=10, auto_complete="off", required=True, size="3", min_height=TOUCH,
                       width="100%", aria_invalid=rx.cond(CoursesState.error != "", "true", "false"),
                       aria_describedby="hours-hint-" + row["id"] + " hours-error-" + row["id"]),
              hint="At most " + row["hours"] + " h, in quarter hours. Record by " + row["closes"] + ".",
              hint_id="hours-hint-" + row["id"]),
        # The refusal sits under the field it is about, where the member is looking (not above the filters).
        rx.cond(CoursesState.error != "", rx.text(CoursesState.error, id="hours-error-" + row["id"],
                                                  color_scheme="red", size="2", weight="medium", role="alert")),
        submit_button("Record hours", width=["100%", "auto"]),
        spacing="2", width="100%"), on_submit=CoursesState.claim, width="100%")


def _course_card(row) -> rx.Component:
    return rx.card(rx.vstack(
        rx.flex(rx.heading(row["title"], as_="h3", size="4"), rx.spacer(),
                rx.badge(row["category"], " · ", row["hours"], " h", size="2", margin_left="auto", class_name="hours"),
                wrap="wrap", gap="0.5em",
                width="100%"),
        rx.text(row["provider"], size="2"),
        rx.text(row["dates"], rx.cond(row["where"] != "", " · " + row["where"], ""), size="2", color_scheme="gray"),
        rx.cond(row["when"] != "", rx.text(row["when"], size="2", weight="medium")),
        rx.cond(row["url"] != "", rx.link("Course page", href=row["url"], is_external=True, size="2",
                                          min_height=TOUCH, min_width=TOUCH, display="inline-flex",
                                          align_items="center", width="fit-content")),
        rx.cond(row["state"] == "open",
                rx.cond(CoursesState.claiming == row["id"], _claim_form(row),
                        rx.button("Record hours for " + row["title"], on_click=CoursesState.open_claim(row["id"]),
                                  size="3", min_height=TOUCH, variant="soft", white_space="normal",
                                  height="auto", padding_y="0.5em")),
                rx.cond(row["state"] != "", rx.text(row["state"], weight="medium", size="2"))),
        spacing="2", width="100%"), width="100%")


def _group(rows, heading: str, lead: str) -> rx.Component:
    """One part of the list under its own heading, so ended courses never look like coming ones."""
    return rx.cond(rows.length() > 0, rx.el.section(
        rx.heading(heading, as_="h3", size="4"),
        *([rx.text(lead, size="2", color_scheme="gray")] if lead else []),
        rx.vstack(rx.foreach(rows, _course_card), spacing="2", width="100%"),
        display="flex", flex_direction="column", gap="0.5em", width="100%"))


def courses_page() -> rx.Component:
    return page(
        "Upcoming Courses",
        rx.text("Courses listed here are pre-approved for CE credit. Choose the category you want credit in, then "
                "record the hours you earned within 30 days of completing the course; a course leaves this list "
                "30 days after it ends. For anything else, ",
                rx.link("ask the CE committee for approval", href=routes.NEW_REQUEST), "."),
        _filters(),
        rx.cond(CoursesState.claiming == "", notice(CoursesState.error)),  # a claim's refusal shows at its field
        notice(CoursesState.message, color="green", role="status"),
        rx.heading("Education Opportunities", as_="h2", size="5"),
        rx.cond(CoursesState.rows.length() > 0, rx.fragment(
            _group(CoursesState.ended, "Ended: record your hours",
                   "These courses are over; if you took one, record your hours by the date on its card."),
            _group(CoursesState.coming, "Coming up", "Hours can be recorded once a course has ended."),
            _group(CoursesState.recorded, "Already recorded", "")),
            rx.text("No listed course matches.")),
        rx.cond(CoursesState.more, rx.text("More courses match: narrow the search to see them.", size="2")),
    )
