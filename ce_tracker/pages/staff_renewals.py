"""Headquarters: the renewal verification queue and one application (R000-17, R000-19).

Each application shows the member's standing computed by the same rules as the
member's own pages. The application a form acts on is the one loaded from the
URL into a backend-only var; whether staff may act is the service's decision.
"""

from __future__ import annotations

import reflex as rx

from ce_tracker import formatting as fmt
from ce_tracker.components import wording
from ce_tracker.components.layout import field, notice, page, submit_button
from ce_tracker.config import settings
from ce_tracker.components.controls import text_input
from ce_tracker.pages.forms import browser_int, text
from ce_tracker.components.standing_lines import category_lines
from ce_tracker.services import renewal
from ce_tracker.services.errors import DomainError
from ce_tracker.services.renewal import ApplicationView, RenewalStatus
from ce_tracker.state.auth import AuthState
from ce_tracker.state.work import Work, acts
from ce_tracker.web import urls


STAFF_STATUS = {RenewalStatus.SUBMITTED: "Waiting for verification", RenewalStatus.VERIFIED: "Verified",
                RenewalStatus.REJECTED: "Returned to the member"}


def _row(view: ApplicationView) -> dict[str, str]:
    st = view.standing
    return {"href": urls.staff_renewal(view.id), "member": f"{view.member_name} ({view.member_number})",
            "submitted": fmt.day(view.submitted_at.date()),
            "term": wording.span(view.term_starts_on, view.term_ends_on),
            "counted": f"{fmt.hours(st.counted_total)} of {fmt.hours(st.program.total_hours)} h",
            "verdict": "Enough hours" if st.may_renew else "Not enough hours",
            "paid": "Fee received" if view.paid else "Fee not received"}


class StaffRenewalsState(AuthState):
    error: str = ""
    rows: list[dict[str, str]] = []

    @rx.event
    @acts
    def load(self, w: Work):
        self.error, self.rows = "", []
        self.rows = [_row(v) for v in renewal.verification_queue(session=w.session, actor=w.actor, now=w.now)]


def _queue_card(row) -> rx.Component:
    return rx.card(rx.flex(
        rx.vstack(rx.link(row["member"], href=row["href"], weight="medium", min_height="44px", display="flex",
                          align_items="center"),
                  rx.text("Term ", row["term"], " · filed ", row["submitted"], size="2", color_scheme="gray"),
                  spacing="0"),
        rx.spacer(),
        rx.vstack(rx.text(row["counted"], weight="bold"), rx.text(row["verdict"], " · ", row["paid"], size="2"),
                  align="end", spacing="0"),
        wrap="wrap", gap="0.5em", width="100%"), width="100%")


def staff_renewals_page() -> rx.Component:
    return page(
        "Renewals to verify",
        notice(StaffRenewalsState.error),
        rx.cond(StaffRenewalsState.error == "", rx.cond(
            StaffRenewalsState.rows.length() > 0,
            rx.vstack(rx.foreach(StaffRenewalsState.rows, _queue_card), spacing="2", width="100%"),
            rx.text("No renewal applications are waiting."))),
    )


class StaffRenewalState(AuthState):
    found: bool = True
    title: str = "Renewal application"
    facts: dict[str, str] = {}
    categories: list[dict[str, str]] = []
    may_renew: bool = False
    pending: bool = False
    paid: bool = False
    error: str = ""
    message: str = ""
    form_key: int = 0
    _application_id: int | None = None

    def _refresh(self, w: Work) -> None:
        view = renewal.application_detail(session=w.session, actor=w.actor, application_id=self._application_id)
        st = view.standing
        self.found, self.title = True, f"Renewal: {view.member_name}"
        self.facts = {"member": f"{view.member_name} (member ID {view.member_number})",
                      "term": wording.span(view.term_starts_on, view.term_ends_on),
                      "status": STAFF_STATUS[view.status], "filed": fmt.day(view.submitted_at.date()),
                      "fee": view.fee + (f" · received (reference {view.payment_reference})" if view.paid
                                         else " · not yet received"),
                      "counted": f"{fmt.hours(st.counted_total)} of {fmt.hours(st.program.total_hours)} h counted",
                      "reason": view.return_reason if view.status is RenewalStatus.REJECTED else "",
                      "next_term": (wording.span(view.next_term[0], view.next_term[1])
                                    if view.next_term else "")}
        self.categories = category_lines(st)
        self.may_renew, self.paid = st.may_renew, view.paid
        self.pending = view.status is RenewalStatus.SUBMITTED
        self.form_key += 1

    def _act(self, w: Work, call, done: str, **kwargs) -> None:
        call(session=w.session, actor=w.actor, application_id=self._application_id, now=w.now,
             settings=settings, **kwargs)
        self.error, self.message = "", done
        self._refresh(w)
        w.mail_after()

    @rx.event
    @acts
    def load(self, w: Work):
        self._application_id = browser_int(self._path_tail())
        self.error = self.message = ""
        try:
            self._refresh(w)
        except DomainError as error:
            self.found, self.title, self.error, self.facts, self.categories = (
                False, "Renewal application", error.message, {}, [])

    @rx.event
    @acts
    def record_payment(self, w: Work, form: dict):
        self._act(w, renewal.record_payment, "The fee is recorded as received.",
                  reference=text(form, "reference", 100))

    @rx.event
    @acts
    def verify(self, w: Work):
        self._act(w, renewal.verify_renewal, "Verified. The member's next term is open and they were emailed.")

    @rx.event
    @acts
    def return_application(self, w: Work, form: dict):
        self._act(w, renewal.return_renewal, "Returned to the member with your reason.",
                  reason=text(form, "reason", 2000))


def _fact(label: str, key: str) -> rx.Component:
    return rx.cond(StaffRenewalState.facts[key] != "", rx.hstack(
        rx.text(label, color_scheme="gray", min_width="7em"), rx.text(StaffRenewalState.facts[key]),
        spacing="3", wrap="wrap"))


def _actions() -> rx.Component:
    key = StaffRenewalState.form_key.to_string()
    return rx.vstack(
        rx.cond(~StaffRenewalState.paid, rx.card(rx.form(rx.vstack(
            rx.heading("Record the fee as received", as_="h2", size="4"),
            field("Payment reference", "reference", text_input("reference", required=True, max_length=100,
                                                               placeholder="Receipt or transaction number")),
            submit_button("Record payment", width=["100%", "auto"]), spacing="3", width="100%"),
            on_submit=StaffRenewalState.record_payment, key="pay-" + key), width="100%")),
        rx.card(rx.vstack(
            rx.heading("Verify", as_="h2", size="4"),
            rx.text(rx.cond(StaffRenewalState.may_renew,
                            "The record has the hours needed to renew.",
                            "The record does not have the hours needed to renew: return the application.")),
            rx.button("Verify and open the next term", on_click=StaffRenewalState.verify, size="3",
                      min_height="44px", color_scheme="green",
                      disabled=~(StaffRenewalState.paid & StaffRenewalState.may_renew)),
            spacing="3", width="100%"), width="100%"),
        rx.card(rx.form(rx.vstack(
            rx.heading("Return to the member", as_="h2", size="4"),
            field("Reason (emailed to the member)", "reason",
                  rx.text_area(id="reason", name="reason", required=True, max_length=2000, size="3",
                               width="100%")),
            submit_button("Return application", color_scheme="red", width=["100%", "auto"]),
            spacing="3", width="100%"), on_submit=StaffRenewalState.return_application, key="return-" + key),
            width="100%"),
        spacing="3", width="100%")


def staff_renewal_page() -> rx.Component:
    return page(
        StaffRenewalState.title,
        notice(StaffRenewalState.error),
        notice(StaffRenewalState.message, color="green", role="status"),
        rx.cond(StaffRenewalState.found, rx.vstack(
            rx.card(rx.vstack(
                _fact("Member", "member"), _fact("Term", "term"), _fact("Status", "status"),
                _fact("Filed", "filed"), _fact("Fee", "fee"), _fact("Standing", "counted"),
                rx.foreach(StaffRenewalState.categories, lambda c: rx.text(
                    c["name"], ": ", c["counted"], " h counted (", c["limit"], "), ", c["missing"], size="2")),
                _fact("Returned", "reason"), _fact("Next term", "next_term"),
                spacing="2", width="100%"), width="100%"),
            rx.cond(StaffRenewalState.pending, _actions()),
            spacing="3", width="100%")),
        rx.link("Back to the renewals queue", href=urls.STAFF_RENEWALS, min_height="44px", display="flex",
                align_items="center"),
    )
