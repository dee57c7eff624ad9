"""The member's approval requests (R000-02 to R000-05, R000-08): the list, the form, and one request.

The pages hold display strings only; the request being shown and the approved
activity live in backend-only vars, and every action goes to
``services.approvals`` (or ``services.claims`` to record the credit) with the
member from the session cookie.
"""

from __future__ import annotations

from datetime import date

import reflex as rx

from ce_tracker import formatting as fmt
from ce_tracker import names
from ce_tracker.components.layout import TOUCH, field, notice, page, submit_button
from ce_tracker.config import settings
from ce_tracker.db import unit_of_work
from ce_tracker.models import MessageKind
from ce_tracker.clock import utcnow
from ce_tracker.pages.forms import browser_int, select_input, text, text_input
from ce_tracker.tasks import deliver_mail_soon
from ce_tracker.services import approvals, claims
from ce_tracker.services.approvals import FORMATS, RequestLine, RequestView
from ce_tracker.services.errors import DomainError, NotFound
from ce_tracker.state.auth import AuthState
from ce_tracker.web import urls

UPLOAD_ID = "request_attachment"
STATUS = {"pending": "Waiting for the committee", "returned": "Question for you", "approved": "Approved",
          "declined": "Not approved"}
STATUS_COLOR = {"pending": "gray", "returned": "amber", "approved": "green", "declined": "red"}
MAX_MB = settings.attachment_max_bytes // (1024 * 1024)


# --- Display rows (shared with the committee's pages) --------------------------------------------

def line_row(line: RequestLine, href: str) -> dict[str, str]:
    status = line.status.value
    return {"id": str(line.request_id), "title": line.title, "provider": line.provider,
            "dates": fmt.format_date_range(line.starts_on, line.ends_on),
            "asked": f"{fmt.hours(line.hours)} {line.category} hours", "status": STATUS[status],
            "color": STATUS_COLOR[status], "submitted": fmt.day(line.submitted_on),
            "due": fmt.day(line.due_on) if status == "pending" else "", "overdue": "1" if line.overdue else "",
            "member": line.member_name, "own": "1" if line.own else "", "href": href}


def detail_values(view: RequestView) -> dict[str, str]:
    line = view.line
    approved = (f"{fmt.hours(view.approved_hours)} {view.approved_category} hours"
                if view.approved_hours is not None else "")
    return {**line_row(line, ""), "format": view.format.capitalize(), "description": view.description,
            "url": view.url, "note": view.decision_note, "decided": fmt.day(view.decided_on), "approved": approved,
            "claimed": fmt.hours(view.claimed_hours), "record_from": fmt.day(view.record_from),
            "record_by": fmt.day(view.record_by)}


def message_rows(view: RequestView) -> list[dict[str, str]]:
    return [{"who": m.author, "kind": "Question" if m.kind is MessageKind.QUESTION else "Answer", "body": m.body,
             "at": fmt.day(m.at.date())} for m in view.messages]


def attachment_rows(view: RequestView) -> list[dict[str, str]]:
    return [{"name": a.filename, "href": urls.attachment(a.attachment_id),
             "size": f"{max(1, a.size // 1024)} KB"} for a in view.attachments]


def status_badge(row) -> rx.Component:
    return rx.badge(row["status"], color_scheme=row["color"], size="2", high_contrast=True)


def details_list(values) -> rx.Component:
    """The request's facts as a description list."""
    def item(label: str, value) -> rx.Component:
        return rx.cond(value != "", rx.hstack(rx.el.dt(label, font_weight="500", min_width="9em"),
                                             rx.el.dd(value, margin="0", overflow_wrap="anywhere"),
                                             wrap="wrap", spacing="2", width="100%"))
    return rx.el.dl(
        item("Provider", values["provider"]), item("Dates", values["dates"]), item("Format", values["format"]),
        item("Asked for", values["asked"]), item("Submitted", values["submitted"]),
        item("Committee decides by", values["due"]), item("Approved for", values["approved"]),
        item("Decided", values["decided"]),
        rx.cond(values["url"] != "", rx.hstack(
            rx.el.dt("Link", font_weight="500", min_width="9em"),
            rx.el.dd(rx.link(values["url"], href=values["url"], is_external=True, rel="noopener noreferrer nofollow",
                             min_height=TOUCH, display="inline-flex", align_items="center"),
                     margin="0", overflow_wrap="anywhere"), wrap="wrap", spacing="2", width="100%", align="center")),
        item("Description", values["description"]),
        display="flex", flex_direction="column", gap="0.5em", width="100%", margin="0",
    )


def thread(messages) -> rx.Component:
    return rx.cond(messages.length() > 0, rx.vstack(
        rx.heading("Questions and answers", as_="h2", size="5"),
        rx.foreach(messages, lambda m: rx.card(rx.vstack(
            rx.text(rx.text.strong(m["kind"]), " · ", m["who"], " · ", m["at"], size="2", color_scheme="gray"),
            rx.text(m["body"], white_space="pre-wrap", overflow_wrap="anywhere"), spacing="1"), width="100%")),
        spacing="2", width="100%"))


def attachment_links(files) -> rx.Component:
    return rx.cond(files.length() > 0, rx.el.ul(
        rx.foreach(files, lambda a: rx.el.li(rx.el.a(
            rx.icon("paperclip", aria_hidden="true", size=16), a["name"], " (", a["size"], ")",
            href=a["href"], download="", class_name="download-link", overflow_wrap="anywhere"))),
        list_style="none", padding="0", margin="0", display="flex", flex_direction="column", gap="0.5em"),
        rx.text("No files attached.", size="2", color_scheme="gray"))


def category_select(control_id: str, categories, default_value) -> rx.Component:
    return select_input(control_id, [rx.foreach(categories, lambda c: rx.el.option(c["label"], value=c["value"]))],
                   default_value)


# --- My requests ---------------------------------------------------------------------------------

class RequestsState(AuthState):
    rows: list[dict[str, str]] = []

    @rx.event
    def load(self):
        actor = self._actor()
        if actor is None:
            return self._to_login()
        with unit_of_work() as session:
            lines = approvals.my_requests(session=session, actor=actor, now=utcnow())
        self.rows = [line_row(line, urls.approval_request(line.request_id)) for line in lines]


def _request_card(row) -> rx.Component:
    return rx.card(rx.vstack(
        rx.hstack(rx.link(row["title"], href=row["href"], weight="medium", min_height=TOUCH, display="flex",
                          align_items="center", overflow_wrap="anywhere"),
                  rx.spacer(), status_badge(row), width="100%", align="center", wrap="wrap"),
        rx.text(row["dates"], " · ", row["provider"], size="2", color_scheme="gray", overflow_wrap="anywhere"),
        rx.text(row["asked"], " · submitted ", row["submitted"],
                rx.cond(row["due"] != "", rx.fragment(" · decision due ", row["due"])), size="2"),
        spacing="1", width="100%"), width="100%")


def requests_page() -> rx.Component:
    return page(
        "Approval requests",
        rx.text("Courses, workshops and programs that are not in Upcoming Courses need the CE committee's approval "
                "before CE credit can be issued. Ask with the " + names.ELIGIBILITY_FORM + "; you should receive "
                "the committee's emailed decision within 2 weeks."),
        rx.button(rx.link(names.ELIGIBILITY_FORM, href=urls.NEW_REQUEST, underline="none"),
                  as_child=True, size="3", min_height=TOUCH, width=["100%", "auto"]),
        rx.cond(RequestsState.rows.length() > 0,
                rx.vstack(rx.foreach(RequestsState.rows, _request_card), spacing="2", width="100%"),
                rx.text("You have not asked for approval of any activity yet.")),
    )


# --- The form ------------------------------------------------------------------------------------

def _iso(value: str) -> date | None:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        return None


class NewRequestState(AuthState):
    categories: list[dict[str, str]] = []
    error: str = ""
    end_warning: str = ""  # shown as soon as the last day typed lies in the past
    end_refused: bool = False
    form_key: int = 0
    _today: str = ""
    _earliest_end: str = ""

    @rx.event
    def load(self):
        actor = self._actor()
        if actor is None:
            return self._to_login()
        self.error, self.end_warning, self.end_refused = "", "", False
        self.form_key += 1
        try:
            with unit_of_work() as session:
                choices = approvals.request_form(session=session, actor=actor, now=utcnow())
        except DomainError as error:
            self.error, self.categories = error.message, []
            return
        self.categories = [{"value": str(i), "label": name} for i, name in choices.categories]
        self._today, self._earliest_end = choices.today.isoformat(), choices.earliest_end.isoformat()

    @rx.event
    def note_end(self, value: str):
        """The live warning: after the activity, or too late to ask at all (R000-05)."""
        ends_on = _iso(value[:20]) if isinstance(value, str) else None
        today, earliest = _iso(self._today), _iso(self._earliest_end)
        self.end_refused = bool(ends_on and earliest and ends_on < earliest)
        if ends_on is None or today is None or ends_on >= today:
            self.end_warning = ""
        elif self.end_refused:
            self.end_warning = (f"This activity ended more than 30 days ago. {approvals.TOO_LATE}")
        else:
            self.end_warning = ("This activity has already ended. You may still ask up to 30 days after it ends, "
                                "but requests should be made before the activity.")

    @rx.event
    def submit(self, form: dict):
        actor = self._actor()
        if actor is None:
            return self._to_login()
        try:
            with unit_of_work() as session:
                submitted = approvals.submit_request(
                    session=session, actor=actor, title=text(form, "title", 300), provider=text(form, "provider", 300),
                    starts_on=text(form, "starts_on", 20), ends_on=text(form, "ends_on", 20),
                    format=text(form, "format", 40), category_id=browser_int(text(form, "category_id", 12)),
                    hours=text(form, "hours", 20), description=text(form, "description", 4100),
                    url=text(form, "url", 600), now=utcnow(), settings=settings)
                request_id, late = submitted.request.id, submitted.after_activity
        except DomainError as error:
            self.error = error.message
            return
        deliver_mail_soon()
        return rx.redirect(f"{urls.approval_request(request_id)}?{'late' if late else 'sent'}=1")


def _form_fields() -> rx.Component:
    return rx.vstack(
        field("Activity title", "title", text_input("title", required=True, max_length=200)),
        field("Provider", "provider", text_input("provider", required=True, max_length=200),
              "Who gives it: a school, museum, society or online platform."),
        rx.flex(
            rx.box(field("First day", "starts_on", text_input("starts_on", type="date", required=True)),
                   flex="1 1 12em"),
            rx.box(field("Last day", "ends_on", text_input("ends_on", type="date", required=True,
                                                           on_change=NewRequestState.note_end)), flex="1 1 12em"),
            gap="1em", wrap="wrap", width="100%"),
        rx.cond(NewRequestState.end_warning != "",
                rx.callout(NewRequestState.end_warning, color_scheme=rx.cond(NewRequestState.end_refused, "red",
                                                                             "amber"),
                           role="status", width="100%")),
        field("Format", "format", select_input("format", [rx.el.option(f.capitalize(), value=f) for f in FORMATS],
                                          FORMATS[0])),
        rx.flex(
            rx.box(field("Category asked for", "category_id",
                         category_select("category_id", NewRequestState.categories, "")), flex="1 1 12em"),
            rx.box(field("Hours", "hours", text_input("hours", required=True, max_length=10, input_mode="decimal",
                                                      auto_complete="off"),
                         "Contact hours, in quarter hours (such as 6 or 7.25)."), flex="1 1 12em"),
            gap="1em", wrap="wrap", width="100%"),
        field("Link", "url", text_input("url", type="url", max_length=500, placeholder="https://"),
              "The activity's web page, if it has one."),
        field("Description", "description",
              rx.text_area(id="description", name="description", rows="5", width="100%", max_length=4000),
              "What is taught and why it matters to medical illustration. You can attach an agenda or a "
              "certificate after sending the request."),
        spacing="3", width="100%")


def new_request_page() -> rx.Component:
    return page(
        names.ELIGIBILITY_FORM,
        rx.callout(approvals.ASK_BEFORE + " You may still submit this form up to 30 days after the activity is "
                   "completed; " + approvals.TOO_LATE[0].lower() + approvals.TOO_LATE[1:], color_scheme="blue",
                   role="note", width="100%"),
        rx.text("The form goes to the CE committee (not headquarters) for review; you should receive its emailed "
                "approval or non-approval within 2 weeks. If it is approved, you record your hours on the "
                "request's page once the activity is completed."),
        notice(NewRequestState.error),
        rx.form(rx.vstack(_form_fields(), notice(NewRequestState.error),
                          submit_button("Send to the CE committee", width=["100%", "auto"]),
                          spacing="3", width="100%"),
                on_submit=NewRequestState.submit, width="100%", key=NewRequestState.form_key),
        rx.link("Back to my requests", href=urls.REQUESTS, min_height=TOUCH, display="flex", align_items="center"),
    )


# --- One request ---------------------------------------------------------------------------------

class RequestState(AuthState):
    found: bool = True
    title: str = "Approval request"
    values: dict[str, str] = {}
    messages: list[dict[str, str]] = []
    files: list[dict[str, str]] = []
    categories: list[dict[str, str]] = []
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

    def _refresh(self, actor) -> None:
        with unit_of_work() as session:
            view = approvals.request_detail(session=session, actor=actor, request_id=self._request_id, now=utcnow())
        if not view.is_owner:  # reviewers read it on the committee's page
            raise NotFound(approvals.NO_REQUEST)
        self.found, self.title = True, view.line.title
        self.values, self.messages, self.files = detail_values(view), message_rows(view), attachment_rows(view)
        self.categories = [{"value": str(i), "label": name} for i, name in view.categories]
        self.can_answer, self.can_attach, self.can_record = view.can_answer, view.can_attach, view.can_record
        self.record_category = str(view.approved_category_id or "")
        self.record_hours = fmt.hours(view.approved_hours)
        self._activity_id = view.activity_id
        self.form_key += 1

    @rx.event
    def load(self):
        actor = self._actor()
        if actor is None:
            return self._to_login()
        self._request_id = browser_int(self._path_tail())
        query = self.router.url.query_parameters
        self.error = ""
        sent = "sent" in query or "late" in query
        self.flash = "Sent to the CE committee. You will get its decision by email." if sent else ""
        self.warning = approvals.ASK_BEFORE if "late" in query else ""
        try:
            self._refresh(actor)
        except NotFound:
            self.found, self.title, self.values, self.messages, self.files = False, "Request not found", {}, [], []

    def _done(self, actor, message: str):
        self.error, self.warning, self.flash = "", "", message
        self._refresh(actor)

    @rx.event
    def answer(self, form: dict):
        actor = self._actor()
        if actor is None:
            return self._to_login()
        try:
            with unit_of_work() as session:
                approvals.answer_question(session=session, actor=actor, request_id=self._request_id,
                                          answer=text(form, "answer", 2100), now=utcnow(), settings=settings)
        except DomainError as error:
            self.error = error.message
            return
        self._done(actor, "Answer sent. The request is back with the CE committee.")
        deliver_mail_soon()

    @rx.event
    async def upload(self, files: list[rx.UploadFile]):
        """Read at most the limit (plus one byte to know it is over), never the whole of a huge file."""
        actor = self._actor()
        if actor is None:
            return self._to_login()
        limit = settings.attachment_max_bytes
        if not files:
            self.error = "Choose a file to attach."
            return
        file = files[0]
        if file.size is not None and file.size > limit:  # refused before a byte of it is read
            self.error = f"The file is larger than {MAX_MB} MB; attach a smaller one."
            return rx.clear_selected_files(UPLOAD_ID)
        data = await file.read(limit + 1)  # one byte over the limit is enough to refuse it
        try:
            with unit_of_work() as session:
                approvals.add_attachment(session=session, actor=actor, request_id=self._request_id,
                                         filename=file.filename, data=data, now=utcnow(), max_bytes=limit)
        except DomainError as error:
            self.error = error.message
            return rx.clear_selected_files(UPLOAD_ID)
        self._done(actor, "File attached.")
        return rx.clear_selected_files(UPLOAD_ID)

    @rx.event
    def record(self, form: dict):
        """Record the approved credit through the claims service (R000-07, R000-08)."""
        actor = self._actor()
        if actor is None:
            return self._to_login()
        try:
            with unit_of_work() as session:
                claims.claim_course(session=session, actor=actor, activity_id=self._activity_id,
                                    category_id=browser_int(text(form, "record_category", 12)),
                                    hours=text(form, "record_hours", 20), now=utcnow())
        except DomainError as error:
            self.error = error.message
            return
        self._done(actor, "Credit recorded. It now counts on your home page.")


def _answer_form() -> rx.Component:
    return rx.cond(RequestState.can_answer, rx.form(rx.vstack(
        field("Your answer", "answer", rx.text_area(id="answer", name="answer", rows="4", width="100%",
                                                    max_length=2000, required=True)),
        submit_button("Send answer", width=["100%", "auto"]), spacing="2", width="100%"),
        on_submit=RequestState.answer, width="100%", key=RequestState.form_key))


def _upload_control() -> rx.Component:
    chosen = rx.selected_files(UPLOAD_ID)
    return rx.cond(RequestState.can_attach, rx.vstack(
        rx.el.label(rx.upload(
            rx.vstack(rx.hstack(rx.icon("upload", aria_hidden="true"), rx.text("Choose a file", weight="medium"),
                                align="center", min_height=TOUCH),
                      rx.text(f"An agenda or a certificate: PDF, PNG or JPEG, at most {MAX_MB} MB.", size="2",
                              color_scheme="gray"), align="center", spacing="1"),
            id=UPLOAD_ID, accept={"application/pdf": [".pdf"], "image/png": [".png"], "image/jpeg": [".jpg", ".jpeg"]},
            max_size=settings.attachment_max_bytes, multiple=False, max_files=1,
            border="1px dashed var(--gray-a8)", border_radius="var(--radius-3)", padding="1em", width="100%",
            cursor="pointer"), width="100%", display="block"),
        rx.cond(chosen.length() > 0, rx.text("Chosen: ", rx.foreach(chosen, lambda name: rx.text.strong(name)),
                                             size="2", overflow_wrap="anywhere")),
        rx.button("Attach file", type="button", size="3", min_height=TOUCH, width=["100%", "auto"],
                  disabled=chosen.length() == 0,
                  on_click=RequestState.upload(rx.upload_files(upload_id=UPLOAD_ID))),
        spacing="2", width="100%"))


def _record_form() -> rx.Component:
    return rx.cond(RequestState.can_record, rx.card(rx.form(rx.vstack(
        rx.heading("Record credit", as_="h2", size="5"),
        rx.text("Record the hours you earned by ", RequestState.values["record_by"],
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
    return rx.cond(values["claimed"] != "",
                   rx.callout("Recorded: " + values["claimed"] + " hours, in your credit record. Home shows how "
                              "they count toward your renewal.",
                              color_scheme="green", role="status", width="100%"),
                   rx.cond((values["status"] == "Approved") & ~RequestState.can_record & (values["record_by"] != ""),
                           rx.text("You can record the credit from " + values["record_from"] + " to "
                                   + values["record_by"] + ", once the activity is completed.", size="2")))


def _detail() -> rx.Component:
    values = RequestState.values
    return rx.vstack(
        rx.hstack(status_badge(values), rx.cond(values["overdue"] != "",
                                                        rx.badge("Overdue", color_scheme="red", high_contrast=True)),
                  spacing="2"),
        rx.cond(RequestState.warning != "", rx.callout(RequestState.warning, color_scheme="amber", role="note",
                                                       width="100%")),
        rx.cond(RequestState.flash != "", rx.callout(RequestState.flash, color_scheme="green", role="status",
                                                     width="100%")),
        notice(RequestState.error),
        rx.cond(values["note"] != "", rx.callout(
            rx.text(rx.text.strong("The committee: "), values["note"], white_space="pre-wrap"),
            color_scheme=values["color"], role="note", width="100%")),
        _record_status(),
        _record_form(),
        details_list(values),
        thread(RequestState.messages),
        _answer_form(),
        rx.heading("Files", as_="h2", size="5"),
        attachment_links(RequestState.files),
        _upload_control(),
        rx.link("Back to my requests", href=urls.REQUESTS, min_height=TOUCH, display="flex", align_items="center"),
        spacing="3", width="100%")


def request_page() -> rx.Component:
    return page(RequestState.title, rx.cond(
        RequestState.found, _detail(),
        rx.text("This request is not among yours. ", rx.link("Back to my requests", href=urls.REQUESTS))))
