"""Record a passed certification exam: a new 5-year term from its date.

For a lapsed member (reinstated, their history kept) or a new certificant with an account. Staff or the Board.
"""

from __future__ import annotations

import reflex as rx

from ce_tracker import formatting as fmt
from ce_tracker.components.controls import text_input
from ce_tracker.components.layout import field, notice, page, submit_button
from ce_tracker.pages.forms import text
from ce_tracker.services.renewal import reinstatement
from ce_tracker.state.auth import AuthState
from ce_tracker.state.work import Work, acts


class StaffExamsState(AuthState):
    allowed: bool = False
    error: str = ""
    message: str = ""
    form_key: int = 0

    @rx.event
    @acts
    def load(self, w: Work):
        self.error = self.message = ""
        self.allowed = False
        reinstatement.require_exam_recorder(w.actor)
        self.allowed = True

    @rx.event
    @acts
    def record(self, w: Work, form: dict):
        name, term = w.call(reinstatement.record_exam_pass_by_number, member_number=text(form, "member_number", 20),
                            passed_on=text(form, "passed_on", 10), now=w.now, settings=w.settings)
        w.mail_after()
        self.error = ""
        self.message = (f"{name}: a new term runs from {fmt.day(term.starts_on)} to {fmt.day(term.ends_on)}. "
                        "They were emailed.")
        self.form_key += 1


def staff_exams_page() -> rx.Component:
    return page(
        "Record a passed exam",
        notice(StaffExamsState.error),
        notice(StaffExamsState.message, color="green", role="status"),
        rx.cond(StaffExamsState.allowed, rx.form(rx.vstack(
            rx.text("A passed certification exam starts a new 5-year term on the exam date: for a member whose "
                    "certification lapsed (their earlier terms and credits are kept) or a new certificant. Open "
                    "the account first on the Members page if the person has none."),
            field("Member ID", "member_number", text_input("member_number", required=True, max_length=20,
                                                           input_mode="numeric")),
            field("Date the exam was passed", "passed_on", text_input("passed_on", type="date", required=True)),
            submit_button("Start the new term", width=["100%", "auto"]),
            spacing="3", width="100%"), on_submit=StaffExamsState.record, key=StaffExamsState.form_key.to_string(),
            width="100%")),
    )
