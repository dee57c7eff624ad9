"""The home page's progress widgets and the credit record with its downloads (R000-10 to R000-16).

On a desktop and on a phone: the bars carry their meaning as text, hours beyond a cap are shown as not
counting, the status is in words, and the CSV and PDF downloads hold the same lines the page shows.
"""

from __future__ import annotations

import csv
import re
from datetime import timedelta
from io import BytesIO, StringIO

from playwright.sync_api import expect
from pypdf import PdfReader

from ce_tracker.clock import utcnow
from ce_tracker.models import Member
from ce_tracker.rules import CMI, local_date
from tests.e2e.test_mobile_e2e import _check_layout
from tests.utils import factories as f
from tests.utils.ui import assert_accessible, log_in


def _member(units, name: str) -> str:
    """Two years into the term: Art over its maximum, Biomedical short, Business and History over their cap."""
    today = local_date(CMI, utcnow())
    with units() as session:
        actor = f.person(session, name=name, certified_on=today - timedelta(days=730))
        for category, hours, title in (("Art", "24", "Life Drawing Marathon"), ("Biomedical", "6", "Neuroanatomy"),
                                       ("Business", "5", "Pricing Your Work"), ("History", "4", "Vesalius")):
            f.course_credit(session, actor, category, hours, today - timedelta(days=60), title=title)
        return session.get(Member, actor.member_id).email


def test_r000_12_to_r000_16_widgets_show_counted_capped_and_missing_hours(page, device, app, units):
    name = "Wanda Widget " + ("phone" if device.get("has_touch") else "desktop")
    log_in(page, app, _member(units, name), f.PASSWORD)
    expect(page.get_by_text("34 of 35 h counted")).to_be_visible()  # Art 21 (of 24) + Bio 6 + B&H 7 (of 9)
    total = page.get_by_role("progressbar", name="34 of 35 required hours counted; still needed: 8 h in Biomedical")
    expect(total).to_have_attribute("aria-valuenow", "77")  # 27 of 35 achieved toward renewal, never "full"
    art = page.get_by_role("progressbar", name="Art: 24 h earned, 21 h count; minimum 14 h, at most 21 h count; "
                                         "3 h beyond the maximum do not count.")
    expect(art).to_be_visible()
    expect(art).to_have_attribute("aria-valuenow", "100")  # its minimum is met; more hours never lower it
    expect(page.get_by_text("3 h beyond the maximum do not count")).to_be_visible()
    expect(page.get_by_text("2 h beyond the combined cap do not count")).to_be_visible()  # History
    expect(page.get_by_text("8 h still needed")).to_be_visible()  # Biomedical 6 of 14
    expect(page.get_by_text("Business & History together:")).to_contain_text("7 of at most 7 h")
    # Never "On track" while a category minimum is unmet; one status word, on the badge (said once), and a
    # sentence that says what the figures say: 27 of 35 achieved is ahead of the pace.
    expect(page.get_by_text("On pace", exact=True)).to_have_count(1)
    expect(page.get_by_text(re.compile(r"^You are on pace; you still need 8 h in Biomedical by "))).to_be_visible()
    for wrong in ("On track", "Active", "At risk"):
        expect(page.get_by_text(wrong, exact=True)).to_have_count(0)
    expect(page.get_by_text(re.compile("Collecting|behind the pace"))).to_have_count(0)
    expect(page.get_by_text("Days left in term")).to_be_visible()
    if device.get("has_touch"):
        page.set_viewport_size({"width": 360, "height": 740})
        page.wait_for_timeout(300)
        _check_layout(page)
    assert_accessible(page)


def test_r000_10_record_page_and_its_csv_and_pdf_agree(page, app, units):
    email = _member(units, "Rita Record")
    log_in(page, app, email, f.PASSWORD)
    page.goto(f"{app.url}/record")
    expect(page.get_by_role("heading", name="Credits in this term")).to_be_visible()
    for title in ("Life Drawing Marathon", "Neuroanatomy", "Pricing Your Work", "Vesalius"):
        expect(page.get_by_text(title)).to_be_visible()
    expect(page.get_by_text("Pre-approved course").first).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as csv_download:
        page.get_by_role("link", name="Download CSV").click()
    rows = list(csv.reader(StringIO(open(csv_download.value.path(), encoding="utf-8").read())))
    assert {row[0] for row in rows[1:]} == {"Life Drawing Marathon", "Neuroanatomy", "Pricing Your Work", "Vesalius"}
    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="Download PDF transcript").click()
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(open(pdf_download.value.path(), "rb").read())).pages)
    assert "Rita Record" in text and "Counted 34 of 35 hours" in text and "Life Drawing Marathon" in text
