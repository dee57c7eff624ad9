"""The member's Activity Eligibility Form: asking the CE committee to approve an activity (R000-02 to R000-05).

The page holds display strings and its own wording; the request is checked and
stored by ``services.approvals.requests`` with the member from the session cookie.
The one request page (``pages.requests``) shows the answer.
"""

from __future__ import annotations

from datetime import date

import reflex as rx

from ce_tracker import names, routes
from ce_tracker.components.approval_view import Choice, category_choices, category_select
from ce_tracker.components.controls import select_input, text_input
from ce_tracker.components.layout import TOUCH, field, notice, page, submit_button
from ce_tracker.pages.forms import browser_int, text
from ce_tracker.services.approvals.requests import TOO_LATE, request_form, submit_request
from ce_tracker.services.approvals.shared import FORMATS
from ce_tracker.services.errors import Invalid
from ce_tracker.services.inputs import iso_date
from ce_tracker.state.auth import AuthState
from ce_tracker.state.work import Work, acts

# The society's advice on the form (R000-22); the one request page repeats it when a request came late.
ASK_BEFORE = ("To avoid disappointment and expense, the activity approval form should be submitted prior to "
              "participating in the continuing education activity.")


def _day(value: object) -> date | None:
    """A day as typed (or kept), through ``services.inputs``; None while it is no date yet."""
    try:
        return iso_date(value, field="ends_on", label="last day")
    except Invalid:
        return None


def _fill_choices(state, w: Work) -> None:
    """The form's categories and the days the live warning compares with, from ``request_form``."""
    choices = w.call(request_form, now=w.now)
    state.categories = category_choices(choices.categories)
    state._today, state._earliest_end = choices.today.isoformat(), choices.earliest_end.isoformat()


def _warn(state, ends_on: date | None) -> None:
    """Set the live warning for the last day typed, against the days the choices brought."""
    today, earliest = _day(state._today), _day(state._earliest_end)
    state.end_refused = bool(ends_on and earliest and ends_on < earliest)
    if ends_on is None or today is None or ends_on >= today:
        state.end_warning = ""
    elif state.end_refused:
        state.end_warning = f"This activity ended more than 30 days ago. {TOO_LATE}"
    else:
        state.end_warning = ("This activity has already ended. You may still ask up to 30 days after it ends, "
                             "but requests should be made before the activity.")


class NewRequestState(AuthState):
    categories: list[Choice] = []
    error: str = ""
    end_warning: str = ""  # shown as soon as the last day typed lies in the past
    end_refused: bool = False
    _today: str = ""  # ISO days: what the live warning compares the typed last day with
    _earliest_end: str = ""
    _typed_end: str = ""  # the last day as typed into this form (new_form forgets an earlier visit's)

    @rx.event
    def new_form(self):
        """The form has appeared (on_mount, before anything can be typed into it): an earlier visit's last day
        and its warning are gone with that visit's form."""
        self._typed_end, self.end_warning, self.end_refused = "", "", False

    @rx.event
    @acts
    def load(self, w: Work):
        """Fill the choices; the form itself is never re-keyed here, so what a member typed before this answer
        arrived (a slow phone, a busy server) stays in the fields, and so does its warning."""
        self.error, self.categories = "", []
        _fill_choices(self, w)
        _warn(self, _day(self._typed_end))

    @rx.event
    def note_end(self, value: str):
        """The live warning: after the activity, or too late to ask at all (R000-05).

        The events of one tab may be handled in any order (a busy server, another worker): a last day typed
        before ``load`` was handled finds no day to compare with yet, so it asks for the choices itself
        (``load_and_warn``); and ``load`` warns about what was typed, rather than clearing the warning. Once the
        choices are here, the warning needs no database."""
        self._typed_end = value[:20] if isinstance(value, str) else ""  # bounded like pages.forms.text
        ends_on = _day(self._typed_end)
        if ends_on is not None and not self._today:
            return NewRequestState.load_and_warn()
        _warn(self, ends_on)

    @rx.event
    @acts
    def load_and_warn(self, w: Work):
        """``note_end`` before ``load``: the same choices, then the warning for the last day typed."""
        _fill_choices(self, w)
        _warn(self, _day(self._typed_end))

    @rx.event
    @acts
    def submit(self, w: Work, form: dict):
        submitted = w.call(submit_request, title=text(form, "title", 300), provider=text(form, "provider", 300),
                           starts_on=text(form, "starts_on", 20), ends_on=text(form, "ends_on", 20),
                           format=text(form, "format", 40), category_id=browser_int(text(form, "category_id", 12)),
                           hours=text(form, "hours", 20), description=text(form, "description", 4100),
                           url=text(form, "url", 600), now=w.now, settings=w.settings)
        request_id, late = submitted.request.id, submitted.after_activity
        w.mail_after()
        return rx.redirect(f"{routes.approval_request(request_id)}?{'late' if late else 'sent'}=1")


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
        "Ask for approval of an activity",
        rx.callout(ASK_BEFORE + " You may still submit this form up to 30 days after the activity is "
                   "completed; " + TOO_LATE[0].lower() + TOO_LATE[1:], color_scheme="blue",
                   role="note", width="100%"),
        rx.text("The form goes to the CE committee (not headquarters) for review; you should receive its emailed "
                "approval or non-approval within 2 weeks. If it is approved, you record your hours on the "
                "request's page once the activity is completed."),
        notice(NewRequestState.error),
        rx.form(rx.vstack(_form_fields(), notice(NewRequestState.error),
                          submit_button("Send to the CE committee", width=["100%", "auto"]),
                          spacing="3", width="100%"),
                on_submit=NewRequestState.submit, on_mount=NewRequestState.new_form, width="100%"),
        rx.link("Back to my requests", href=routes.REQUESTS, min_height=TOUCH, display="flex", align_items="center"),
        subtitle=names.ELIGIBILITY_FORM,  # the society's name for it, so its instructions still find it
    )


