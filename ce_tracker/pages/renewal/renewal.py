"""The member's renewal: the term's phase, standing, the application with its attestation and fee (R000-15 to 17).

Whether the member may apply is the service's verdict from the rules engine (the renewal window, grace, lapse);
the page only shows it and sends the attestation checkbox's value. The fee comes with the configured payment
instructions, the reference to quote, and the invoice and receipt PDFs. Dates are the society's calendar dates.
"""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from ce_tracker import formatting as fmt
from ce_tracker import names, routes
from ce_tracker.components import wording
from ce_tracker.components.layout import notice, page, submit_button
from ce_tracker.components.standing_lines import CategoryLine, category_lines
from ce_tracker.config import settings
from ce_tracker.rules import TermPhase
from ce_tracker.services.errors import DomainError
from ce_tracker.services.renewal import applications
from ce_tracker.services.renewal.applications import ApplicationView
from ce_tracker.services.renewal.common import RenewalStatus, TermStatus
from ce_tracker.state.auth import AuthState
from ce_tracker.state.work import Work, acts

STATUS_WORDS = {
    RenewalStatus.SUBMITTED: "Submitted: headquarters is verifying your CE record.",
    RenewalStatus.VERIFIED: "Verified: your certification is renewed.",
    RenewalStatus.REJECTED: "Returned by headquarters.",
}


@dataclass(frozen=True)
class ApplicationSummary:
    """The member's application in words."""

    status: str = ""
    submitted: str = ""
    fee: str = ""
    paid: str = ""  # "Fee received on ..." or "Fee not yet received"
    is_paid: bool = False
    reference: str = ""  # the invoice reference to quote with the payment
    reason: str = ""  # why headquarters returned it, when it did
    next_term: str = ""  # the verified renewal's next term, as a span


def application_summary(view: ApplicationView) -> ApplicationSummary:
    return ApplicationSummary(
        status=STATUS_WORDS[view.status], submitted=fmt.day(view.submitted_on), fee=view.fee,
        paid=f"Fee received on {fmt.day(view.paid_on)}" if view.paid else "Fee not yet received",
        is_paid=view.paid, reference=view.invoice_reference,
        reason=view.return_reason if view.status is RenewalStatus.REJECTED else "",
        next_term=wording.span(view.next_term[0], view.next_term[1]) if view.next_term else "")


class RenewalState(AuthState):
    has_term: bool = True
    term: str = ""
    status_words: str = ""
    lapsed: bool = False
    fee_instructions: str = settings.fee_instructions
    exam_url: str = settings.exam_url
    board_email: str = settings.board_email
    counted: str = ""
    required: str = ""
    categories: list[CategoryLine] = []
    may_apply: bool = False
    why_not: str = ""
    fee: str = ""
    has_application: bool = False
    application: ApplicationSummary = ApplicationSummary()
    error: str = ""
    message: str = ""

    def _refresh(self, w: Work) -> None:
        view = w.call(applications.renewal_overview, now=w.now, settings=w.settings)
        self.has_term = True
        self.term = wording.span(view.term_starts_on, view.term_ends_on)
        self.lapsed = view.term_status is TermStatus.LAPSED
        self.status_words = view.status_words if view.phase is not TermPhase.LAPSED else ""
        self.counted = fmt.hours(view.standing.counted_total)
        self.required = fmt.hours(view.standing.program.total_hours)
        self.categories = category_lines(view.standing)
        # Before the window the term's line already says when applying opens and what is still needed.
        self.may_apply, self.fee = view.may_apply, view.fee
        self.why_not = "" if view.phase is TermPhase.COLLECTING else view.why_not
        self.has_application = view.application is not None
        self.application = application_summary(view.application) if view.application else ApplicationSummary()

    @rx.event
    @acts
    def load(self, w: Work):
        self.error = self.message = ""
        try:
            self._refresh(w)
        except DomainError as error:
            self.has_term, self.error = False, error.message

    @rx.event
    @acts
    def apply(self, w: Work, form: dict):
        """File the application; a ticked checkbox arrives as "on" (or true, read from its element)."""
        attested = isinstance(form, dict) and form.get("attest") in ("on", True)
        w.call(applications.apply_for_renewal, attested=attested, now=w.now, settings=w.settings)
        w.mail_after()
        self.error = ""
        self.message = "Your application is filed. Headquarters will verify your record and email you."
        self._refresh(w)


def _standing() -> rx.Component:
    return rx.card(rx.vstack(
        rx.text("Term: ", RenewalState.term),
        rx.cond(RenewalState.status_words != "", rx.text(RenewalState.status_words, weight="medium")),
        rx.text("Counted: ", rx.text.strong(RenewalState.counted, " of ", RenewalState.required, " h")),
        rx.foreach(RenewalState.categories, lambda c: rx.text(
            c.name, ": ", c.counted, " h counted (", c.limit, "), ", c.missing, size="2")),
        spacing="1", width="100%"), width="100%")


def _application() -> rx.Component:
    app = RenewalState.application
    return rx.card(rx.vstack(
        rx.heading("Your application", as_="h2", size="4"),
        rx.text(app.status, weight="medium"),
        rx.text("Filed on ", app.submitted, " · fee ", app.fee, " · ", app.paid, size="2"),
        rx.cond(~app.is_paid, rx.vstack(
            rx.text("How to pay: ", RenewalState.fee_instructions, size="2"),
            rx.text("Your reference: ", rx.text.strong(app.reference), " (quote it with your payment)", size="2"),
            spacing="1")),
        rx.flex(
            rx.link("Download the invoice (PDF)", href=routes.fee_document("invoice"), is_external=True,
                    min_height="44px", display="flex", align_items="center"),
            rx.cond(app.is_paid, rx.link("Download the receipt (PDF)", href=routes.fee_document("receipt"),
                                                  is_external=True, min_height="44px", display="flex",
                                                  align_items="center")),
            wrap="wrap", column_gap="1.5em"),
        rx.cond(app.reason != "", rx.callout("Reason: " + app.reason, color_scheme="amber", role="status")),
        rx.cond(app.next_term != "", rx.text("Your next term: ", app.next_term,
                                               ". Start collecting another ", RenewalState.required, " hours!")),
        spacing="2", width="100%"), width="100%")


def _apply_form() -> rx.Component:
    return rx.form(rx.vstack(
        rx.heading("Apply for renewal", as_="h2", size="4"),
        rx.text("Headquarters will check your online record to confirm the required CE hours were earned and "
                "properly recorded during your term."),
        rx.el.label(
            rx.hstack(rx.el.input(type="checkbox", name="attest", id="attest", required=True,
                                  style={"width": "24px", "height": "24px", "flex_shrink": "0"}),
                      rx.text("I attest that the CE credits in my record were earned by me and properly recorded "
                              "during this certification term."),
                      align="start", spacing="3"),
            html_for="attest", min_height="44px", display="flex", align_items="center"),
        rx.text("Renewal fee: ", rx.text.strong(RenewalState.fee), ". ", RenewalState.fee_instructions,
                " Your reference and an invoice come with your application. No card details are kept here.",
                size="2"),
        submit_button("Apply for renewal", width=["100%", "auto"]),
        spacing="3", width="100%"), on_submit=RenewalState.apply, width="100%")


def _continuing_education() -> rx.Component:
    """ "Navigate to Certified Medical Illustrator Renewal and then click on Continuing Education" (first seed)."""
    return rx.card(rx.vstack(
        # R000-21: Continuing Education, reached from the renewal area, leads to Education Opportunities
        rx.link(names.CONTINUING_EDUCATION, href=routes.COURSES, size="5", weight="bold", min_height="44px",
                display="flex", align_items="center"),
        rx.text("Add CE credit: choose the category you want credit in, then record your hours for a course in ",
                names.EDUCATION_OPPORTUNITIES, ". An activity not listed there needs the CE committee's approval "
                "first: ", rx.link(names.ELIGIBILITY_FORM, href=routes.NEW_REQUEST, min_height="44px",
                                   display="inline-flex", align_items="center"), ".", size="2"),
        spacing="1", width="100%"), width="100%")


def renewal_page() -> rx.Component:
    return page(
        names.RENEWAL_AREA,
        notice(RenewalState.error),
        notice(RenewalState.message, color="green", role="status"),
        rx.cond(RenewalState.has_term, rx.fragment(
            _continuing_education(),
            _standing(),
            rx.cond(RenewalState.lapsed, rx.callout(rx.vstack(
                rx.text(RenewalState.why_not),
                rx.link("Apply to retake the certification exam", href=RenewalState.exam_url, is_external=True,
                        min_height="44px", display="flex", align_items="center"),
                rx.link("Write to the Board of Certification", href="mailto:" + RenewalState.board_email,
                        min_height="44px", display="flex", align_items="center"),
                spacing="1"), color_scheme="red", role="alert")),
            rx.cond(RenewalState.has_application, _application()),
            rx.cond(RenewalState.may_apply, _apply_form(),
                    rx.cond(~RenewalState.lapsed & (RenewalState.why_not != ""),
                            rx.callout(RenewalState.why_not, color_scheme="gray", role="status"))),
            rx.link("See your CE credit record", href=routes.RECORD, min_height="44px", display="flex",
                    align_items="center"),
        )),
    )
