"""The CE committee's queue and one request's review (R000-03, R000-04, R000-19).

Reviewers see only what a decision needs: the request, its files and its
questions, and the member's name; they answer each of the committee's criteria
(the program's data) and may keep a private note before approving
or declining. An approval is the member's own unless "Publish in Upcoming Courses
for all members" is ticked. Whether they may decide is the service's
call (reviewer role, not their own request, still pending), never the page's.
"""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from ce_tracker import formatting as fmt
from ce_tracker import routes
from ce_tracker.components import approval_view as shown
from ce_tracker.components.controls import text_input
from ce_tracker.components.layout import TOUCH, field, notice, page, submit_button
from ce_tracker.pages.forms import browser_int, text
from ce_tracker.services.approvals import review as approvals  # the committee's side: its queue and decisions
from ce_tracker.services.approvals import visibility
from ce_tracker.services.approvals.criteria import ANSWERS
from ce_tracker.services.errors import NotAllowed, NotFound
from ce_tracker.state.auth import AuthState
from ce_tracker.state.work import Work, acts


@dataclass(frozen=True)
class CriterionRow:
    """One criterion the committee answers before deciding."""

    code: str
    question: str
    help: str


@dataclass(frozen=True)
class JudgedRow:
    """A decided request's answer to one criterion."""

    question: str
    answer: str
    note: str


class ReviewQueueState(AuthState):
    allowed: bool = True
    error: str = ""
    rows: list[shown.RequestRow] = []

    @rx.event
    @acts
    def load(self, w: Work):
        try:
            lines = w.call(approvals.review_queue, now=w.now)
        except NotAllowed as error:
            self.allowed, self.error, self.rows = False, error.message, []
            return
        self.allowed, self.error = True, ""
        self.rows = [shown.line_row(line, routes.review_request(line.request_id)) for line in lines]


def _queue_card(row) -> rx.Component:
    return rx.card(rx.vstack(
        rx.hstack(
            rx.cond(row.own,
                    rx.text(row.title, weight="medium", overflow_wrap="anywhere"),
                    rx.link(row.title, href=row.href, weight="medium", min_height=TOUCH, display="flex",
                            align_items="center", overflow_wrap="anywhere", aria_label="Review " + row.title)),
            rx.spacer(),
            # margin_left auto: at the card's right edge even when it wraps under a long title.
            rx.cond(row.overdue, rx.badge("Overdue", color_scheme="red", size="2", high_contrast=True,
                                          margin_left="auto"),
                    rx.badge("Due " + row.due, color_scheme="gray", size="2", high_contrast=True,
                             margin_left="auto")),
            width="100%", align="center", wrap="wrap"),
        rx.text(row.member, " · ", row.dates, " · ", row.asked, size="2", overflow_wrap="anywhere"),
        rx.text("Submitted ", row.submitted, " · decision due ", row.due, size="2", color_scheme="gray"),
        rx.cond(row.own, rx.text("Your own request: another committee member decides it.", size="2",
                                          weight="medium")),
        spacing="1", width="100%"), width="100%")


def review_queue_page() -> rx.Component:
    return page(
        "Review queue",
        rx.cond(ReviewQueueState.allowed, rx.vstack(
            rx.text("Requests waiting for a decision, the one due soonest first. Each is due two weeks after its "
                    "submission (or after the member's answer to a question): members are told to expect an answer "
                    "within 2 weeks."),
            rx.cond(ReviewQueueState.rows.length() > 0,
                    rx.vstack(rx.foreach(ReviewQueueState.rows, _queue_card), spacing="2", width="100%"),
                    rx.text("Nothing is waiting for a decision.")),
            spacing="3", width="100%"),
            notice(ReviewQueueState.error)),
    )


class ReviewRequestState(AuthState):
    found: bool = True
    title: str = "Review a request"
    values: shown.RequestDetails = shown.RequestDetails()
    messages: list[shown.MessageRow] = []
    files: list[shown.AttachmentRow] = []
    categories: list[shown.Choice] = []
    can_decide: bool = False
    own: bool = False
    category: str = ""
    hours: str = ""
    error: str = ""
    flash: str = ""
    form_key: int = 0
    criteria: list[CriterionRow] = []  # the questions to answer
    answers: dict[str, str] = {}  # code -> "meets" | "does_not_meet" | "not_applicable" | "" (not yet)
    answer_notes: dict[str, str] = {}
    private_note: str = ""
    judged: list[JudgedRow] = []  # a decided request's stored answers
    kept_note: str = ""  # a decided request's private note
    published: bool = False
    _request_id: int | None = None

    def _refresh(self, w: Work) -> None:
        view = w.call(visibility.request_for_review, request_id=self._request_id, now=w.now)
        self.found, self.title = True, view.line.title
        self.values, self.messages = shown.detail_values(view), shown.message_rows(view)
        self.files = shown.attachment_rows(view)
        self.categories = shown.category_choices(view.categories)
        self.category = str(next(i for i, name in view.categories if name == view.line.category))
        self.hours = fmt.hours(view.line.hours)
        self.can_decide, self.own = view.can_decide, view.is_owner
        self.criteria = [CriterionRow(c.code, c.question, c.help) for c in view.criteria]
        self.answers = {c.code: "" for c in view.criteria}
        self.answer_notes = {c.code: "" for c in view.criteria}
        self.judged = [JudgedRow(a.question, a.answer, a.note) for a in view.answers]
        self.kept_note, self.private_note, self.published = view.private_note, "", view.published
        self.form_key += 1

    @rx.event
    def set_answer(self, code: str, value: str):
        """Held on the page until a decision sends it; the service checks every answer."""
        if isinstance(code, str) and code in self.answers and isinstance(value, str):
            self.answers[code] = value[:20]

    @rx.event
    def set_answer_note(self, code: str, value: str):
        if isinstance(code, str) and code in self.answer_notes and isinstance(value, str):
            self.answer_notes[code] = value[:500]

    @rx.event
    def set_private_note(self, value: str):
        self.private_note = value[:2000] if isinstance(value, str) else ""

    def _judgement(self) -> dict:
        return {"criteria": {code: {"answer": answer, "note": self.answer_notes.get(code, "")}
                             for code, answer in self.answers.items() if answer},
                "private_note": self.private_note}

    @rx.event
    @acts
    def load(self, w: Work):
        self._request_id = browser_int(self._path_tail())
        self.error = self.flash = ""
        try:
            self._refresh(w)
        except NotFound:
            self.found, self.title, self.values, self.messages, self.files = False, "Request not found", {}, [], []
            self.can_decide = False

    def _decide(self, w: Work, decision, done: str, **values):
        w.call(decision, request_id=self._request_id, now=w.now, settings=w.settings, **values)
        self.error, self.flash = "", done
        self._refresh(w)
        w.mail_after()

    @rx.event
    @acts
    def approve(self, w: Work, form: dict):
        publish = isinstance(form, dict) and form.get("publish") in (True, "on", "true")
        self._decide(w, approvals.approve, "Approved. The member was emailed; Upcoming Courses lists the activity "
                     "for all members until 30 days after it ends." if publish else "Approved for this member "
                     "only. The member was emailed and records the credit on the request's page.",
                     hours=text(form, "hours", 20), category_id=browser_int(text(form, "category_id", 12)),
                     note=text(form, "note", 2100), publish=publish, **self._judgement())

    @rx.event
    @acts
    def decline(self, w: Work, form: dict):
        self._decide(w, approvals.decline, "Declined. The member was emailed the reason.",
                     reason=text(form, "reason", 2100), **self._judgement())

    @rx.event
    @acts
    def ask(self, w: Work, form: dict):
        self._decide(w, approvals.return_with_question, "Returned to the member with your question.",
                     question=text(form, "question", 2100))


def _approve_form() -> rx.Component:
    return rx.card(rx.form(rx.vstack(
        rx.heading("Approve", as_="h2", size="5"),
        rx.flex(
            rx.box(field("Hours", "hours", text_input("hours", default_value=ReviewRequestState.hours, max_length=10,
                                                      input_mode="decimal", auto_complete="off", required=True),
                         "Change them to approve other hours."), flex="1 1 12em"),
            rx.box(field("Category", "category_id",
                         shown.category_select("category_id", ReviewRequestState.categories,
                                               ReviewRequestState.category)),
                   flex="1 1 12em"),
            gap="1em", wrap="wrap", width="100%"),
        field("Note to the member (optional)", "note",
              rx.text_area(id="note", name="note", rows="3", width="100%", max_length=2000)),
        rx.el.label(rx.el.input(type="checkbox", id="publish", name="publish", style={"width": "22px",
                                                                                       "height": TOUCH}),
                    "Publish in Upcoming Courses for all members", html_for="publish", display="flex", gap="0.5em",
                    align_items="center", min_height=TOUCH),
        rx.text("Left unticked, only the member who asked sees the activity and records its credit.", size="2",
                color_scheme="gray"),
        submit_button("Approve", width=["100%", "auto"], color_scheme="green"),
        spacing="3", width="100%"), on_submit=ReviewRequestState.approve, width="100%"), width="100%")


def _text_form(heading: str, control_id: str, label: str, button: str, handler, **button_props) -> rx.Component:
    return rx.card(rx.form(rx.vstack(
        rx.heading(heading, as_="h2", size="5"),
        field(label, control_id, rx.text_area(id=control_id, name=control_id, rows="3", width="100%",
                                              max_length=2000, required=True)),
        submit_button(button, width=["100%", "auto"], **button_props),
        spacing="3", width="100%"), on_submit=handler, width="100%"), width="100%")


def _criterion(row) -> rx.Component:
    """One criterion: the answer (a native select, labelled by the question) and an optional note."""
    answer_id, note_id = "criterion_" + row.code, "criterion_note_" + row.code
    return rx.vstack(
        rx.el.label(row.question, html_for=answer_id, font_weight="500"),
        rx.cond(row.help != "", rx.text(row.help, size="2", color_scheme="gray")),
        rx.el.select(rx.el.option("Choose an answer", value=""),
                     *[rx.el.option(label, value=value) for value, label in ANSWERS.items()],
                     id=answer_id, value=ReviewRequestState.answers[row.code],
                     on_change=lambda value: ReviewRequestState.set_answer(row.code, value),
                     min_height=TOUCH, width="100%", font_size="16px", padding="0 0.5em",
                     border="1px solid var(--gray-8)", border_radius="var(--radius-2)"),
        rx.input(id=note_id, aria_label=row.question + ": note (optional)",
                 placeholder="Note (optional)", size="3", min_height=TOUCH, width="100%", max_length=500,
                 on_blur=lambda value: ReviewRequestState.set_answer_note(row.code, value)),
        spacing="1", width="100%")


def _criteria_card() -> rx.Component:
    return rx.card(rx.vstack(
        rx.heading("The committee's criteria", as_="h2", size="5"),
        rx.text("Answer each before approving or declining. Your answers and your private note are seen only "
                "by the committee; the member sees the decision and your note or reason to them."),
        rx.foreach(ReviewRequestState.criteria, _criterion),
        field("Private note for the committee (optional)", "private_note",
              rx.text_area(id="private_note", rows="2", width="100%", max_length=2000,
                           on_blur=ReviewRequestState.set_private_note)),
        spacing="3", width="100%"), width="100%")


def _judged() -> rx.Component:
    """A decided request's answers and private note; the service sends them only to reviewers."""
    return rx.cond(ReviewRequestState.judged.length() > 0, rx.vstack(
        rx.heading("The committee's criteria", as_="h2", size="5"),
        rx.el.ul(rx.foreach(ReviewRequestState.judged, lambda a: rx.el.li(
            rx.text.strong(a.question), ": ", a.answer, rx.cond(a.note != "", " — " + a.note, "")))),
        rx.cond(ReviewRequestState.kept_note != "", rx.text(rx.text.strong("Private note: "),
                                                            ReviewRequestState.kept_note, white_space="pre-wrap")),
        rx.cond(ReviewRequestState.values.approved != "", rx.text(rx.cond(
            ReviewRequestState.published, "Published in Upcoming Courses for all members.",
            "Approved for this member only: not listed in Upcoming Courses."))),
        spacing="2", width="100%"))


def _decisions() -> rx.Component:
    return rx.cond(ReviewRequestState.can_decide, rx.vstack(
        _criteria_card(),
        _approve_form(),
        _text_form("Ask the member a question", "question", "Question", "Return with question",
                   ReviewRequestState.ask, variant="soft"),
        _text_form("Decline", "reason", "Reason (emailed to the member)", "Decline", ReviewRequestState.decline,
                   color_scheme="red"),
        spacing="3", width="100%", key=ReviewRequestState.form_key),
        rx.cond(ReviewRequestState.own,
                rx.callout(approvals.OWN_REQUEST, color_scheme="amber", role="note", width="100%")))


def _review() -> rx.Component:
    values = ReviewRequestState.values
    return rx.vstack(
        rx.hstack(shown.status_badge(values), rx.cond(values.overdue,
                                                        rx.badge("Overdue", color_scheme="red", high_contrast=True)),
                  spacing="2"),
        rx.text("Requested by ", rx.text.strong(values.member)),
        rx.cond(ReviewRequestState.flash != "", rx.callout(ReviewRequestState.flash, color_scheme="green",
                                                           role="status", width="100%")),
        notice(ReviewRequestState.error),
        rx.cond(values.note != "", rx.callout(rx.text(rx.text.strong("Decision note: "), values.note,
                                                         white_space="pre-wrap"), color_scheme="gray", role="note",
                                                 width="100%")),
        shown.details_list(values),
        rx.heading("Files", as_="h2", size="5"),
        shown.attachment_links(ReviewRequestState.files),
        shown.thread(ReviewRequestState.messages),
        _judged(),
        _decisions(),
        rx.link("Back to the review queue", href=routes.REVIEW, min_height=TOUCH, display="flex", align_items="center"),
        spacing="3", width="100%")


def review_request_page() -> rx.Component:
    return page(ReviewRequestState.title, rx.cond(
        ReviewRequestState.found, _review(),
        rx.text("No such request for you to review. ", rx.link("Back to the review queue", href=routes.REVIEW))))
