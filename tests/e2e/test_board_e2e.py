"""The Board of Certification on a desktop and a phone: the cohort counts, the filtered list,
the CSV, a random audit sample and an evidence pack; a member without the role is refused."""

from __future__ import annotations

import csv
import re
import time
import zipfile
from datetime import timedelta
from io import StringIO
from pathlib import Path

from playwright.sync_api import expect

from ce_tracker.clock import utcnow
from ce_tracker.config import settings
from ce_tracker.rules import CMI, local_date
from ce_tracker.services.renewal import applications
from tests.e2e.browser import one_device
from tests.utils import factories as f
from tests.utils.ui import assert_accessible, log_in

BOARD, MEMBER, PASSWORD = "board@demo.test", "member@demo.test", "demo-pass-2026"


def _applied(page) -> int:
    """The applied certificants over every cohort card, as the Board reads them."""
    texts = page.get_by_role("group", name=re.compile(r"^Terms ending in ")).all_inner_texts()
    return sum(int(n) for text in texts for n in re.findall(r"Applied (\d+)", text))


@one_device("desktop")
def test_the_board_sees_the_cohort_move_when_a_member_applies(page, app, units, device):
    today = local_date(CMI, utcnow())
    log_in(page, app, BOARD, PASSWORD)
    page.goto(f"{app.url}/board")
    expect(page.get_by_role("heading", name="Cohorts by term end")).to_be_visible()
    page.get_by_role("group", name=re.compile(r"^Terms ending in ")).first.wait_for()
    before = _applied(page)
    with units() as session:
        member = f.person(session, name="Moving Cohort " + ("phone" if device.get("has_touch") else "desktop"),
                          certified_on=today - timedelta(days=4 * 365 + 180))  # in the renewal window
        f.enough_to_renew(session, member, today - timedelta(days=365))
        applications.apply_for_renewal(session=session, actor=member, attested=True, now=utcnow(), settings=settings)
    page.reload()
    page.get_by_role("group", name=re.compile(r"^Terms ending in ")).first.wait_for()
    expect(page.get_by_text(re.compile(r"Applied \d+")).first).to_be_visible()
    # A reload first shows this tab's kept state, then the fresh load's answer: wait for the answer.
    deadline = time.monotonic() + 15
    while _applied(page) != before + 1 and time.monotonic() < deadline:
        page.wait_for_timeout(250)
    assert _applied(page) == before + 1


def test_the_board_sees_cohorts_filters_downloads_and_draws_an_audit_sample(page, app):
    log_in(page, app, BOARD, PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Certificants").click()
    page.wait_for_url(re.compile(r"/board$"))
    expect(page.get_by_role("heading", name="Cohorts by term end")).to_be_visible()
    cohort = page.get_by_role("group", name=re.compile(r"^Terms ending in \d{4} Q[1-4]$")).first
    expect(cohort).to_contain_text(re.compile(r"\d+ terms?"))
    expect(page.get_by_text(re.compile(r"Renewed \d+")).first).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Status").select_option("renewed")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("group", name="Oscar Lindqvist")).to_be_visible()
    expect(page.get_by_role("group", name="Maya Castillo")).to_have_count(0)
    expect(page.get_by_role("status").filter(has_text="term")).to_contain_text(re.compile(r"^[3-9] terms"))

    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    rows = list(csv.reader(StringIO(Path(download.value.path()).read_text())))
    assert rows[0][:6] == ["Member ID", "Name", "Term starts", "Term ends", "Quarter", "Status"]
    assert "Oscar Lindqvist" in {r[1] for r in rows[1:]} and {r[5] for r in rows[1:]} == {"renewed"}

    # A member in two programs: one row per term, each naming its program, with her own page's figures.
    page.get_by_label("Status").select_option("")
    page.get_by_label("Name or member ID").fill("Castillo")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("group", name="Maya Castillo, Certified Medical Illustrator")).to_contain_text(
        re.compile(r"40\.5 of 35 h counted; still needed: 1\.5 h in Art\s*On pace"))
    expect(page.get_by_role("group", name="Maya Castillo, Ultrasound Society CME")).to_contain_text("of 30 h counted")

    page.get_by_role("link", name="Draw an audit sample of verified renewals").click()
    page.wait_for_url(re.compile(r"/board/sample$"))
    expect(page.get_by_role("heading", name=re.compile(r"Sample \d+: \d+ of \d+ renewals"))).to_be_visible()
    expect(page.get_by_text(re.compile(r"Drawn again over sample \d+: .*every renewal of the year")).first
           ).to_be_visible()  # the demo's redraw, with the Board's reason
    page.get_by_label("How many").fill("50")  # every renewal verified in the last year: Kenji's among them
    page.get_by_role("button", name="Draw a sample").click()
    expect(page.get_by_role("alert")).to_contain_text("give the reason for drawing again")  # the year is sampled
    page.get_by_label("Reason for drawing again").fill("Checking the evidence packs once more.")
    page.get_by_role("button", name="Draw a sample").click()
    expect(page.get_by_role("status").filter(has_text="drawn:")).to_contain_text("seed")
    expect(page.get_by_text(re.compile(r"Drawn again over sample \d+: Checking the evidence packs once more\."))
           .first).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the evidence pack for Kenji Mori").click()
    names = zipfile.ZipFile(download.value.path()).namelist()
    assert "transcript.pdf" in names and any(n.startswith("attachments/") for n in names)


def test_a_member_without_the_board_role_is_refused(page, app):
    log_in(page, app, MEMBER, PASSWORD)
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Certificants")).to_have_count(0)
    page.goto(f"{app.url}/more")
    expect(page.get_by_role("link", name=re.compile("Certificants|Audit sample"))).to_have_count(0)
    for path, refusal in (("/board", "This is for the Board of Certification."),
                          ("/board/sample", "The audit sample is the Board of Certification's own")):
        page.goto(f"{app.url}{path}")
        expect(page.get_by_role("alert").filter(has_text=refusal)).to_be_visible()
        expect(page.get_by_role("heading", name="Cohorts by term end")).to_have_count(0)
    response = page.request.get(f"{app.url}/files/board/certificants.csv")
    assert response.status == 403
