"""Headquarters: the renewal verification queue and one application (R000-17, R000-19).

Each application shows the member's standing computed by the same rules as the
member's own pages. The application a form acts on is the one loaded from the
URL into a backend-only var; whether staff may act is the service's decision.
"""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from ce_tracker import formatting as fmt
from ce_tracker import routes
from ce_tracker.components import wording
from ce_tracker.components.confirm import confirm_dialog
from ce_tracker.components.controls import text_input
from ce_tracker.components.hours import hours_row
from ce_tracker.components.layout import TOUCH, field, notice, page, submit_button
from ce_tracker.components.standing_lines import CategoryLine, category_lines
from ce_tracker.pages.forms import browser_int, text
from ce_tracker.rules.status import needed_words
from ce_tracker.services.errors import DomainError
from ce_tracker.services.renewal import applications as renewal_applications
from ce_tracker.services.renewal import evidence as renewal_evidence
from ce_tracker.services.renewal import payments, previews
from ce_tracker.services.renewal.applications import ApplicationView
from ce_tracker.services.renewal.common import RenewalStatus
from ce_tracker.state.auth import AuthState
from ce_tracker.state.work import Work, acts

STAFF_STATUS = {RenewalStatus.SUBMITTED: "Waiting for verification", RenewalStatus.VERIFIED: "Verified",
                RenewalStatus.REJECTED: "Returned to the member"}


@dataclass(frozen=True)
class QueueRow:
    """One application waiting for verification, in words."""

    href: str
    member: str
    submitted: str
    term: str
    counted: str
    verdict: str
    paid: str


def _row(view: ApplicationView) -> QueueRow:
    st = view.standing
    return QueueRow(href=routes.staff_renewal(view.id), member=f"{view.member_name} ({view.member_number})",
                    submitted=fmt.day(view.submitted_on), term=wording.span(view.term_starts_on, view.term_ends_on),
                    counted=f"{fmt.hours(st.counted_total)} of {fmt.hours(st.program.total_hours)} h",
                    verdict="Enough hours" if st.may_renew else "Not enough hours",
                    paid="Fee received" if view.paid else "Fee not received")


class StaffRenewalsState(AuthState):
    error: str = ""
    rows: list[QueueRow] = []

    @rx.event
    @acts
    def load(self, w: Work):
        self.rows = []
        self.rows = [_row(v) for v in w.call(renewal_applications.verification_queue, now=w.now)]
        self.error = ""


def _queue_card(row: QueueRow) -> rx.Component:
    return rx.card(rx.flex(
        rx.vstack(rx.link(row.member, href=row.href, weight="medium", min_height="44px", display="flex",
                          align_items="center"),
                  rx.text("Term ", row.term, " · filed ", row.submitted, size="2", color_scheme="gray"),
                  spacing="0"),
        rx.spacer(),
        rx.vstack(rx.text(row.counted, weight="bold"), rx.text(row.verdict, " · ", row.paid, size="2"),
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
        rx.flex(
            rx.link("Import received fees (CSV)", href=routes.STAFF_PAYMENTS, min_height="44px", display="flex",
                    align_items="center"),
            rx.link("Record a passed exam", href=routes.STAFF_EXAMS, min_height="44px", display="flex",
                    align_items="center"),
            wrap="wrap", column_gap="1.5em"),
    )


@dataclass(frozen=True)
class EvidenceRow:
    """One credit line behind the standing, in words; ``kind`` and ``id`` go back with a strike."""

    key: str
    kind: str
    id: str
    category: str
    title: str
    provider: str
    dates: str
    hours: str
    source: str
    counts: str  # "Counts", or why not
    struck: bool
    struck_reason: str
    request: str  # the approval request's page, when the credit came from one
    files: str
    file_href: str


def _evidence_rows(lines: list[renewal_evidence.EvidenceLine]) -> list[EvidenceRow]:
    """Every credit line behind the standing, as the page lists them (R000-17)."""
    rows = []
    for line in lines:
        dates = fmt.day(line.completed_on) if line.starts_on == line.completed_on else (
            f"{fmt.day(line.starts_on)} to {fmt.day(line.completed_on)}")
        rows.append(EvidenceRow(
            key=f"{line.kind}-{line.id}", kind=line.kind, id=str(line.id), category=line.category or "No CE category",
            title=line.title, provider=line.provider, dates=dates, hours=fmt.hours(line.hours), source=line.source,
            counts="Counts" if line.counts else f"Does not count: {line.why_not}",
            struck=bool(line.withdrawn_reason), struck_reason=line.withdrawn_reason,
            request=routes.review_request(line.request_id) if line.request_id else "",
            files=", ".join(name for _, name in line.attachments),
            file_href=routes.attachment(line.attachments[0][0]) if line.attachments else ""))
    return rows


class StaffRenewalState(AuthState):
    found: bool = True
    title: str = "Renewal application"
    facts: dict[str, str] = {}
    categories: list[CategoryLine] = []
    evidence: list[EvidenceRow] = []
    may_renew: bool = False
    pending: bool = False
    paid: bool = False
    verify_blocked: str = ""  # why Verify cannot be pressed, in words; "" when it can
    verify_summary: str = ""  # what verifying will do: the member and the new term's dates
    strike_summary: str = ""  # the credit about to be struck and the standing it leaves
    strike_open: bool = False
    error: str = ""
    message: str = ""
    form_key: int = 0
    _application_id: int | None = None
    _strike: dict = {}  # the line and reason the open confirmation is about (never the browser's to choose)

    def _refresh(self, w: Work) -> None:
        view = w.call(renewal_applications.application_detail, application_id=self._application_id)
        st = view.standing
        self.found, self.title = True, f"Renewal: {view.member_name}"
        self.facts = {"member": f"{view.member_name} (member ID {view.member_number})", "name": view.member_name,
                      "term": wording.span(view.term_starts_on, view.term_ends_on),
                      "status": STAFF_STATUS[view.status], "filed": fmt.day(view.submitted_on),
                      "fee": view.fee + (f" · received {fmt.day(view.paid_on)} (reference {view.payment_reference})"
                                         if view.paid else " · not yet received")
                      + f" · invoice {view.invoice_reference}",
                      "counted": f"{fmt.hours(st.counted_total)} of {fmt.hours(st.program.total_hours)} h counted"
                      + (f"; still needed: {needed_words(st)}" if needed_words(st) else ""),
                      "reason": view.return_reason if view.status is RenewalStatus.REJECTED else "",
                      "next_term": (wording.span(view.next_term[0], view.next_term[1])
                                    if view.next_term else "")}
        self.categories = category_lines(st)
        self.evidence = _evidence_rows(w.call(renewal_evidence.evidence, application_id=self._application_id))
        self.may_renew, self.paid = st.may_renew, view.paid
        self.pending = view.status is RenewalStatus.SUBMITTED
        check = w.call(previews.verify_preview, application_id=self._application_id, standing=st)
        self.verify_blocked, self.verify_summary = check.blocked, check.summary
        self.strike_open, self._strike = False, {}
        self.form_key += 1

    def _done(self, w: Work, message: str):
        """Said once, at the top: the page scrolls up to the notice from the action at its bottom."""
        w.mail_after()
        self.error, self.message = "", message
        self._refresh(w)
        return rx.call_script("window.scrollTo({top: 0})")

    @rx.event
    @acts(error=None)
    def load(self, w: Work):
        self._application_id = browser_int(self._path_tail())
        self.error = self.message = ""
        try:
            self._refresh(w)
        except DomainError as error:
            self.found, self.title, self.error, self.facts, self.categories, self.evidence = (
                False, "Renewal application", error.message, {}, [], [])

    @rx.event
    @acts
    def record_payment(self, w: Work, form: dict):
        w.call(payments.record_payment, application_id=self._application_id, reference=text(form, "reference", 100),
               now=w.now, settings=w.settings)
        return self._done(w, "The fee is recorded as received.")

    @rx.event
    @acts
    def verify(self, w: Work):
        term = w.call(renewal_applications.verify_renewal, application_id=self._application_id, now=w.now,
                      settings=w.settings)
        name = self.facts.get("name", "The member")
        return self._done(w, f"Verified: {name} is renewed. Their next term runs from "
                             f"{wording.span(term.starts_on, term.ends_on)}, and they were emailed.")

    @rx.event
    @acts
    def return_application(self, w: Work, form: dict):
        w.call(renewal_applications.return_renewal, application_id=self._application_id,
               reason=text(form, "reason", 2000), now=w.now, settings=w.settings)
        return self._done(w, "Returned to the member with your reason.")

    @rx.event
    @acts
    def ask_strike(self, w: Work, form: dict):
        """The confirmation first: which line, the standing it leaves, the reason the member will read."""
        line = {"kind": text(form, "kind", 20), "line_id": browser_int(text(form, "line_id", 20)),
                "reason": text(form, "reason", 2000)}
        self.strike_summary = w.call(previews.strike_preview, application_id=self._application_id, **line)
        self._strike, self.strike_open, self.error = line, True, ""

    @rx.event
    def cancel_strike(self):
        self._strike, self.strike_open = {}, False

    @rx.event
    @acts
    def strike(self, w: Work):
        """Strike the line the confirmation named; the check is the service's, again."""
        line, self.strike_open = dict(self._strike), False
        if not line:
            return None
        w.call(renewal_evidence.strike_credit, application_id=self._application_id, now=w.now, settings=w.settings,
               **line)
        return self._done(w, "The credit is struck: it no longer counts, and the member was emailed.")


def _fact(label: str, key: str) -> rx.Component:
    """A label and its value side by side; a long value wraps beside its label, never under it."""
    return rx.cond(StaffRenewalState.facts[key] != "", rx.hstack(
        rx.text(label, color_scheme="gray", min_width="6em", flex_shrink="0"),
        rx.text(StaffRenewalState.facts[key], flex="1", min_width="0", overflow_wrap="anywhere"),
        spacing="3", width="100%"))


def _verify_card() -> rx.Component:
    """Verify, behind a summary of what it does; when it cannot be pressed, exactly why."""
    s = StaffRenewalState
    return rx.card(rx.vstack(
        rx.heading("Verify", as_="h2", size="4"),
        rx.cond(s.verify_blocked != "",
                rx.text(s.verify_blocked, id="verify-why", weight="medium"),
                rx.text("The record has the hours needed and the fee is received.", id="verify-why")),
        confirm_dialog("Check before you verify", s.verify_summary, "Yes, verify and record the next term",
                       StaffRenewalState.verify, color="green",
                       note="Once verified, the renewal cannot be undone from this page.",
                       trigger=rx.button("Verify and record the next term", size="3", min_height=TOUCH,
                                         color_scheme="green", disabled=s.verify_blocked != "",
                                         aria_describedby="verify-why", width=["100%", "auto"])),
        spacing="3", width="100%"), width="100%")


def _actions() -> rx.Component:
    key = StaffRenewalState.form_key.to_string()
    return rx.vstack(
        rx.cond(~StaffRenewalState.paid, rx.card(rx.form(rx.vstack(
            rx.heading("Record the fee as received", as_="h2", size="4"),
            field("Payment reference", "reference", text_input("reference", required=True, max_length=100,
                                                               placeholder="Receipt or transaction number")),
            submit_button("Record payment", width=["100%", "auto"]), spacing="3", width="100%"),
            on_submit=StaffRenewalState.record_payment, key="pay-" + key), width="100%")),
        _verify_card(),
        rx.card(rx.form(rx.vstack(
            rx.heading("Return to the member", as_="h2", size="4"),
            field("Reason (emailed to the member)", "reason",
                  rx.text_area(id="reason", name="reason", required=True, max_length=2000, size="3",
                               width="100%")),
            submit_button("Return application", color_scheme="red", width=["100%", "auto"]),
            spacing="3", width="100%"), on_submit=StaffRenewalState.return_application, key="return-" + key),
            width="100%"),
        spacing="3", width="100%")


def _strike_form(row: EvidenceRow) -> rx.Component:
    return rx.form(rx.flex(
        rx.el.input(type="hidden", name="kind", value=row.kind),
        rx.el.input(type="hidden", name="line_id", value=row.id),
        rx.el.label("Reason to strike ", row.title, html_for="reason-" + row.key, class_name="sr-only",
                    style={"position": "absolute", "width": "1px", "height": "1px", "overflow": "hidden",
                           "clip": "rect(0 0 0 0)"}),
        rx.input(id="reason-" + row.key, name="reason", required=True, max_length=2000,
                 placeholder="Reason (emailed to the member)", size="3", flex="1", min_width="12em"),
        rx.button("Strike", type="submit", color_scheme="red", variant="soft", min_height=TOUCH,
                  aria_label="Strike " + row.title),
        gap="0.5em", wrap="wrap", width="100%"), on_submit=StaffRenewalState.ask_strike, width="100%")


def _strike_dialog() -> rx.Component:
    """One confirmation for the line whose Strike was pressed; Cancel leaves the line and its reason as they were."""
    return confirm_dialog("Check before you strike", StaffRenewalState.strike_summary, "Yes, strike this credit",
                          StaffRenewalState.strike, open=StaffRenewalState.strike_open,
                          on_cancel=StaffRenewalState.cancel_strike, color="red")


def _evidence_line(row: EvidenceRow) -> rx.Component:
    return rx.card(rx.vstack(
        hours_row(rx.text(row.title, weight="medium"), row.hours),
        rx.text(row.category, " · ", row.dates, " · ", row.source, " · ", row.provider, size="2",
                color_scheme="gray"),
        rx.text(row.counts, size="2", color_scheme=rx.cond(row.struck, "red", "gray")),
        rx.cond(row.struck, rx.text("Struck: ", row.struck_reason, size="2", color_scheme="red")),
        rx.cond(row.request != "", rx.flex(
            rx.link("The approval request", href=row.request, min_height=TOUCH, display="flex",
                    align_items="center"),
            rx.cond(row.file_href != "", rx.link("Attachments: ", row.files, href=row.file_href,
                                                    is_external=True, min_height=TOUCH, display="flex",
                                                    align_items="center")),
            wrap="wrap", column_gap="1.5em")),
        rx.cond(StaffRenewalState.pending & ~row.struck, _strike_form(row)),
        spacing="1", width="100%"), width="100%")


def _evidence() -> rx.Component:
    return rx.vstack(
        rx.heading("The credits behind the standing", as_="h2", size="5"),
        rx.text("Every credit completed in the term, by category. Strike one that was wrongly recorded: it stays "
                "on the record, marked, and no longer counts.", size="2"),
        rx.foreach(StaffRenewalState.evidence, _evidence_line),
        spacing="2", width="100%")


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
                    c.name, ": ", c.counted, " h counted (", c.limit, "), ", c.missing, size="2")),
                _fact("Returned", "reason"), _fact("Next term", "next_term"),
                spacing="2", width="100%"), width="100%"),
            _evidence(),
            # Decided after reading the evidence: the actions come below it.
            rx.cond(StaffRenewalState.pending, _actions()),
            _strike_dialog(),
            spacing="4", width="100%")),
        rx.link("Back to the renewals queue", href=routes.STAFF_RENEWALS, min_height="44px", display="flex",
                align_items="center"),
    )
