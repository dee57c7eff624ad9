"""The member's renewal: standing for the term, the application with its attestation and fee (R000-16, R000-17).

Whether the member may apply is the service's verdict from the rules engine;
the page only shows it and sends the attestation checkbox's value.
"""

from __future__ import annotations

import reflex as rx

from ce_tracker import formatting as fmt
from ce_tracker import names
from ce_tracker.components import wording
from ce_tracker.components.layout import notice, page, submit_button
from ce_tracker.components.standing_lines import category_lines
from ce_tracker.config import settings
from ce_tracker.services import renewal
from ce_tracker.services.errors import DomainError
from ce_tracker.services.renewal import ApplicationView, RenewalStatus, TermStatus
from ce_tracker.state.auth import AuthState
from ce_tracker.state.work import Work, acts
from ce_tracker.web import urls

STATUS_WORDS = {
    RenewalStatus.SUBMITTED: "Submitted: headquarters is verifying your CE record.",
    RenewalStatus.VERIFIED: "Verified: your certification is renewed.",
    RenewalStatus.REJECTED: "Returned by headquarters.",
}


def application_summary(view: ApplicationView | None) -> dict[str, str]:
    if view is None:
        return {}
    return {"status": STATUS_WORDS[view.status], "submitted": fmt.day(view.submitted_at.date()),
            "fee": view.fee, "paid": "Fee received" if view.paid else "Fee not yet received",
            "reason": view.return_reason if view.status is RenewalStatus.REJECTED else "",
            "next_term": (wording.span(view.next_term[0], view.next_term[1])
                          if view.next_term else "")}


class RenewalState(AuthState):
    has_term: bool = True
    term: str = ""
    lapsed: bool = False
    counted: str = ""
    required: str = ""
    categories: list[dict[str, str]] = []
    may_apply: bool = False
    why_not: str = ""
    fee: str = ""
    application: dict[str, str] = {}
    error: str = ""
    message: str = ""

    def _refresh(self, w: Work) -> None:
        view = renewal.renewal_overview(session=w.session, actor=w.actor, now=w.now, settings=settings)
        self.has_term = True
        self.term = wording.span(view.term_starts_on, view.term_ends_on)
        self.lapsed = view.term_status is TermStatus.LAPSED
        self.counted = fmt.hours(view.standing.counted_total)
        self.required = fmt.hours(view.standing.program.total_hours)
        self.categories = category_lines(view.standing)
        self.may_apply, self.why_not, self.fee = view.may_apply, view.why_not, view.fee
        self.application = application_summary(view.application)

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
        renewal.apply_for_renewal(session=w.session, actor=w.actor, attested=attested, now=w.now, settings=settings)
        w.mail_after()
        self.error = ""
        self.message = "Your application is filed. Headquarters will verify your record and email you."
        self._refresh(w)


def _standing() -> rx.Component:
    return rx.card(rx.vstack(
        rx.text("Term: ", RenewalState.term),
        rx.text("Counted: ", rx.text.strong(RenewalState.counted, " of ", RenewalState.required, " h")),
        rx.foreach(RenewalState.categories, lambda c: rx.text(
            c["name"], ": ", c["counted"], " h counted (", c["limit"], "), ", c["missing"], size="2")),
        spacing="1", width="100%"), width="100%")


def _application() -> rx.Component:
    app = RenewalState.application
    return rx.card(rx.vstack(
        rx.heading("Your application", as_="h2", size="4"),
        rx.text(app["status"], weight="medium"),
        rx.text("Filed on ", app["submitted"], " · fee ", app["fee"], " · ", app["paid"], size="2"),
        rx.cond(app["reason"] != "", rx.callout("Reason: " + app["reason"], color_scheme="amber", role="status")),
        rx.cond(app["next_term"] != "", rx.text("Your next term: ", app["next_term"],
                                               ". Start collecting another 35 hours!")),
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
        rx.text("Renewal fee: ", rx.text.strong(RenewalState.fee),
                ". Pay headquarters as you usually do; staff record it as received. No card details are kept here.",
                size="2"),
        submit_button("Apply for renewal", width=["100%", "auto"]),
        spacing="3", width="100%"), on_submit=RenewalState.apply, width="100%")


def _continuing_education() -> rx.Component:
    """ "Navigate to Certified Medical Illustrator Renewal and then click on Continuing Education" (first seed)."""
    return rx.card(rx.vstack(
        # R000-21: Continuing Education, reached from the renewal area, leads to Education Opportunities
        rx.link(names.CONTINUING_EDUCATION, href=urls.COURSES, size="5", weight="bold", min_height="44px",
                display="flex", align_items="center"),
        rx.text("Add CE credit: choose the category you want credit in, then record your hours for a course in ",
                names.EDUCATION_OPPORTUNITIES, ". An activity not listed there needs the CE committee's approval "
                "first: ", rx.link(names.ELIGIBILITY_FORM, href=urls.NEW_REQUEST, min_height="44px",
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
            rx.cond(RenewalState.lapsed,
                    rx.callout(RenewalState.why_not, color_scheme="red", role="alert")),
            rx.cond(RenewalState.application.contains("status"), _application()),
            rx.cond(RenewalState.may_apply, _apply_form(),
                    rx.cond(~RenewalState.lapsed & (RenewalState.why_not != ""),
                            rx.callout(RenewalState.why_not, color_scheme="gray", role="status"))),
            rx.link("See your CE credit record", href=urls.RECORD, min_height="44px", display="flex",
                    align_items="center"),
        )),
    )
