"""Staff: look a certificate up by its number, and revoke it with a reason.

The looked-up number is kept in a backend-only var, so the revoke form acts on
the certificate shown, not on whatever the browser sends; the services decide
who may look up and revoke (staff only), count a staff account's misses, and
refuse a second revocation.
"""

from __future__ import annotations

import reflex as rx

from ce_tracker import formatting as fmt
from ce_tracker import routes
from ce_tracker.components.controls import text_input
from ce_tracker.components.layout import TOUCH, field, notice, page, submit_button
from ce_tracker.pages.forms import text
from ce_tracker.services.events import certificates
from ce_tracker.state.auth import AuthState
from ce_tracker.state.work import Work, acts


class StaffCertificatesState(AuthState):
    number: str = ""  # as typed, to prefill the box
    checked: bool = False
    found: bool = False
    shown_number: str = ""
    issued: str = ""
    revoked: str = ""
    details: dict[str, str] = {}
    certificate_href: str = ""
    error: str = ""
    message: str = ""
    revoke_error: str = ""
    form_key: int = 0
    _number: str = ""  # the certificate found, the one the revoke form acts on

    def _look_up(self, w: Work, number: str) -> None:
        self.number = number.strip().upper()[:32]
        self.checked = bool(self.number)
        self.found, self._number, self.details, self.certificate_href = False, "", {}, ""
        self.shown_number = self.issued = self.revoked = ""
        if not self.checked:
            return
        result = w.call(certificates.staff_look_up, number=self.number, now=w.now)
        view = result.details
        self.found = result.found
        if not result.found:
            return
        self._number, self.shown_number = result.number, result.number
        self.issued = fmt.day(result.issued_on)
        if result.revoked:
            revoked_on = f" on {fmt.day(view.revoked_at.date())}" if view and view.revoked_at else ""
            self.revoked = f"Revoked{revoked_on}: {result.revoked_reason or 'no reason given'}"
        if view is not None:
            self.details = {"member": f"{view.member_name} (member ID {view.member_number})",
                            "event": f"{view.event_title}, {fmt.format_date_range(view.starts_on, view.ends_on)}",
                            "total": f"{fmt.hours(view.total)} credits"}
            self.certificate_href = routes.certificate(view.number)

    @rx.event
    @acts
    def load(self, w: Work):
        self.error = self.message = self.revoke_error = ""
        self.form_key += 1
        self._look_up(w, self.router.url.query_parameters.get("n", "")[:32])

    @rx.event
    @acts
    def look_up(self, w: Work, form: dict):
        self.error = self.message = self.revoke_error = ""
        self.form_key += 1
        self._look_up(w, text(form, "number", 32))

    @rx.event
    @acts(error="revoke_error")
    def revoke(self, w: Work, form: dict):
        self.message = ""
        if not self._number:
            self.revoke_error = "Look the certificate up first."
            return
        w.call(certificates.revoke, number=self._number, reason=text(form, "reason", 600), now=w.now)
        number = self._number
        self.revoke_error = ""
        self._look_up(w, number)
        self.message = f"Certificate {number} is revoked. The verification page now says so, with your reason."


def _lookup_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            field("Certificate number", "number",
                  text_input("number", required=True, max_length=32, placeholder="CME-2026-7K3QX9PA",
                         default_value=StaffCertificatesState.number, auto_complete="off")),
            submit_button("Look up", width=["100%", "auto"]),
            spacing="3", width="100%",
        ),
        on_submit=StaffCertificatesState.look_up, width="100%", max_width="420px",
        key="lookup-" + StaffCertificatesState.form_key.to_string(),
    )


def _fact(label: str, value) -> rx.Component:
    return rx.vstack(rx.text(label, size="1", color_scheme="gray"),
                     rx.text(value, weight="medium", overflow_wrap="anywhere"), spacing="0", width="100%")


def _revoke_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.heading("Revoke this certificate", as_="h2", size="5"),
            rx.text("Revoking cannot be undone. Anyone who checks the number is told it was revoked, with the "
                    "reason below.", size="2"),
            field("Reason for revoking", "reason",
                  rx.text_area(id="reason", name="reason", required=True, rows="3", width="100%",
                               max_length=500),
                  "5 to 500 characters."),
            notice(StaffCertificatesState.revoke_error),
            submit_button("Revoke certificate", color_scheme="red", width=["100%", "auto"]),
            spacing="3", width="100%",
        ),
        on_submit=StaffCertificatesState.revoke, width="100%", max_width="520px",
        key="revoke-" + StaffCertificatesState.form_key.to_string(),
    )


def _result() -> rx.Component:
    s = StaffCertificatesState
    return rx.cond(
        s.found,
        rx.vstack(
            rx.cond(s.revoked != "",
                    rx.callout("Certificate " + s.shown_number + " was issued on " + s.issued + " and has been "
                               "REVOKED. " + s.revoked, color_scheme="red", role="status", width="100%"),
                    rx.callout("Certificate " + s.shown_number + " is valid. It was issued on " + s.issued + ".",
                               color_scheme="green", role="status", width="100%")),
            rx.cond(s.details.contains("member"), rx.card(rx.vstack(
                _fact("Member", s.details["member"]),
                _fact("Event", s.details["event"]),
                _fact("Total", s.details["total"]),
                rx.link("Open the certificate", href=s.certificate_href, min_height=TOUCH, display="flex",
                        align_items="center"),
                spacing="2", width="100%"), width="100%")),
            rx.cond(s.revoked == "", _revoke_form()),
            spacing="3", width="100%",
        ),
        rx.callout("No certificate with number " + s.number + " exists. Check the number as printed.",
                   color_scheme="red", role="alert", width="100%"),
    )


def staff_certificates_page() -> rx.Component:
    s = StaffCertificatesState
    return page(
        "Certificates",
        rx.cond(
            s.is_staff,
            rx.vstack(
                rx.text("Look up a certificate of participation by its number to check it or revoke it.",
                        size="2"),
                _lookup_form(),
                rx.cond(s.message != "", rx.callout(s.message, color_scheme="green", role="status",
                                                    width="100%")),
                notice(s.error),
                rx.cond(s.checked, _result()),
                spacing="4", width="100%",
            ),
            rx.text("This page is for headquarters staff. ", rx.link("Back to home", href=routes.HOME)),
        ),
    )
