"""The member's approval requests (R000-02 to R000-05, R000-08): the list and one request.

The form that asks for a new approval is ``pages.request_form``.

The pages hold display strings only; the request being shown and the approved
activity live in backend-only vars, and every action goes to
``services.approvals`` (or ``services.claims`` to record the credit) with the
member from the session cookie.
"""

from __future__ import annotations

import reflex as rx

from ce_tracker import formatting as fmt
from ce_tracker import names, routes
from ce_tracker.components.approval_view import (
    AttachmentRow,
    Choice,
    MessageRow,
    RequestDetails,
    RequestRow,
    attachment_links,
    attachment_rows,
    category_choices,
    category_select,
    detail_values,
    details_list,
    line_row,
    message_rows,
    status_badge,
    thread,
)
from ce_tracker.components.controls import text_input
from ce_tracker.components.file_picker import file_picker
from ce_tracker.components.layout import TOUCH, field, notice, page, submit_button
from ce_tracker.config import settings
from ce_tracker.pages.approvals.request_form import ASK_BEFORE
from ce_tracker.pages.forms import browser_int, first_file, text
from ce_tracker.services.approvals import visibility
from ce_tracker.services.approvals.attachments import add_attachment
from ce_tracker.services.approvals.requests import answer_question, my_requests
from ce_tracker.services.courses import claims
from ce_tracker.services.errors import NotFound
from ce_tracker.state.auth import AuthState
from ce_tracker.state.work import Work, acts

UPLOAD_ID = "request_attachment"
MAX_MB = settings.attachment_max_bytes // (1024 * 1024)


# --- My requests ---------------------------------------------------------------------------------

class RequestsState(AuthState):
    rows: list[RequestRow] = []

    @rx.event
    @acts
    def load(self, w: Work):
        lines = w.call(my_requests, now=w.now)
        self.rows = [line_row(line, routes.approval_request(line.request_id)) for line in lines]


def _request_card(row) -> rx.Component:
    return rx.card(rx.vstack(
        rx.hstack(rx.link(row.title, href=row.href, weight="medium", min_height=TOUCH, display="flex",
                          align_items="center", overflow_wrap="anywhere"),
                  rx.spacer(), rx.box(status_badge(row), margin_left="auto"), width="100%", align="center",
                  wrap="wrap"),
        rx.text(row.dates, " · ", row.provider, size="2", color_scheme="gray", overflow_wrap="anywhere"),
        rx.text(row.asked, " · submitted ", row.submitted,
                rx.cond(row.due != "", rx.fragment(" · decision due ", row.due)), size="2"),
        spacing="1", width="100%"), width="100%")


def requests_page() -> rx.Component:
    return page(
        "Approval requests",
        rx.text("Courses, workshops and programs that are not in Upcoming Courses need the CE committee's approval "
                "before CE credit can be issued. Ask with the " + names.ELIGIBILITY_FORM + "; you should receive "
                "the committee's emailed decision within 2 weeks."),
        # The task's plain name, as under More and on the form's page, with the society's name for the form.
        rx.button(rx.link(f"Ask for approval of an activity ({names.ELIGIBILITY_FORM})", href=routes.NEW_REQUEST,
                          underline="none"),
                  as_child=True, size="3", min_height=TOUCH, width=["100%", "auto"], white_space="normal",
                  height="auto", padding_y="0.5em", text_align="center"),
        rx.cond(RequestsState.rows.length() > 0,
                rx.vstack(rx.foreach(RequestsState.rows, _request_card), spacing="2", width="100%"),
                rx.text("You have not asked for approval of any activity yet.")),
    )


# --- One request ---------------------------------------------------------------------------------

class RequestState(AuthState):
    found: bool = True
    title: str = "Approval request"
    values: RequestDetails = RequestDetails()
    messages: list[MessageRow] = []
    files: list[AttachmentRow] = []
    categories: list[Choice] = []
    can_answer: bool = False
    can_attach: bool = False
    can_record: bool = False
    record_category: str = ""
    record_hours: str = ""
    flash: str = ""
    warning: str = ""
    error: str = ""
    form_key: int = 0
    _request_id: int | None = None
    _activity_id: int | None = None

    def _refresh(self, w: Work) -> None:
        view = w.call(visibility.own_request, request_id=self._request_id, now=w.now)
        self.found, self.title = True, view.line.title
        self.values, self.messages, self.files = detail_values(view), message_rows(view), attachment_rows(view)
        self.categories = category_choices(view.categories)
        self.can_answer, self.can_attach, self.can_record = view.can_answer, view.can_attach, view.can_record
        self.record_category = str(view.approved_category_id or "")
        self.record_hours = fmt.hours(view.approved_hours)
        self._activity_id = view.activity_id
        self.form_key += 1

    @rx.event
    @acts
    def load(self, w: Work):
        self._request_id = browser_int(self._path_tail())
        query = self.router.url.query_parameters
        self.error = ""
        sent = "sent" in query or "late" in query
        self.flash = "Sent to the CE committee. You will get its decision by email." if sent else ""
        self.warning = ASK_BEFORE if "late" in query else ""
        try:
            self._refresh(w)
        except NotFound:
            self.found, self.title, self.values, self.messages, self.files = False, "Request not found", {}, [], []

    def _done(self, w: Work, message: str):
        self.error, self.warning, self.flash = "", "", message
        self._refresh(w)

    @rx.event
    @acts
    def answer(self, w: Work, form: dict):
        w.call(answer_question, request_id=self._request_id, answer=text(form, "answer", 2100), now=w.now,
               settings=w.settings)
        self._done(w, "Answer sent. The request is back with the CE committee.")
        w.mail_after()

    @rx.event
    @acts
    async def upload(self, w: Work, files: list[rx.UploadFile]):
        """Read at most the limit (plus one byte to know it is over), never the whole of a huge file."""
        limit = w.settings.attachment_max_bytes
        if first_file(files) is None:
            self.error = "Choose a file to attach."
            return
        file = files[0]
        if file.size is not None and file.size > limit:  # refused before a byte of it is read
            self.error = f"The file is larger than {MAX_MB} MB; attach a smaller one."
            return rx.clear_selected_files(UPLOAD_ID)
        data = await file.read(limit + 1)  # one byte over the limit is enough to refuse it
        with w.attempt() as refused:
            w.call(add_attachment, request_id=self._request_id, filename=file.filename, data=data, now=w.now,
                   max_bytes=limit)
        if refused:
            self.error = refused.message
        else:
            self._done(w, "File attached.")
        return rx.clear_selected_files(UPLOAD_ID)

    @rx.event
    @acts
    def record(self, w: Work, form: dict):
        """Record the approved credit through the claims service (R000-07, R000-08)."""
        w.call(claims.claim_course, activity_id=self._activity_id,
               category_id=browser_int(text(form, "record_category", 12)), hours=text(form, "record_hours", 20),
               now=w.now)
        self._done(w, "Credit recorded. It now counts on your home page.")


def _answer_form() -> rx.Component:
    return rx.cond(RequestState.can_answer, rx.form(rx.vstack(
        field("Your answer", "answer", rx.text_area(id="answer", name="answer", rows="4", width="100%",
                                                    max_length=2000, required=True)),
        submit_button("Send answer", width=["100%", "auto"]), spacing="2", width="100%"),
        on_submit=RequestState.answer, width="100%", key=RequestState.form_key))


def _upload_control() -> rx.Component:
    return rx.cond(RequestState.can_attach, rx.vstack(
        *file_picker(UPLOAD_ID, choose="Choose a file", button="Attach file",
                     hint=f"An agenda or a certificate: PDF, PNG or JPEG, at most {MAX_MB} MB.",
                     on_upload=RequestState.upload,
                     accept={"application/pdf": [".pdf"], "image/png": [".png"], "image/jpeg": [".jpg", ".jpeg"]},
                     max_size=settings.attachment_max_bytes),
        spacing="2", width="100%"))


def _record_form() -> rx.Component:
    return rx.cond(RequestState.can_record, rx.card(rx.form(rx.vstack(
        rx.heading("Record credit", as_="h2", size="5"),
        rx.text("Record the hours you earned by ", RequestState.values.record_by,
                "; after that the credit is forfeited."),
        rx.flex(
            rx.box(field("Category", "record_category",
                         category_select("record_category", RequestState.categories, RequestState.record_category)),
                   flex="1 1 12em"),
            rx.box(field("Hours earned", "record_hours",
                         text_input("record_hours", default_value=RequestState.record_hours, max_length=10,
                                    input_mode="decimal", auto_complete="off", required=True)),
                   flex="1 1 12em"),
            gap="1em", wrap="wrap", width="100%"),
        submit_button("Record credit", width=["100%", "auto"]), spacing="3", width="100%"),
        on_submit=RequestState.record, width="100%", key=RequestState.form_key), width="100%"))


def _record_status() -> rx.Component:
    values = RequestState.values
    return rx.cond(values.claimed != "",
                   rx.callout("Recorded: " + values.claimed + " hours, in your credit record. Home shows how "
                              "they count toward your renewal.",
                              color_scheme="green", role="status", width="100%"),
                   rx.cond((values.status == "Approved") & ~RequestState.can_record & (values.record_by != ""),
                           rx.text("You can record the credit from " + values.record_from + " to "
                                   + values.record_by + ", once the activity is completed.", size="2")))


def _detail() -> rx.Component:
    values = RequestState.values
    return rx.vstack(
        rx.hstack(status_badge(values), rx.cond(values.overdue,
                                                        rx.badge("Overdue", color_scheme="red", high_contrast=True)),
                  spacing="2"),
        rx.cond(RequestState.warning != "", rx.callout(RequestState.warning, color_scheme="amber", role="note",
                                                       width="100%")),
        rx.cond(RequestState.flash != "", rx.callout(RequestState.flash, color_scheme="green", role="status",
                                                     width="100%")),
        notice(RequestState.error),
        rx.cond(values.note != "", rx.callout(
            rx.text(rx.text.strong("The committee: "), values.note, white_space="pre-wrap"),
            color_scheme=values.color, role="note", width="100%")),
        _record_status(),
        _record_form(),
        details_list(values),
        thread(RequestState.messages),
        _answer_form(),
        rx.heading("Files", as_="h2", size="5"),
        attachment_links(RequestState.files),
        _upload_control(),
        rx.link("Back to my requests", href=routes.REQUESTS, min_height=TOUCH, display="flex", align_items="center"),
        spacing="3", width="100%")


def request_page() -> rx.Component:
    return page(RequestState.title, rx.cond(
        RequestState.found, _detail(),
        rx.text("This request is not among yours. ", rx.link("Back to my requests", href=routes.REQUESTS))))
