"""Staff: the pre-approved course catalog, and adding a course to it (R000-03, R000-06, R000-19).

The service decides that only staff may add courses and checks every field.
"""

from __future__ import annotations

import reflex as rx

from ce_tracker import formatting as fmt
from ce_tracker.components.controls import select_input, text_input
from ce_tracker.components.layout import field, notice, page, submit_button
from ce_tracker.pages.forms import browser_int, text
from ce_tracker.services.approvals.shared import FORMATS
from ce_tracker.services.courses import catalog
from ce_tracker.services.courses.catalog import CourseInput
from ce_tracker.services.errors import DomainError
from ce_tracker.services.programs import store
from ce_tracker.state.auth import AuthState
from ce_tracker.state.work import Work, acts


class StaffCoursesState(AuthState):
    allowed: bool = True
    rows: list[dict[str, str]] = []
    categories: list[dict[str, str]] = []
    error: str = ""
    message: str = ""
    form_key: int = 0

    def _refresh(self, w: Work) -> None:
        courses = w.call(catalog.staff_courses)
        row = store.default_program(w.session)
        categories = store.categories_of(w.session, row.id) if row else []
        names = {c.id: c.name for c in categories}
        self.categories = [{"value": str(c_id), "label": name} for c_id, name in names.items()]
        self.rows = [{"title": c.title, "provider": c.provider, "dates": fmt.format_date_range(c.starts_on, c.ends_on),
                      "category": names.get(c.category_id, ""), "hours": fmt.hours(c.hours),
                      "listed": "Pre-approved" if c.pre_approved else "Approved on request"} for c in courses]

    @rx.event
    @acts
    def load(self, w: Work):
        self.error = self.message = ""
        try:
            self._refresh(w)
            self.allowed = True
        except DomainError as error:
            self.allowed, self.error, self.rows = False, error.message, []

    @rx.event
    @acts
    def add(self, w: Work, form: dict):
        course = CourseInput(title=text(form, "title", 300), provider=text(form, "provider", 300),
                             location=text(form, "location", 300), format=text(form, "format", 40),
                             starts_on=text(form, "starts_on", 10), ends_on=text(form, "ends_on", 10),
                             category_id=browser_int(text(form, "category_id", 12)), hours=text(form, "hours", 20),
                             url=text(form, "url", 600), description=text(form, "description", 4100))
        added = w.call(catalog.create_course, course=course)
        self.error, self.message = "", f"{added.title} is added: Upcoming Courses lists it until 30 days after it ends."
        self.form_key += 1
        self._refresh(w)


def _add_form() -> rx.Component:
    def box(label: str, name: str, **props) -> rx.Component:
        return rx.box(field(label, name, text_input(name, **props)), flex="1 1 14em")

    return rx.card(rx.form(rx.vstack(
        rx.heading("Add a pre-approved course", as_="h2", size="4"),
        rx.flex(box("Title", "title", required=True, max_length=200),
                box("Provider", "provider", required=True, max_length=200),
                box("Location", "location", max_length=200), gap="1em", wrap="wrap", width="100%"),
        rx.flex(box("First day", "starts_on", type="date", required=True),
                box("Last day", "ends_on", type="date", required=True),
                rx.box(field("Format", "format", select_input(
                    "format", [rx.el.option(f.capitalize(), value=f) for f in FORMATS], FORMATS[0])),
                    flex="1 1 14em"),
                gap="1em", wrap="wrap", width="100%"),
        rx.flex(rx.box(field("Category", "category_id", select_input(
                    "category_id", [rx.foreach(StaffCoursesState.categories,
                                               lambda c: rx.el.option(c["label"], value=c["value"]))], "")),
                    flex="1 1 14em"),
                box("Hours", "hours", required=True, input_mode="decimal", max_length=10),
                box("Link", "url", max_length=500, placeholder="https://"), gap="1em", wrap="wrap", width="100%"),
        field("Description", "description", rx.text_area(id="description", name="description", max_length=4000,
                                                         size="3", width="100%")),
        submit_button("Add course", width=["100%", "auto"]),
        spacing="3", width="100%"), on_submit=StaffCoursesState.add, width="100%",
        key="add-" + StaffCoursesState.form_key.to_string()), width="100%")


def staff_courses_page() -> rx.Component:
    return page(
        "Course catalog",
        notice(StaffCoursesState.error),
        notice(StaffCoursesState.message, color="green", role="status"),
        rx.cond(StaffCoursesState.allowed, rx.vstack(
            _add_form(),
            rx.heading("The catalog", as_="h2", size="5"),
            rx.foreach(StaffCoursesState.rows, lambda r: rx.card(rx.flex(
                rx.vstack(rx.text(r["title"], weight="medium"),
                          rx.text(r["provider"], " · ", r["dates"], size="2", color_scheme="gray"), spacing="0"),
                rx.spacer(),
                rx.text(r["category"], " · ", r["hours"], " h · ", r["listed"], size="2", margin_left="auto",
                        class_name="hours"),  # at the right whether or not it wraps under the title
                wrap="wrap", gap="0.5em", width="100%"), width="100%")),
            spacing="3", width="100%")),
    )
