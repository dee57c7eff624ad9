"""Staff: import members' past credits from CSV, preview every problem by line, then commit all or nothing.

The file is kept on the server (a backend var, never sent back to the browser) between the preview and the
commit, and the commit checks it again inside its own unit of work, so what is imported is what was shown.
"""

from __future__ import annotations

import reflex as rx

from ce_tracker import formatting as fmt
from ce_tracker.components.file_picker import file_picker
from ce_tracker.components.layout import TOUCH, field, notice, page, submit_button
from ce_tracker.pages.forms import first_file, text
from ce_tracker.services.record import past_records
from ce_tracker.state.auth import AuthState
from ce_tracker.state.work import Work, acts

UPLOAD_ID = "past_records_upload"
EXAMPLE = ("member_number,category,hours,completed_on,title,provider\n"
           "100123,Art,6,2025-03-14,Watercolour anatomy,City Art School")


class StaffImportState(AuthState):
    lines: list[dict[str, str]] = []
    problems: list[str] = []
    can_commit: bool = False
    message: str = ""
    error: str = ""
    form_key: int = 0
    _csv: str = ""

    def _clear(self) -> None:
        self.lines, self.problems, self.can_commit, self.message, self.error = [], [], False, "", ""

    @rx.event
    @acts
    def load(self, w: Work):
        past_records.require_importer(w.actor)
        self._clear()
        self._csv = ""

    def _preview(self, w: Work) -> None:
        result = w.call(past_records.preview, csv_text=self._csv, now=w.now)
        self.lines = [{"line": str(x.line), "member": f"{x.member_name} ({x.member_number})", "category": x.category,
                       "hours": fmt.hours(x.hours), "date": fmt.day(x.completed_on), "title": x.title,
                       "note": x.note}
                      for x in result.lines[:200]]
        self.problems = list(result.problems[:500])
        self.can_commit = not result.problems
        self.error = "" if self.can_commit else (
            f"{len(result.problems)} problem{'s' if len(result.problems) > 1 else ''}: fix the file and preview it "
            "again. Nothing has been imported.")

    @rx.event
    @acts
    def preview_pasted(self, w: Work, form: dict):
        self._clear()
        self._csv = text(form, "csv_text", past_records.MAX_BYTES + 1)
        self._preview(w)

    @rx.event
    async def upload(self, files: list[rx.UploadFile]):
        self._clear()
        if first_file(files) is None:
            self.error = "Choose a CSV file first."
            return
        data = await files[0].read(past_records.MAX_BYTES + 1)
        try:
            self._csv = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            self.error = "The file is not UTF-8 text. Save it as “CSV UTF-8” and choose it again."
            return rx.clear_selected_files(UPLOAD_ID)
        return [rx.clear_selected_files(UPLOAD_ID), StaffImportState.preview_uploaded]

    @rx.event
    @acts
    def preview_uploaded(self, w: Work):
        self._preview(w)

    @rx.event
    @acts
    def commit(self, w: Work):
        count = w.call(past_records.commit, csv_text=self._csv, now=w.now)
        self._clear()
        self._csv = ""
        self.form_key += 1
        self.message = (f"Imported {count} past credit{'s' if count != 1 else ''}. Each shows as imported in the "
                        "member's record.")


def _preview_view() -> rx.Component:
    return rx.vstack(
        rx.cond(StaffImportState.problems.length() > 0, rx.callout.root(rx.el.ul(
            rx.foreach(StaffImportState.problems, lambda p: rx.el.li(p, overflow_wrap="anywhere")),
            margin="0", padding_left="1.2em"), color_scheme="red", role="alert", width="100%")),
        rx.cond(StaffImportState.lines.length() > 0, rx.vstack(
            rx.heading("Preview", as_="h2", size="5"),
            rx.text(past_records.ACCEPTED_ANYWAY, size="2"),
            rx.foreach(StaffImportState.lines, lambda x: rx.card(rx.vstack(
                rx.text(rx.text.strong("Line ", x["line"], ": ", x["title"])),
                rx.text(x["member"], " · ", x["category"], " · ", x["hours"], " h · ", x["date"], size="2"),
                rx.cond(x["note"] != "", rx.text(x["note"], size="2", color_scheme="gray")),
                spacing="1"), width="100%")),
            spacing="2", width="100%")),
        rx.cond(StaffImportState.can_commit,
                rx.button("Import all ", StaffImportState.lines.length(), " credits", type="button", size="3",
                          min_height=TOUCH, width=["100%", "auto"], on_click=StaffImportState.commit,
                          disabled=~rx.State.is_hydrated)),
        spacing="3", width="100%")


def staff_import_page() -> rx.Component:
    return page(
        "Import past records",
        rx.text("Import members' past CE credits from a CSV file (UTF-8, a header line, one credit per line) with "
                "the columns member_number, category, hours, completed_on (YYYY-MM-DD), title and provider "
                "(may be empty). You see every problem by line first; the import is all or nothing."),
        notice(StaffImportState.message, color="green", role="status"),
        notice(StaffImportState.error),
        *file_picker(UPLOAD_ID, choose="Choose CSV file", hint="or drop it here (at most 2 MB)", button="Preview file",
                     on_upload=StaffImportState.upload),
        rx.form(rx.vstack(
            field("Or paste the CSV", "csv_text",
                  rx.text_area(id="csv_text", name="csv_text", rows="5", width="100%", font_family="monospace",
                               placeholder=EXAMPLE)),
            submit_button("Preview pasted CSV", width=["100%", "auto"]),
            spacing="2", width="100%"), on_submit=StaffImportState.preview_pasted, width="100%",
            key=StaffImportState.form_key),
        _preview_view(),
    )
