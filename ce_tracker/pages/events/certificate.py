"""The official CME participation record: view, print, download (R002-13)."""

from __future__ import annotations

from urllib.parse import unquote

import reflex as rx
import segno

from ce_tracker import routes
from ce_tracker.components.certificate_view import certificate_fields, day_lines, record_body
from ce_tracker.components.layout import TOUCH, page
from ce_tracker.services.errors import NotFound
from ce_tracker.services.events import certificates
from ce_tracker.state.auth import AuthState
from ce_tracker.state.work import Work, acts


class CertificateState(AuthState):
    found: bool = True
    cert: dict[str, str] = {}
    days: list[dict[str, str]] = []
    pdf_href: str = ""
    verify_href: str = ""
    qr: str = ""

    @rx.event
    @acts
    def load(self, w: Work):
        number = unquote(self._path_tail())
        try:
            view = w.call(certificates.certificate_for, number=number)
        except NotFound:
            self.found, self.cert, self.days = False, {}, []
            return
        self.found, self.cert, self.days = True, certificate_fields(view), day_lines(view)
        self.pdf_href = routes.certificate_pdf(view.number)
        self.verify_href = routes.verify_link(view.number, view.verification_code)
        self.qr = segno.make(self.verify_href, error="m").svg_data_uri(scale=3, border=2)


def advanced_credential() -> rx.Component:
    """The verifiable credential, folded away: only software (a wallet, another society's system) needs it."""
    return rx.el.details(
        rx.el.summary("Advanced: the same certificate for a digital wallet", class_name="disclosure"),
        rx.text("Some employers, licensing boards and digital wallets read certificates as signed files (an "
                "Open Badges 3.0 verifiable credential) that their software checks by itself. If you are asked "
                "for one, download it from ", rx.link("Verifiable credentials", href=routes.CREDENTIALS),
                ". Everyone else needs only the PDF.", size="2"),
        class_name="no-print", width="100%")


def certificate_page() -> rx.Component:
    return page(
        "CME participation record",
        rx.cond(
            CertificateState.found,
            rx.vstack(
                rx.card(rx.vstack(
                    record_body(CertificateState.cert, CertificateState.days),
                    rx.image(src=CertificateState.qr, alt="QR code of this certificate's verification address",
                             width="120px", height="120px"),
                    width="100%"), width="100%", class_name="certificate"),
                rx.text("Anyone can check this certificate at ", rx.link(CertificateState.verify_href,
                        href=CertificateState.verify_href, word_break="break-all"), size="2"),
                rx.flex(
                    # The PDF first: what licensing boards and employers ask for. A plain anchor: the PDF comes
                    # from a backend route, not a page of the app.
                    rx.el.a(rx.icon("download", aria_hidden="true"), "Download PDF",
                            href=CertificateState.pdf_href, download="", class_name="download-link primary",
                            custom_attrs={"reloadDocument": True}),
                    rx.button(rx.icon("printer", aria_hidden="true"), "Print", size="3", min_height=TOUCH,
                              variant="soft", on_click=rx.call_script("window.print()")),
                    spacing="3", wrap="wrap", class_name="no-print",
                ),
                advanced_credential(),
                rx.link("Back to CME Tracker", href=routes.CME, min_height=TOUCH, display="flex",
                        align_items="center", class_name="no-print"),
                spacing="3", width="100%",
            ),
            rx.text("This certificate is not in your record."),
        ),
    )
