"""The official CME participation record: view, print, download (R002-13)."""

from __future__ import annotations

from urllib.parse import unquote

import reflex as rx
import segno

from ce_tracker import formatting as fmt
from ce_tracker.components.layout import TOUCH, page
from ce_tracker.config import settings
from ce_tracker.db import unit_of_work
from ce_tracker.services import certificates
from ce_tracker.services.certificates import CertificateView
from ce_tracker.services.errors import NotFound
from ce_tracker.state.auth import AuthState
from ce_tracker.web import urls


def certificate_fields(view: CertificateView) -> dict[str, str]:
    """What the record shows, as display strings (shared with the public verification page)."""
    return {
        "number": view.number, "code": view.verification_code, "member": view.member_name,
        "member_number": view.member_number, "event": view.event_title, "provider": view.provider,
        "location": view.location, "dates": fmt.format_date_range(view.starts_on, view.ends_on),
        "total": fmt.hours(view.total), "designation": view.designation,
        "issued": fmt.day(view.issued_at.date()),
        "revoked": (f"Revoked on {fmt.day(view.revoked_at.date())}: {view.revoked_reason}"
                    if view.revoked_at else ""),
    }


def day_lines(view: CertificateView) -> list[dict[str, str]]:
    return [{"day": fmt.weekday(d.day), "credits": fmt.hours(d.credits)} for d in view.days]


class CertificateState(AuthState):
    found: bool = True
    cert: dict[str, str] = {}
    days: list[dict[str, str]] = []
    pdf_href: str = ""
    verify_href: str = ""
    qr: str = ""

    @rx.event
    def load(self):
        actor = self._actor()
        if actor is None:
            return self._to_login()
        number = unquote(self._path_tail())
        try:
            with unit_of_work() as session:
                view = certificates.certificate_for(session=session, actor=actor, number=number)
        except NotFound:
            self.found, self.cert, self.days = False, {}, []
            return
        self.found, self.cert, self.days = True, certificate_fields(view), day_lines(view)
        self.pdf_href = urls.certificate_pdf(view.number)
        self.verify_href = urls.verify_link(view.number, view.verification_code)
        self.qr = segno.make(self.verify_href, error="m").svg_data_uri(scale=3, border=2)


def record_body(cert, days) -> rx.Component:
    """The certificate's content; the verification page renders the same body."""
    return rx.vstack(
        rx.text(settings.society_name, size="2", weight="medium", color_scheme="gray"),
        rx.heading("Certificate of Participation", as_="h2", size="6"),
        rx.cond(cert["revoked"] != "", rx.callout(cert["revoked"], color_scheme="red", role="alert")),
        rx.text("This certifies that ", rx.text.strong(cert["member"]), " (Member ID ", cert["member_number"],
                ") participated in ", rx.text.strong(cert["event"]), ", ", cert["dates"], ", ",
                cert["location"], ", provided by ", cert["provider"], "."),
        rx.el.table(
            rx.el.thead(rx.el.tr(rx.el.th("Day", scope="col", text_align="left"),
                                 rx.el.th("Credits", scope="col", text_align="right"))),
            rx.el.tbody(rx.foreach(days, lambda d: rx.el.tr(rx.el.td(d["day"]),
                                                            rx.el.td(d["credits"], text_align="right")))),
            rx.el.tfoot(rx.el.tr(rx.el.th("Total credits", scope="row", text_align="left"),
                                 rx.el.td(cert["total"], text_align="right", font_weight="bold"))),
            width="100%", max_width="420px",
        ),
        rx.text(cert["designation"], size="2"),
        rx.text("Certificate number ", rx.text.strong(cert["number"]), " · Verification code ",
                rx.text.strong(cert["code"]), " · Issued ", cert["issued"], size="2"),
        spacing="3", width="100%",
    )


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
                    rx.button(rx.icon("printer", aria_hidden="true"), "Print", size="3", min_height=TOUCH,
                              on_click=rx.call_script("window.print()")),
                    # A plain anchor: the PDF comes from a backend route, not a page of the app.
                    rx.el.a(rx.icon("download", aria_hidden="true"), "Download PDF",
                            href=CertificateState.pdf_href, download="", class_name="download-link",
                            custom_attrs={"reloadDocument": True}),
                    spacing="3", wrap="wrap", class_name="no-print",
                ),
                rx.link("Download it as a verifiable credential", href="/account/credentials", min_height=TOUCH,
                        display="flex", align_items="center", class_name="no-print"),
                rx.link("Back to CME Tracker", href=urls.CME, min_height=TOUCH, display="flex",
                        align_items="center", class_name="no-print"),
                spacing="3", width="100%",
            ),
            rx.text("This certificate is not in your record."),
        ),
    )
