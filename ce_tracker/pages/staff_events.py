"""Staff: live events. The list with a new-event form, and one event's page:
edit its details and days, import registrations from CSV, follow completion.

Browser input is parsed here only as far as types go (dates, decimals, ids);
every rule about events, registrations and who may touch them is the service's.
The event being shown is kept in a backend-only var, read from the URL on load.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

import reflex as rx

from ce_tracker import formatting as fmt
from ce_tracker.components.layout import TOUCH, field, notice, page, submit_button
from ce_tracker.db import unit_of_work
from ce_tracker.models.types import utcnow
from ce_tracker.pages.forms import browser_int, text, text_input
from ce_tracker.services import event_admin, programs
from ce_tracker.services.errors import DomainError, NotAllowed, NotFound
from ce_tracker.services.event_admin import INCREMENTS, MAX_IMPORT_BYTES, DayForm, EventForm, ImportRejected
from ce_tracker.state.auth import AuthState
from ce_tracker.web import urls

UPLOAD_ID = "registrations_csv"
MAX_DAYS = 60  # lines in the Days box, and days generated from the dates
DEFAULT_MAX = "8"
DATE_HINT = "Enter a date as YYYY-MM-DD."
INCREMENT_OPTIONS = [fmt.format_credits(i) for i in INCREMENTS]  # "0.25", "0.5", "1"
CSV_EXAMPLE = "member_id,day\n100001,2026-11-10\n100001,2026-11-11"
SELECT_STYLE = {
    "min_height": TOUCH, "width": "100%", "padding": "0 0.75em", "font_size": "16px",
    "border": "1px solid var(--gray-a7)", "border_radius": "var(--radius-2)",
    "background_color": "var(--color-surface)", "color": "var(--gray-12)",
}


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


def _parse_event(form: object) -> EventForm | str:
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

    def _load_categories(self) -> None:
        with unit_of_work() as session:
            program = programs.default_program(session)
            rows = programs.categories_of(session, program.id) if program else []
            self.categories = [{"value": str(c.id), "label": c.name} for c in rows]

    @rx.event
    def note_draft(self, name: str, value: str):
        """Remember a date or the per-day maximum as typed, for "Fill in days from the dates"."""
        if self._actor() is None:
            return self._to_login()
        if name in ("start", "end", "max"):
            setattr(self, f"draft_{name}", value[:20] if isinstance(value, str) else "")

    @rx.event
    def fill_days(self):
        """One line per date from the start date to the end date, each with the maximum per day."""
        if self._actor() is None:
            return self._to_login()
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

def _summary_row(e: event_admin.EventSummary) -> dict[str, str]:
    return {"title": e.title, "dates": fmt.format_date_range(e.starts_on, e.ends_on),
            "days": f"{e.day_count} day{'s' if e.day_count != 1 else ''}",
            "registered": str(e.registered_members), "submitted": str(e.submitted),
            "href": urls.staff_event(e.activity_id)}


class StaffEventsState(EventFormState):
    allowed: bool = True
    events: list[dict[str, str]] = []
    error: str = ""
    form_error: str = ""
    form_key: int = 0

    def _refresh(self, actor) -> None:
        try:
            with unit_of_work() as session:
                self.events = [_summary_row(e) for e in event_admin.list_events(session=session, actor=actor)]
            self.allowed = True
        except NotAllowed as error:
            self.allowed, self.events, self.error = False, [], error.message

    @rx.event
    def load(self):
        actor = self._actor()
        if actor is None:
            return self._to_login()
        self.error, self.form_error, self.days_error = "", "", ""
        self.draft_start = self.draft_end = self.days_text = ""
        self.draft_max = DEFAULT_MAX
        self.form_key += 1
        self.days_key += 1
        self._load_categories()
        self._refresh(actor)

    @rx.event
    def create(self, form: dict):
        actor = self._actor()
        if actor is None:
            return self._to_login()
        parsed = _parse_event(form)
        if isinstance(parsed, str):
            self.form_error = parsed
            return
        try:
            with unit_of_work() as session:
                activity = event_admin.create_event(session=session, actor=actor, form=parsed, now=utcnow())
                activity_id = activity.id
        except DomainError as error:
            self.form_error = error.message
            return
        self.form_error = ""
        return rx.redirect(f"{urls.staff_event(activity_id)}?created=1")


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


def _select(control_id: str, options, default_value, **props) -> rx.Component:
    return rx.el.select(*options, id=control_id, name=control_id, default_value=default_value, **SELECT_STYLE,
                        **props)


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
                         _select("increment", [rx.el.option(v, value=v) for v in INCREMENT_OPTIONS],
                                 values["increment"])), flex="1 1 12em"),
            rx.box(field("Maximum credits per day", "default_max",
                         text_input("default_max", max_length=10, input_mode="decimal",
                                    default_value=values["default_max"],
                                    on_blur=lambda value: state.note_draft("max", value))),
                   flex="1 1 12em"),
            gap="1em", wrap="wrap", width="100%",
        ),
        field("Credit category", "category",
              _select("category", [rx.el.option("None (CME only)", value=""),
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

def _form_values(form: EventForm) -> dict[str, str]:
    maxima = [d.max_credits for d in form.days]
    return {"title": form.title, "provider": form.provider, "location": form.location,
            "starts_on": form.starts_on.isoformat(), "ends_on": form.ends_on.isoformat(),
            "increment": fmt.format_credits(form.increment),
            "default_max": fmt.format_credits(max(set(maxima), key=maxima.count)) if maxima else DEFAULT_MAX,
            "category": str(form.category_id) if form.category_id is not None else "",
            "designation": form.designation}


def _completion_row(r: event_admin.CompletionRow) -> dict[str, str]:
    return {"name": r.full_name, "number": r.member_number,
            "saved": f"{r.saved_days} of {r.registered_days}",
            "complete": "1" if r.saved_days >= r.registered_days else "",
            "submitted": f"{fmt.hours(r.submitted_total)} credits" if r.submitted_total is not None else "",
            }


class StaffEventState(EventFormState):
    found: bool = True
    allowed: bool = True
    title: str = "Event"
    dates: str = ""
    values: dict[str, str] = {}
    form_key: int = 0
    error: str = ""
    message: str = ""
    form_error: str = ""
    form_message: str = ""
    paste_key: int = 0
    import_message: str = ""
    import_error: str = ""
    import_problems: list[dict[str, str]] = []
    counts: dict[str, str] = {}
    rows: list[dict[str, str]] = []
    _activity_id: int | None = None

    def _refresh(self, actor) -> None:
        """Reload the form and the completion from the database (raises NotFound / NotAllowed)."""
        with unit_of_work() as session:
            form = event_admin.event_form(session=session, actor=actor, activity_id=self._activity_id)
            completion = event_admin.event_completion(session=session, actor=actor,
                                                      activity_id=self._activity_id, now=utcnow())
        self.found = self.allowed = True
        self.title = form.title
        self.dates = fmt.format_date_range(form.starts_on, form.ends_on)
        self.values = _form_values(form)
        self.draft_start, self.draft_end = self.values["starts_on"], self.values["ends_on"]
        self.draft_max = self.values["default_max"]
        self.days_text = "\n".join(f"{d.day.isoformat()} {fmt.format_credits(d.max_credits)}" for d in form.days)
        self.form_key += 1
        self.days_key += 1
        self.counts = {"registered": str(completion.registered), "saved": str(completion.saved_every_day),
                       "submitted": str(completion.submitted)}
        self.rows = [_completion_row(r) for r in completion.rows]

    def _refresh_completion(self, actor) -> None:
        with unit_of_work() as session:
            completion = event_admin.event_completion(session=session, actor=actor,
                                                      activity_id=self._activity_id, now=utcnow())
        self.counts = {"registered": str(completion.registered), "saved": str(completion.saved_every_day),
                       "submitted": str(completion.submitted)}
        self.rows = [_completion_row(r) for r in completion.rows]

    @rx.event
    def load(self):
        actor = self._actor()
        if actor is None:
            return self._to_login()
        self._activity_id = browser_int(self._path_tail())
        self.error = self.form_error = self.form_message = self.days_error = ""
        self.import_message = self.import_error = ""
        self.import_problems = []
        created = "created" in self.router.url.query_parameters
        self.message = "Event created. Import its registrations below." if created else ""
        self._load_categories()
        try:
            self._refresh(actor)
        except NotFound as error:
            self.found, self.title, self.error, self.rows = False, "Event not found", error.message, []
        except NotAllowed as error:
            self.allowed, self.title, self.error, self.rows = False, "Event", error.message, []

    @rx.event
    def save(self, form: dict):
        actor = self._actor()
        if actor is None:
            return self._to_login()
        self.message = self.form_message = ""
        parsed = _parse_event(form)
        if isinstance(parsed, str):
            self.form_error = parsed
            return
        try:
            with unit_of_work() as session:
                event_admin.update_event(session=session, actor=actor, activity_id=self._activity_id,
                                         form=parsed, now=utcnow())
        except DomainError as error:
            self.form_error = error.message
            return
        self.form_error, self.form_message = "", "Changes saved."
        self._refresh(actor)

    def _import(self, actor, csv_text: str) -> None:
        """The shared end of both import paths: the service imports all rows or none."""
        self.message = self.form_message = ""
        self.import_message, self.import_error, self.import_problems = "", "", []
        try:
            with unit_of_work() as session:
                report = event_admin.import_registrations(session=session, actor=actor,
                                                          activity_id=self._activity_id, csv_text=csv_text,
                                                          now=utcnow())
        except ImportRejected as error:
            self.import_error = error.message
            self.import_problems = [{"line": str(line), "message": message} for line, message in error.problems]
            return
        except DomainError as error:
            self.import_error = error.message
            return
        self.import_message = (f"Imported: {report.added} registration{'s' if report.added != 1 else ''} added, "
                               f"{report.already_registered} already registered "
                               f"({report.members} member{'s' if report.members != 1 else ''} in the file).")
        self.paste_key += 1  # empty the paste box: the same text once more would add nothing
        self._refresh_completion(actor)

    @rx.event
    def import_paste(self, form: dict):
        actor = self._actor()
        if actor is None:
            return self._to_login()
        csv_text = text(form, "csv_text", MAX_IMPORT_BYTES + 1)
        if not csv_text.strip():
            self.import_message, self.import_problems = "", []
            self.import_error = "Paste the CSV text first, header row included."
            return
        self._import(actor, csv_text)

    @rx.event
    async def import_upload(self, files: list[rx.UploadFile]):
        actor = self._actor()
        if actor is None:
            return self._to_login()
        if not files:
            self.import_message, self.import_problems = "", []
            self.import_error = "Choose a CSV file first."
            return
        data = await files[0].read()
        if len(data) > MAX_IMPORT_BYTES:
            self.import_message, self.import_problems = "", []
            self.import_error = "The file is larger than 2 MB; split it into smaller files."
            return rx.clear_selected_files(UPLOAD_ID)
        try:
            csv_text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            self.import_message, self.import_problems = "", []
            self.import_error = "The file is not UTF-8 text. Save it as “CSV UTF-8” and choose it again."
            return rx.clear_selected_files(UPLOAD_ID)
        self._import(actor, csv_text)
        return rx.clear_selected_files(UPLOAD_ID)


def _edit_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            event_fields(StaffEventState, StaffEventState.values),
            notice(StaffEventState.form_error),
            submit_button("Save changes", width=["100%", "auto"]),
            rx.cond(StaffEventState.form_message != "",
                    rx.callout(StaffEventState.form_message, color_scheme="green", role="status", width="100%")),
            spacing="3", width="100%",
        ),
        on_submit=StaffEventState.save, width="100%", key=StaffEventState.form_key,
    )


def _import_result() -> rx.Component:
    return rx.vstack(
        rx.cond(StaffEventState.import_message != "",
                rx.callout(StaffEventState.import_message, color_scheme="green", role="status", width="100%")),
        rx.cond(StaffEventState.import_error != "", rx.callout.root(
            rx.vstack(
                rx.text(StaffEventState.import_error, weight="medium"),
                rx.cond(StaffEventState.import_problems.length() > 0, rx.el.ul(
                    rx.foreach(StaffEventState.import_problems,
                               lambda p: rx.el.li(rx.text.strong("Line ", p["line"], ": "), p["message"],
                                                  overflow_wrap="anywhere")),
                    margin="0", padding_left="1.2em")),
                spacing="1"),
            color_scheme="red", role="alert", width="100%")),
        width="100%", spacing="2",
    )


def _import_section() -> rx.Component:
    chosen = rx.selected_files(UPLOAD_ID)
    return rx.vstack(
        rx.heading("Import registrations (CSV)", as_="h2", size="5"),
        rx.text("A CSV file with a header row and the columns member_id (or Member ID) and day (or Date, as "
                "YYYY-MM-DD or MM/DD/YYYY), one row per member and day. Members see their days at once. If any "
                "row has a problem, nothing is imported.", size="2"),
        # The label names react-dropzone's file input (it takes no props of ours) for screen readers.
        rx.el.label(rx.upload(
            rx.vstack(
                rx.hstack(rx.icon("upload", aria_hidden="true"), rx.text("Choose CSV file", weight="medium"),
                          align="center", min_height=TOUCH),
                rx.text("or drop it here (at most 2 MB)", size="2", color_scheme="gray"),
                align="center", spacing="1",
            ),
            id=UPLOAD_ID, accept={"text/csv": [".csv"]}, max_size=MAX_IMPORT_BYTES, multiple=False,
            max_files=1, border="1px dashed var(--gray-a8)", border_radius="var(--radius-3)",
            padding="1em", width="100%", cursor="pointer",
        ), width="100%", display="block"),
        rx.cond(chosen.length() > 0,
                rx.text("Chosen: ", rx.foreach(chosen, lambda name: rx.text.strong(name)), size="2",
                        overflow_wrap="anywhere")),
        rx.button("Import file", type="button", size="3", min_height=TOUCH, width=["100%", "auto"],
                  disabled=chosen.length() == 0,
                  on_click=StaffEventState.import_upload(rx.upload_files(upload_id=UPLOAD_ID))),
        rx.form(
            rx.vstack(
                field("Paste CSV", "csv_text",
                      rx.text_area(id="csv_text", name="csv_text", rows="5", width="100%", font_family="monospace",
                                   placeholder=CSV_EXAMPLE),
                      "Or paste the file's text here, header row included."),
                submit_button("Import pasted CSV", width=["100%", "auto"]),
                spacing="2", width="100%",
            ),
            on_submit=StaffEventState.import_paste, width="100%", key=StaffEventState.paste_key,
        ),
        _import_result(),
        spacing="3", width="100%",
    )


def _count(label: str, value) -> rx.Component:
    return rx.vstack(rx.text(label, size="1", color_scheme="gray"), rx.text(value, size="5", weight="bold"),
                     spacing="0")


def _submitted_cell(row) -> rx.Component:
    return rx.cond(row["submitted"] != "", rx.text(row["submitted"], weight="medium"),
                   rx.text("Not submitted", color_scheme="gray"))


def _completion_section() -> rx.Component:
    table = rx.table.root(
        rx.table.header(rx.table.row(rx.table.column_header_cell("Member"),
                                     rx.table.column_header_cell("Member ID"),
                                     rx.table.column_header_cell("Days saved"),
                                     rx.table.column_header_cell("Submitted"))),
        rx.table.body(rx.foreach(StaffEventState.rows, lambda row: rx.table.row(
            rx.table.row_header_cell(row["name"]), rx.table.cell(row["number"]),
            rx.table.cell(row["saved"]), rx.table.cell(_submitted_cell(row))))),
        width="100%", display=["none", "none", "table"],
    )
    cards = rx.vstack(
        rx.foreach(StaffEventState.rows, lambda row: rx.card(rx.vstack(
            rx.text(row["name"], weight="medium"),
            rx.text("Member ID ", row["number"], " · ", row["saved"], " days saved", size="2"),
            _submitted_cell(row),
            spacing="1", width="100%"), width="100%")),
        width="100%", spacing="2", display=["flex", "flex", "none"],
    )
    return rx.vstack(
        rx.heading("Completion", as_="h2", size="5"),
        rx.flex(_count("Registered", StaffEventState.counts["registered"]),
                _count("Saved every day", StaffEventState.counts["saved"]),
                _count("Submitted", StaffEventState.counts["submitted"]),
                gap="2em", wrap="wrap"),
        rx.cond(StaffEventState.rows.length() > 0, rx.fragment(table, cards),
                rx.text("No one is registered yet.")),
        spacing="3", width="100%",
    )


def _event_body() -> rx.Component:
    return rx.vstack(
        rx.text(StaffEventState.dates, color_scheme="gray"),
        rx.cond(StaffEventState.message != "",
                rx.callout(StaffEventState.message, color_scheme="green", role="status", width="100%")),
        rx.heading("Event details", as_="h2", size="5"),
        _edit_form(),
        rx.divider(),
        _import_section(),
        rx.divider(),
        _completion_section(),
        rx.link("Back to events", href=urls.STAFF_EVENTS, min_height=TOUCH, display="flex", align_items="center"),
        spacing="4", width="100%",
    )


def staff_event_page() -> rx.Component:
    return page(
        StaffEventState.title,
        rx.cond(StaffEventState.found & StaffEventState.allowed, _event_body(),
                rx.vstack(notice(StaffEventState.error),
                          rx.link("Back to events", href=urls.STAFF_EVENTS, min_height=TOUCH, display="flex",
                                  align_items="center"), width="100%")),
    )
