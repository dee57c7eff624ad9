"""Staff: one event's page. Edit its details and days, import registrations from CSV, follow completion.

The event being shown is kept in a backend-only var, read from the URL on load.
"""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from ce_tracker import formatting as fmt
from ce_tracker import routes
from ce_tracker.components import wording
from ce_tracker.components.file_picker import file_picker
from ce_tracker.components.layout import TOUCH, field, notice, page, submit_button
from ce_tracker.pages.events.staff_event_form import DEFAULT_MAX, EventFormState, event_fields, parse_event
from ce_tracker.pages.events.staff_event_sessions import save_designations, session_rows, sessions_section
from ce_tracker.pages.forms import browser_int, first_file, read_upload, text
from ce_tracker.services.errors import NotAllowed, NotFound
from ce_tracker.services.events import admin, designated_sessions
from ce_tracker.services.events.admin import EventForm
from ce_tracker.services.events.completion import CompletionRow, event_completion
from ce_tracker.services.events.registration_import import (
    MAX_IMPORT_BYTES,
    ImportRejected,
    import_registrations,
    too_large_message,
)
from ce_tracker.state.work import Work, acts

UPLOAD_ID = "registrations_csv"
CSV_EXAMPLE = "member_id,day\n100001,2026-11-10\n100001,2026-11-11"


def _form_values(form: EventForm) -> dict[str, str]:
    maxima = [d.max_credits for d in form.days]
    return {"title": form.title, "provider": form.provider, "location": form.location,
            "starts_on": form.starts_on.isoformat(), "ends_on": form.ends_on.isoformat(),
            "increment": fmt.format_credits(form.increment),
            "default_max": fmt.format_credits(max(set(maxima), key=maxima.count)) if maxima else DEFAULT_MAX,
            "category": str(form.category_id) if form.category_id is not None else "",
            "designation": form.designation}


@dataclass(frozen=True)
class AttendeeRow:
    """One registered member's progress on the event, in words."""

    name: str
    number: str
    saved: str  # "2 of 3" days saved
    complete: bool  # every registered day saved
    submitted: str  # "14 credits" once submitted, else ""


def _completion_row(r: CompletionRow) -> AttendeeRow:
    return AttendeeRow(r.full_name, r.member_number, f"{r.saved_days} of {r.registered_days}",
                       r.saved_days >= r.registered_days,
                       f"{fmt.hours(r.submitted_total)} credits" if r.submitted_total is not None else "")


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
    rows: list[AttendeeRow] = []
    session_days: list[dict[str, str]] = []
    sessions_locked: bool = False
    sessions_error: str = ""
    sessions_message: str = ""
    sessions_key: int = 0
    _activity_id: int | None = None

    def _refresh(self, w: Work) -> None:
        """Reload the form and the completion from the database (raises NotFound / NotAllowed)."""
        form = w.call(admin.event_form, activity_id=self._activity_id)
        completion = w.call(event_completion, activity_id=self._activity_id, now=w.now)
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
        self._refresh_sessions(w)

    def _refresh_sessions(self, w: Work) -> None:
        view = w.call(designated_sessions.designations, activity_id=self._activity_id)
        self.session_days, self.sessions_locked = session_rows(view), view.locked
        self.sessions_key += 1

    def _refresh_completion(self, w: Work) -> None:
        completion = w.call(event_completion, activity_id=self._activity_id, now=w.now)
        self.counts = {"registered": str(completion.registered), "saved": str(completion.saved_every_day),
                       "submitted": str(completion.submitted)}
        self.rows = [_completion_row(r) for r in completion.rows]

    @rx.event
    @acts
    def load(self, w: Work):
        self._activity_id = browser_int(self._path_tail())
        self.error = self.form_error = self.form_message = self.days_error = ""
        self.import_message = self.import_error = ""
        self.import_problems = []
        self.sessions_error = self.sessions_message = ""
        created = "created" in self.router.url.query_parameters
        self.message = "Event created. Import its registrations below." if created else ""
        self._load_categories(w)
        try:
            self._refresh(w)
        except NotFound as error:
            self.found, self.title, self.error, self.rows = False, "Event not found", error.message, []
        except NotAllowed as error:
            self.allowed, self.title, self.error, self.rows = False, "Event", error.message, []

    @rx.event
    @acts(error="form_error")
    def save(self, w: Work, form: dict):
        self.message = self.form_message = ""
        parsed = parse_event(form)
        w.call(admin.update_event, activity_id=self._activity_id, form=parsed, now=w.now)
        self.form_error, self.form_message = "", "Changes saved."
        self._refresh(w)

    @rx.event
    @acts(error="sessions_error")
    def save_sessions(self, w: Work, form: dict):
        """Designate the event's days: every day's choice in one unit of work."""
        self.message = self.form_message = self.sessions_message = ""
        self.sessions_error = save_designations(w, self.session_days, form)
        if not self.sessions_error:
            self.sessions_message = "Designated sessions saved."
            self._refresh_sessions(w)

    def _import(self, w: Work, csv_text: str) -> None:
        """The shared end of both import paths: the service imports all rows or none."""
        self.message = self.form_message = ""
        self.import_message, self.import_error, self.import_problems = "", "", []
        with w.attempt() as refused:
            report = w.call(import_registrations, activity_id=self._activity_id, csv_text=csv_text, now=w.now)
        if refused:
            self.import_error = refused.message
            if isinstance(refused.error, ImportRejected):
                self.import_problems = [{"line": str(line), "message": message}
                                        for line, message in refused.error.problems]
            return
        self.import_message = (f"Imported: {wording.count(report.added, 'registration')} added, "
                               f"{report.already_registered} already registered "
                               f"({wording.count(report.members, 'member')} in the file).")
        self.paste_key += 1  # empty the paste box: the same text once more would add nothing
        self._refresh_completion(w)

    @rx.event
    @acts(error="import_error")
    def import_paste(self, w: Work, form: dict):
        csv_text = text(form, "csv_text", MAX_IMPORT_BYTES + 1)
        if not csv_text.strip():
            self.import_message, self.import_problems = "", []
            self.import_error = "Paste the CSV text first, header row included."
            return
        self._import(w, csv_text)

    @rx.event
    @acts(error="import_error")
    async def import_upload(self, w: Work, files: list[rx.UploadFile]):
        if first_file(files) is None:
            self.import_message, self.import_problems = "", []
            self.import_error = "Choose a CSV file first."
            return
        data = await read_upload(files[0], MAX_IMPORT_BYTES)
        if data is None:
            self.import_message, self.import_problems = "", []
            self.import_error = too_large_message()
            return rx.clear_selected_files(UPLOAD_ID)
        try:
            csv_text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            self.import_message, self.import_problems = "", []
            self.import_error = "The file is not UTF-8 text. Save it as “CSV UTF-8” and choose it again."
            return rx.clear_selected_files(UPLOAD_ID)
        self._import(w, csv_text)
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
    return rx.vstack(
        rx.heading("Import registrations (CSV)", as_="h2", size="5"),
        rx.text("A CSV file with a header row and the columns member_id (or Member ID) and day (or Date, as "
                "YYYY-MM-DD or MM/DD/YYYY), one row per member and day. Members see their days at once. If any "
                "row has a problem, nothing is imported.", size="2"),
        *file_picker(UPLOAD_ID, choose="Choose CSV file", button="Import file",
                     hint=f"or drop it here (at most {MAX_IMPORT_BYTES / 2**20:g} MB)", on_upload=StaffEventState.import_upload, accept={"text/csv": [".csv"]},
                     max_size=MAX_IMPORT_BYTES),
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
    return rx.cond(row.submitted != "", rx.text(row.submitted, weight="medium"),
                   rx.text("Not submitted", color_scheme="gray"))


def _completion_section() -> rx.Component:
    table = rx.table.root(
        rx.table.header(rx.table.row(rx.table.column_header_cell("Member"),
                                     rx.table.column_header_cell("Member ID"),
                                     rx.table.column_header_cell("Days saved"),
                                     rx.table.column_header_cell("Submitted"))),
        rx.table.body(rx.foreach(StaffEventState.rows, lambda row: rx.table.row(
            rx.table.row_header_cell(row.name), rx.table.cell(row.number),
            rx.table.cell(row.saved), rx.table.cell(_submitted_cell(row))))),
        width="100%", display=["none", "none", "table"],
    )
    cards = rx.vstack(
        rx.foreach(StaffEventState.rows, lambda row: rx.card(rx.vstack(
            rx.text(row.name, weight="medium"),
            rx.text("Member ID ", row.number, " · ", row.saved, " days saved", size="2"),
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
        sessions_section(StaffEventState),
        rx.divider(),
        _import_section(),
        rx.divider(),
        _completion_section(),
        rx.link("Back to events", href=routes.STAFF_EVENTS, min_height=TOUCH, display="flex", align_items="center"),
        spacing="4", width="100%",
    )


def staff_event_page() -> rx.Component:
    return page(
        StaffEventState.title,
        rx.cond(StaffEventState.found & StaffEventState.allowed, _event_body(),
                rx.vstack(notice(StaffEventState.error),
                          rx.link("Back to events", href=routes.STAFF_EVENTS, min_height=TOUCH, display="flex",
                                  align_items="center"), width="100%")),
    )
