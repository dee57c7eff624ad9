"""The society's look on its PDFs: the name on each, and the configured logo file from assets/ on the
certificate (R002-13), the transcript (R000-10) and the renewal invoice and receipt (R000-17)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
import segno
from pypdf import PdfReader

from ce_tracker.models import Role
from ce_tracker.rules import CMI
from ce_tracker.rules.planning import evaluate_lines
from ce_tracker.services import letterhead
from ce_tracker.services.events.certificate_pdf import render_pdf
from ce_tracker.services.record.credit_record import CreditRecord
from ce_tracker.services.record.transcript import record_pdf
from ce_tracker.services.renewal import applications, payments
from ce_tracker.services.renewal.documents import invoice_pdf, receipt_pdf
from tests.services.test_certificate_pdf import URL, certificate
from tests.services.test_renewal_evidence import NOW, SETTINGS, _applied
from tests.utils import factories as f

SOCIETY = "Guild of Natural Science Illustrators"


@pytest.fixture
def assets(tmp_path, monkeypatch) -> Path:
    """An assets/ folder holding the society's logo (a real PNG) and one file that is not an image."""
    segno.make("GNSI").save(str(tmp_path / "society-logo.png"), scale=6)
    (tmp_path / "broken.png").write_bytes(b"not a picture")
    (tmp_path.parent / "outside.png").write_bytes((tmp_path / "society-logo.png").read_bytes())
    monkeypatch.setattr(letterhead, "ASSETS", tmp_path)
    return tmp_path


def images(pdf: bytes) -> int:
    return sum(len(page.images) for page in PdfReader(BytesIO(pdf)).pages)


def words(pdf: bytes) -> str:
    return " ".join(PdfReader(BytesIO(pdf)).pages[0].extract_text().split())


def test_the_logo_is_a_drawable_file_under_assets_and_nothing_else(assets):
    assert letterhead.logo_file("/society-logo.png") == (assets / "society-logo.png").resolve()
    for elsewhere in ("", "https://example.org/logo.png", "//example.org/logo.png", "/../outside.png",
                      "/missing.png", "/app.css"):
        assert letterhead.logo_file(elsewhere) is None, elsewhere


def test_r002_13_the_certificate_carries_the_society_name_and_its_logo(assets):
    logo = letterhead.logo_file("/society-logo.png")
    plain = render_pdf(certificate(), verify_url=URL, society_name=SOCIETY)
    branded = render_pdf(certificate(), verify_url=URL, society_name=SOCIETY, logo=logo)
    assert images(plain) == 1 and images(branded) == 2  # the QR code, then the QR code and the logo
    assert SOCIETY in words(branded) and "Total credits: 12.75" in words(branded)
    assert len(PdfReader(BytesIO(branded)).pages) == 1  # the logo does not push the footer off the page


def test_a_broken_logo_file_never_stops_a_certificate(assets):
    pdf = render_pdf(certificate(), verify_url=URL, society_name=SOCIETY, logo=assets / "broken.png")
    assert images(pdf) == 1 and SOCIETY in words(pdf)


def test_r000_10_the_transcript_carries_the_society_name_and_its_logo(assets):
    record = CreditRecord(program_name=CMI.name, term_starts_on=date(2024, 1, 1), term_ends_on=date(2028, 12, 31),
                          term_status="active", today=date(2026, 5, 1), days_left=975, lines=(),
                          standing=evaluate_lines(CMI, []))
    pdf = record_pdf(record, member_name="Dana Whitfield", member_number="100001", society_name=SOCIETY,
                     logo=letterhead.logo_file("/society-logo.png"))
    assert images(pdf) == 1 and f"{SOCIETY}: CE credit transcript" in words(pdf)


def test_r000_17_the_invoice_and_receipt_carry_the_society_name_and_its_logo(assets, session):
    _, application = _applied(session)
    staff = f.person(session, Role.STAFF)
    payments.record_payment(session=session, actor=staff, application_id=application.id, reference="R-9", now=NOW,
                            settings=SETTINGS)
    view = applications.application_detail(session=session, actor=staff, application_id=application.id)
    branded = replace(SETTINGS, society_name=SOCIETY, logo_url="/society-logo.png")
    for pdf in (invoice_pdf(view, branded), receipt_pdf(view, branded)):
        assert images(pdf) == 1 and words(pdf).startswith(SOCIETY)
    assert images(invoice_pdf(view, replace(branded, logo_url=""))) == 0
    assert images(invoice_pdf(view, replace(branded, logo_url="https://example.org/logo.png"))) == 0
