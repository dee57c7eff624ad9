"""The printable certificate of participation, the official CME Participation Record (R002-13, R002-18).

Members hand this page to licensing boards and employers, so it has to be one
clean page that anyone can check: it carries the certificate number, the
verification code and a QR code pointing at the public verification page. It
uses only the PDF core font (Helvetica), so no font files ship with the app;
that font only knows latin-1, hence ``_latin1``. ``format_credits`` and
``format_date_range`` come from ``ce_tracker.formatting`` because the web pages show the same values the
same way.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import segno
from fpdf import FPDF
from fpdf.enums import Align, MethodReturnValue, XPos, YPos
from fpdf.fonts import FontFace

from ce_tracker.formatting import format_credits, format_date_range
from ce_tracker.formatting import long_date as _long_date
from ce_tracker.services.events.certificates import CertificateDay, CertificateView
from ce_tracker.services.letterhead import draw_logo

PAGE_W, PAGE_H = 215.9, 279.4  # US Letter, portrait, in mm
MARGIN = 25.0
BODY_W = PAGE_W - 2 * MARGIN
FOOTER_TOP = 212.0  # the number, code and QR code always sit here
QR_SIZE = 34.0
INK = (33, 37, 41)
MUTED = (90, 98, 110)
ACCENT = (31, 64, 104)
RED = (180, 0, 0)
HEADINGS = FontFace(emphasis="BOLD", fill_color=(232, 237, 243))

_PUNCTUATION = str.maketrans({
    "\u2013": "-", "\u2014": "-", "\u2010": "-", "\u2011": "-", "\u2212": "-",
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"',
    "\u2026": "...", "\u2022": "-", "\u00a0": " ", "\u2009": " ", "\u202f": " ",
    "\u0141": "L", "\u0142": "l", "\u0110": "D", "\u0111": "d", "\u0152": "OE", "\u0153": "oe",
})


def _latin1(text: str) -> str:
    """``text`` in what Helvetica can draw: punctuation as ASCII, accents kept when latin-1 has them."""
    text = unicodedata.normalize("NFC", str(text)).translate(_PUNCTUATION)
    return "".join(_latin1_char(char) for char in text)


def _latin1_char(char: str) -> str:
    if ord(char) < 256:
        return char
    base = unicodedata.normalize("NFKD", char)[0]  # e.g. "ő" -> "o"
    return base if ord(base) < 128 and base.isalpha() else "?"


def _issued_on(moment: datetime) -> str:
    return _long_date(moment.date())


class _Certificate(FPDF):
    """An FPDF page whose text calls pass through ``_latin1``."""

    def line_of(self, text: str, size: float, style: str = "", color: tuple[int, int, int] = INK,
                height: float | None = None, align: Align = Align.C) -> None:
        self.set_font("Helvetica", style, size)
        self.set_text_color(*color)
        self.set_x(MARGIN)
        self.multi_cell(BODY_W, height or size * 0.5, _latin1(text), align=align,
                        new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _new_pdf(view: CertificateView) -> _Certificate:
    pdf = _Certificate(orientation="portrait", unit="mm", format="letter")
    pdf.set_auto_page_break(False)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_title(f"Certificate of Participation {view.number}")
    pdf.set_creator("CE Tracker")
    pdf.set_creation_date(view.issued_at)
    pdf.add_page()
    return pdf


def _border(pdf: FPDF) -> None:
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(0.9)
    pdf.rect(10, 10, PAGE_W - 20, PAGE_H - 20)
    pdf.set_line_width(0.3)
    pdf.rect(13, 13, PAGE_W - 26, PAGE_H - 26)


def _rule(pdf: FPDF, gap: float = 4) -> None:
    pdf.ln(gap)
    pdf.set_draw_color(*MUTED)
    pdf.set_line_width(0.2)
    pdf.line(PAGE_W / 2 - 40, pdf.get_y(), PAGE_W / 2 + 40, pdf.get_y())
    pdf.ln(gap)


LOGO_HEIGHT = 12.0


def _heading(pdf: _Certificate, view: CertificateView, society_name: str, logo: Path | None) -> None:
    drawn = draw_logo(pdf, logo, x=Align.C, y=18, height=LOGO_HEIGHT)
    pdf.set_y(18 + LOGO_HEIGHT + 2 if drawn else 22)
    pdf.line_of(society_name, 14, "B", ACCENT, height=7)
    pdf.line_of("CME Participation Record", 9, "", MUTED, height=5)
    pdf.ln(3)
    pdf.line_of("Certificate of Participation", 26, "B", INK, height=12)
    if view.revoked_at is not None:
        pdf.ln(1)
        reason = view.revoked_reason or "no reason given"
        pdf.line_of(f"REVOKED on {_issued_on(view.revoked_at)}: {reason}", 12, "B", RED, height=6)


def _statement(pdf: _Certificate, view: CertificateView) -> None:
    _rule(pdf)
    pdf.line_of("This certifies that", 11, "", MUTED, height=6)
    pdf.line_of(view.member_name, 18, "B", INK, height=9)
    pdf.line_of(f"(Member ID {view.member_number})", 10, "", MUTED, height=5)
    pdf.ln(1)
    pdf.line_of("participated in", 11, "", MUTED, height=6)
    pdf.line_of(view.event_title, 15, "B", INK, height=7.5)
    pdf.ln(1)
    pdf.line_of(f"Provider: {view.provider}   |   Location: {view.location}", 10, "", INK, height=5)
    pdf.line_of(format_date_range(view.starts_on, view.ends_on), 10, "", INK, height=5)


def _days_table(pdf: _Certificate, days: tuple[CertificateDay, ...], total: Decimal) -> None:
    pdf.ln(5)
    row = max(3.6, min(6.5, 55 / (len(days) + 1)))  # a long event still fits its space
    pdf.set_font("Helvetica", "", min(10, row * 1.6))
    pdf.set_text_color(*INK)
    pdf.set_draw_color(*MUTED)
    pdf.set_line_width(0.2)
    with pdf.table(width=100, col_widths=(68, 32), text_align=("LEFT", "RIGHT"), line_height=row,
                   headings_style=HEADINGS, first_row_as_headings=True) as table:
        table.row(("Date", "Credits"))
        for day in days:
            table.row((_latin1(f"{day.day:%A}, {_long_date(day.day)}"), format_credits(day.credits)))
    pdf.ln(2)
    pdf.line_of(f"Total credits: {format_credits(total)}", 12, "B", INK, height=6)


def _designation(pdf: _Certificate, text: str) -> None:
    """The accreditation statement, shrunk (and at worst cut) to the room above the footer."""
    pdf.ln(4)
    room = FOOTER_TOP - 4 - pdf.get_y()
    text = _latin1(" ".join(text.split()))
    for size in (10, 9, 8, 7, 6):
        lines = _wrap(pdf, text, size)
        if len(lines) * size * 0.45 <= room:
            break
    fit = max(1, int(room // (size * 0.45)))
    if len(lines) > fit:
        lines = lines[:fit - 1] + [lines[fit - 1].rstrip()[:-3] + "..."]
    pdf.set_x(MARGIN)
    pdf.multi_cell(BODY_W, size * 0.45, "\n".join(lines), align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _wrap(pdf: FPDF, text: str, size: float) -> list[str]:
    pdf.set_font("Helvetica", "I", size)
    pdf.set_text_color(*MUTED)
    return pdf.multi_cell(BODY_W, size * 0.45, text, dry_run=True, output=MethodReturnValue.LINES)


def _qr_png(url: str) -> BytesIO:
    buffer = BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=8, border=2)
    buffer.seek(0)
    return buffer


def _footer(pdf: _Certificate, view: CertificateView, verify_url: str) -> None:
    pdf.set_draw_color(*MUTED)
    pdf.set_line_width(0.2)
    pdf.line(MARGIN, FOOTER_TOP, PAGE_W - MARGIN, FOOTER_TOP)
    pdf.set_y(FOOTER_TOP + 8)
    for label, value in (("Certificate number", view.number), ("Verification code", view.verification_code)):
        pdf.line_of(f"{label}: {value}", 11, "B", INK, height=6.5, align=Align.L)
    pdf.line_of(f"Issued {_issued_on(view.issued_at)}", 11, "", INK, height=6.5, align=Align.L)
    pdf.image(_qr_png(verify_url), x=PAGE_W - MARGIN - QR_SIZE, y=FOOTER_TOP + 3, w=QR_SIZE, h=QR_SIZE,
              alt_text="QR code of the verification address")
    pdf.set_y(FOOTER_TOP + QR_SIZE + 5)
    pdf.line_of(f"Verify at {verify_url}", 8, "", MUTED, height=4)


def render_pdf(view: CertificateView, *, verify_url: str, society_name: str, logo: Path | None = None) -> bytes:
    """The one-page Letter PDF of ``view``, with a QR code of ``verify_url``; the society's ``logo`` on top."""
    pdf = _new_pdf(view)
    _border(pdf)
    _heading(pdf, view, society_name, logo)
    _statement(pdf, view)
    _days_table(pdf, view.days, view.total)
    if view.categories:  # designated sessions: where the credits count
        split = " / ".join(f"{name} {format_credits(credits)}" for name, credits in view.categories)
        pdf.line_of(_latin1(f"Credits by category: {split}"), 10, "", INK, height=5)
    _designation(pdf, view.designation)
    _footer(pdf, view, verify_url)
    return bytes(pdf.output())
