"""Headquarters import a CSV of received renewal fees, matched by reference.

All or nothing: a file with one bad line imports nothing and names every bad line. Pasted as text, so no file
leaves the browser except as the words staff can see.
"""

from __future__ import annotations

import reflex as rx

from ce_tracker.components.layout import field, notice, page, submit_button
from ce_tracker.pages.forms import text
from ce_tracker.services.renewal import payments as renewal_payments
from ce_tracker.state.auth import AuthState
from ce_tracker.state.work import Work, acts

MAX_CSV = 200_000


class StaffPaymentsState(AuthState):
    error: str = ""
    message: str = ""
    form_key: int = 0

    @rx.event
    @acts
    def load(self, w: Work):
        self.error = self.message = ""
        renewal_payments.require_fee_recorder(w.actor)

    @rx.event
    @acts
    def import_csv(self, w: Work, form: dict):
        count = w.call(renewal_payments.import_payments, text=text(form, "csv", MAX_CSV), now=w.now, settings=w.settings)
        w.mail_after()
        self.error, self.message = "", f"{count} payment{'s' if count != 1 else ''} recorded; each member was emailed."
        self.form_key += 1


def staff_payments_page() -> rx.Component:
    return page(
        "Import received fees",
        notice(StaffPaymentsState.error),
        notice(StaffPaymentsState.message, color="green", role="status"),
        rx.form(rx.vstack(
            rx.text("One payment per line: the invoice reference the member quoted, the amount, and the payment's "
                    "own reference (bank or cheque number). A header line is allowed. If any line is wrong, "
                    "nothing is imported and every bad line is named."),
            rx.code("invoice,amount,payment\nREN-100123-42,150.00,BANK-88121", white_space="pre"),
            field("Payments (CSV)", "csv", rx.text_area(id="csv", name="csv", required=True, rows="8", size="3",
                                                         width="100%", max_length=MAX_CSV)),
            submit_button("Import payments", width=["100%", "auto"]),
            spacing="3", width="100%"), on_submit=StaffPaymentsState.import_csv,
            key=StaffPaymentsState.form_key.to_string(), width="100%"),
    )
