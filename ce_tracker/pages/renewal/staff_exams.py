"""Record a passed certification exam: a new 5-year term from its date (R000-11, R000-18).

For a lapsed member (reinstated, their history kept) or a new certificant with an account. Staff or the Board.
A member ID is easy to mistype, so the page first says whose it is (name, email, their last term) and the term
the pass will start, and records only after one confirmation.
"""

from __future__ import annotations

import reflex as rx

from ce_tracker import formatting as fmt
from ce_tracker.components.confirm import confirm_dialog
from ce_tracker.components.controls import text_input
from ce_tracker.components.layout import field, notice, page, submit_button
from ce_tracker.pages.forms import text
from ce_tracker.services.renewal import previews, reinstatement
from ce_tracker.state.auth import AuthState
from ce_tracker.state.work import Work, acts


class StaffExamsState(AuthState):
    allowed: bool = False
    error: str = ""
    message: str = ""
    form_key: int = 0
    summary: str = ""  # whose member ID it is and the term the pass starts, shown before recording
    confirming: bool = False
    _exam: dict[str, str] = {}  # what the open confirmation is about: the ID and date as checked

    @rx.event
    @acts
    def load(self, w: Work):
        self.error = self.message = ""
        self.allowed, self.confirming = False, False
        reinstatement.require_exam_recorder(w.actor)
        self.allowed = True

    @rx.event
    @acts
    def check(self, w: Work, form: dict):
        """The form's submit: whose ID it is and what will happen, before anything is recorded."""
        exam = {"member_number": text(form, "member_number", 20), "passed_on": text(form, "passed_on", 10)}
        self.confirming = False
        found = w.call(previews.exam_preview, now=w.now, settings=w.settings, **exam)
        self.summary, self._exam, self.confirming, self.error, self.message = found.summary, exam, True, "", ""

    @rx.event
    def cancel(self):
        self.confirming, self._exam = False, {}

    @rx.event
    @acts
    def record(self, w: Work):
        exam, self.confirming = dict(self._exam), False
        if not exam:
            return None
        name, term = w.call(reinstatement.record_exam_pass_by_number, now=w.now, settings=w.settings, **exam)
        w.mail_after()
        self.error, self._exam = "", {}
        self.message = (f"{name}: a new term runs from {fmt.day(term.starts_on)} to {fmt.day(term.ends_on)}. "
                        "They were emailed.")
        self.form_key += 1
        return rx.call_script("window.scrollTo({top: 0})")


def _confirmation() -> rx.Component:
    s = StaffExamsState
    return confirm_dialog("Check before you record", s.summary, "Yes, start the new term", s.record,
                          open=s.confirming, on_cancel=s.cancel)


def staff_exams_page() -> rx.Component:
    return page(
        "Record a passed exam",
        notice(StaffExamsState.error),
        notice(StaffExamsState.message, color="green", role="status"),
        rx.cond(StaffExamsState.allowed, rx.form(rx.vstack(
            rx.text("A passed certification exam starts a new 5-year term on the exam date: for a member whose "
                    "certification lapsed (their earlier terms and credits are kept) or a new certificant. Open "
                    "the account first on the Members page if the person has none. You will see whose member ID "
                    "it is before anything is recorded."),
            field("Member ID", "member_number", text_input("member_number", required=True, max_length=20,
                                                           input_mode="numeric")),
            field("Date the exam was passed", "passed_on", text_input("passed_on", type="date", required=True)),
            submit_button("Start the new term", width=["100%", "auto"]),
            spacing="3", width="100%"), on_submit=StaffExamsState.check, key=StaffExamsState.form_key.to_string(),
            width="100%")),
        _confirmation(),
    )
