"""The renewal invoice and, once paid, the receipt, as one-page PDFs.

Drawn with fpdf2's core Helvetica like the certificate (``certificate_pdf``), so no font files ship with the app;
text goes through the same latin-1 cleaning. Dates are the society's calendar dates from the application view.
"""

from __future__ import annotations

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from ce_tracker import formatting as fmt
from ce_tracker.config import Settings
from ce_tracker.services.events.certificate_pdf import _latin1
from ce_tracker.services.letterhead import draw_logo, letterhead
from ce_tracker.services.renewal.applications import ApplicationView

INK = (33, 37, 41)
MUTED = (90, 98, 110)


def _line(pdf: FPDF, text: str, size: float = 11, style: str = "", color=INK) -> None:
    pdf.set_font("Helvetica", style, size)
    pdf.set_text_color(*color)
    pdf.multi_cell(0, size * 0.5, _latin1(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1.5)


def _document(view: ApplicationView, settings: Settings, title: str, lines: list[str]) -> bytes:
    pdf = FPDF(format="letter")
    pdf.set_margins(25, 25, 25)
    pdf.add_page()
    head = letterhead(settings)
    if draw_logo(pdf, head.logo, x=25, y=20, height=12):
        pdf.set_y(34)
    _line(pdf, head.society_name, 16, "B")
    _line(pdf, title, 14, "B")
    pdf.ln(4)
    for text in lines:
        _line(pdf, text)
    pdf.ln(6)
    _line(pdf, f"Questions: {settings.support_email}", 9, color=MUTED)
    return bytes(pdf.output())


def _common(view: ApplicationView) -> list[str]:
    return [f"Member: {view.member_name} (member ID {view.member_number})",
            f"Reference: {view.invoice_reference}",
            f"Certification renewal for the term {fmt.day(view.term_starts_on)} to {fmt.day(view.term_ends_on)}",
            f"Application filed: {fmt.day(view.submitted_on)}",
            f"Renewal fee: {view.fee}"]


def invoice_pdf(view: ApplicationView, settings: Settings) -> bytes:
    """What to pay, how, and the reference to quote."""
    return _document(view, settings, "Invoice: certification renewal fee",
                     _common(view) + ["", f"How to pay: {settings.fee_instructions}",
                                      f"Quote the reference {view.invoice_reference} with your payment."])


def receipt_pdf(view: ApplicationView, settings: Settings) -> bytes:
    """Proof the fee was received; only for a paid application."""
    if not view.paid:
        raise ValueError("no receipt before the fee is paid")
    return _document(view, settings, "Receipt: certification renewal fee",
                     _common(view) + [f"Received: {fmt.day(view.paid_on)}",
                                      f"Payment reference: {view.payment_reference}", "", "Paid in full. Thank you."])


def my_fee_document(*, session, actor, now, settings: Settings, kind: str) -> tuple[str, bytes]:
    """The acting member's own invoice or receipt for their current term's application: (file name, PDF)."""
    from sqlmodel import select

    from ce_tracker.models import RenewalApplication
    from ce_tracker.services.errors import NotFound
    from ce_tracker.services.renewal.applications import member_term, view_of

    term = member_term(session, actor, now)
    application = session.exec(select(RenewalApplication).where(RenewalApplication.term_id == term.id)).first()
    if application is None:
        raise NotFound("Apply for renewal first: the invoice comes with your application.")
    view = view_of(session, application, term)
    if kind == "receipt":
        if not view.paid:
            raise NotFound("There is no receipt yet: the fee is not recorded as received.")
        return f"receipt-{view.invoice_reference}.pdf", receipt_pdf(view, settings)
    return f"invoice-{view.invoice_reference}.pdf", invoice_pdf(view, settings)
