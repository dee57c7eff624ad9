"""The printable certificate of participation (R002-13); no database needed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from io import BytesIO

import pytest
from pypdf import PdfReader

from ce_tracker.formatting import format_credits, format_date_range
from ce_tracker.services.events.certificate_pdf import _latin1, render_pdf
from ce_tracker.services.events.certificates import CertificateDay, CertificateView

URL = "https://ce.example.test/verify/CME-2026-7KQ3MZ8P?code=X4T9RB"
DESIGNATION = ("The American Medical Imaging Society designates this live activity for a maximum of "
               "24 CE credits. Participants should claim only the credit commensurate with the extent "
               "of their participation in the activity.")


def certificate(**changes) -> CertificateView:
    days = (CertificateDay(date(2026, 10, 8), Decimal("7.50")), CertificateDay(date(2026, 10, 9), Decimal("5.25")),
            CertificateDay(date(2026, 10, 10), Decimal("0.00")))
    view = CertificateView(
        number="CME-2026-7KQ3MZ8P", verification_code="X4T9RB", member_name="Dana Whitfield",
        member_number="M-10482", event_title="Annual Convention", provider="AMI", location="Denver, CO",
        starts_on=date(2026, 10, 8), ends_on=date(2026, 10, 10), days=days, total=Decimal("12.75"),
        designation=DESIGNATION, issued_at=datetime(2026, 10, 12, 16, 0, tzinfo=timezone.utc),
        revoked_at=None, revoked_reason=None)
    return replace(view, **changes)


def render(view: CertificateView) -> bytes:
    return render_pdf(view, verify_url=URL, society_name="American Medical Imaging Society")


def pages(data: bytes):
    return PdfReader(BytesIO(data)).pages


def text_of(data: bytes) -> str:
    return " ".join(pages(data)[0].extract_text().split())


def test_r002_13_pdf_carries_member_event_days_total_and_number():
    data = render(certificate())
    text = text_of(data)
    assert data.startswith(b"%PDF")
    for expected in ("American Medical Imaging Society", "Certificate of Participation", "Dana Whitfield",
                     "Member ID M-10482", "Annual Convention", "AMI", "Denver, CO", "October 8-10, 2026",
                     "7.5", "5.25", "Total credits: 12.75", "Certificate number: CME-2026-7KQ3MZ8P",
                     "Verification code: X4T9RB", "Issued October 12, 2026", "Verify at"):
        assert expected in text, expected
    assert " ".join(DESIGNATION.split()) in text
    assert "REVOKED" not in text


def test_r002_13_each_day_is_listed_with_its_credits():
    text = text_of(render(certificate()))
    assert "Thursday, October 8, 2026 7.5" in text
    assert "Friday, October 9, 2026 5.25" in text
    assert "Saturday, October 10, 2026 0" in text


def test_r002_13_pdf_has_a_qr_code_image():
    assert len(pages(render(certificate()))[0].images) == 1


def test_r002_13_five_days_and_a_long_designation_still_fit_one_page():
    days = tuple(CertificateDay(date(2026, 10, 6) + timedelta(days=i), Decimal("8")) for i in range(5))
    view = certificate(starts_on=date(2026, 10, 6), days=days, total=Decimal("40"), designation=DESIGNATION * 6)
    data = render(view)
    assert len(pages(data)) == 1
    text = text_of(data)
    assert "Total credits: 40" in text and "Certificate number: CME-2026-7KQ3MZ8P" in text


def test_r002_13_a_very_long_designation_is_cut_not_spilled_onto_a_second_page():
    data = render(certificate(designation=DESIGNATION * 40))
    assert len(pages(data)) == 1
    assert "..." in text_of(data)


def test_r002_13_revoked_certificate_says_so():
    view = certificate(revoked_at=datetime(2026, 11, 2, 15, tzinfo=timezone.utc),
                       revoked_reason="Attendance could not be confirmed.")
    text = text_of(render(view))
    assert "REVOKED on November 2, 2026: Attendance could not be confirmed." in text


def test_r002_13_names_outside_latin1_render_without_raising():
    view = certificate(member_name="Zoë Ångström–Łukasz", event_title="“Imaging” — Update…",
                       designation="Designated for 8 credits ‘live’ 東京")
    text = text_of(render(view))
    assert "Zoë Ångström-Lukasz" in text
    assert '"Imaging" - Update...' in text


@pytest.mark.parametrize("text, expected", [
    ("Zoë Ångström–Łukasz", "Zoë Ångström-Lukasz"), ("‘a’ “b” c—d…", "'a' \"b\" c-d..."),
    ("Dvořák Erdős", "Dvorák Erdos"), ("東京", "??"), ("plain", "plain"),
])
def test_r002_13_text_is_made_latin1_safe(text, expected):
    assert _latin1(text) == expected
    _latin1(text).encode("latin-1")


@pytest.mark.parametrize("value, expected", [
    ("7.5", "7.5"), ("7.50", "7.5"), ("8", "8"), ("8.00", "8"), ("5.25", "5.25"), ("12.75", "12.75"),
    ("0", "0"), ("0.00", "0"), ("10", "10"), ("100.00", "100"), ("0.25", "0.25"),
])
def test_r002_13_format_credits(value, expected):
    assert format_credits(Decimal(value)) == expected


@pytest.mark.parametrize("start, end, expected", [
    (date(2026, 10, 8), date(2026, 10, 10), "October 8-10, 2026"),
    (date(2026, 9, 30), date(2026, 10, 2), "September 30 - October 2, 2026"),
    (date(2026, 12, 30), date(2027, 1, 1), "December 30, 2026 - January 1, 2027"),
    (date(2026, 10, 8), date(2026, 10, 8), "October 8, 2026"),
])
def test_r002_13_format_date_range(start, end, expected):
    assert format_date_range(start, end) == expected


def test_r002_13_date_range_cannot_run_backwards():
    with pytest.raises(ValueError):
        format_date_range(date(2026, 10, 10), date(2026, 10, 8))
