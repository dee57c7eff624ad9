"""Public certificate verification: no login, and nothing beyond the certificate itself."""

from __future__ import annotations

import reflex as rx

from ce_tracker import formatting as fmt
from ce_tracker import routes
from ce_tracker.components.certificate_view import certificate_fields, day_lines, record_body
from ce_tracker.components.layout import field, notice, page, submit_button
from ce_tracker.pages.forms import text
from ce_tracker.services.events import certificates
from ce_tracker.services.throttle import client_key
from ce_tracker.state.work import Work, acts


class VerifyState(rx.State):
    number: str = ""
    code: str = ""
    checked: bool = False
    error: str = ""
    found: bool = False
    issued: str = ""
    revoked: str = ""
    has_details: bool = False
    cert: dict[str, str] = {}
    days: list[dict[str, str]] = []

    def _check(self, w: Work, number: str, code: str) -> None:
        self.number, self.code = number.strip().upper()[:32], code.strip().upper()[:16]
        self.checked = bool(self.number)
        if not self.checked:
            return
        with w.attempt() as refused:  # misses are counted per client, so a throttled check still counts
            result = certificates.verify(session=w.session, number=self.number, code=self.code,
                                         client=client_key(self.router.session.client_ip), now=w.now)
        if refused:
            self.error, self.checked = refused.message, False
            return
        self.error = ""
        self.found, self.has_details = result.found, result.details is not None
        self.issued = fmt.day(result.issued_on) if result.found else ""
        self.revoked = result.revoked_reason or ("Revoked" if result.revoked else "")
        self.cert = certificate_fields(result.details) if result.details else {}
        self.days = day_lines(result.details) if result.details else []

    @rx.event
    @acts(public=True)
    def load(self, w: Work):
        """Check the number from the QR code's address; a bare visit keeps what is on screen."""
        params = self.router.url.query_parameters
        if params.get("n"):
            self._check(w, params.get("n", ""), params.get("c", ""))

    @rx.event
    @acts(public=True)
    def submit(self, w: Work, form: dict):
        self._check(w, text(form, "number", 32), text(form, "code", 16))


def _result() -> rx.Component:
    return rx.cond(
        VerifyState.found,
        rx.vstack(
            rx.cond(VerifyState.revoked != "",
                    rx.callout("Certificate " + VerifyState.number + " was issued on " + VerifyState.issued
                               + " and has been REVOKED: " + VerifyState.revoked, color_scheme="red", role="alert"),
                    rx.callout("Certificate " + VerifyState.number + " is authentic. It was issued on "
                               + VerifyState.issued + ".", color_scheme="green", role="status")),
            rx.cond(VerifyState.has_details, rx.card(record_body(VerifyState.cert, VerifyState.days), width="100%"),
                    rx.text("Enter the verification code printed on the certificate to see its details.",
                            size="2")),
            width="100%",
        ),
        rx.callout("No certificate with number " + VerifyState.number + " exists. Check the number as printed.",
                   color_scheme="red", role="alert"),
    )


def verify_page() -> rx.Component:
    return page(
        "Verify a certificate",
        rx.text("Check that a CME participation record was issued by us. The certificate number and "
                "verification code are printed at its foot; the QR code fills them in."),
        rx.form(
            rx.vstack(
                field("Certificate number", "number", rx.input(id="number", name="number", required=True,
                      default_value=VerifyState.number, size="3", width="100%", max_length=32,
                      placeholder="CME-2026-7K3QX9PA", key=VerifyState.number)),
                field("Verification code (optional)", "code", rx.input(id="code", name="code", size="3",
                      width="100%", max_length=16, default_value=VerifyState.code, key=VerifyState.code)),
                submit_button("Verify", width="100%"),
                spacing="3", width="100%",
            ),
            on_submit=VerifyState.submit, width="100%", max_width="420px",
        ),
        notice(VerifyState.error),
        rx.cond(VerifyState.checked, _result()),
        rx.link("Verify a digital credential (Open Badges .json file)", href=routes.VERIFY_CREDENTIAL,
                min_height="44px", display="flex", align_items="center"),
    )
