"""The credit record downloads (R000-10): only the signed-in member's own, CSV safe in a spreadsheet, PDF readable."""

from __future__ import annotations

import csv
from datetime import timedelta
from io import BytesIO, StringIO

from pypdf import PdfReader
from starlette.testclient import TestClient

from ce_tracker.clock import utcnow
from ce_tracker.rules import CMI, local_date
from ce_tracker.web.routes import api, security_headers
from tests.utils import factories as f
from tests.utils.signed_in import sign_in


def _signed_in(client, units, name: str, title: str) -> None:
    """A member with one course recorded last month, signed in on ``client``."""
    today = local_date(CMI, utcnow())
    with units() as session:
        actor = f.person(session, name=name, certified_on=today - timedelta(days=700))
        f.course_credit(session, actor, "Art", "3.5", today - timedelta(days=30), title=title)
    sign_in(client, units, actor.member_id)


def test_r000_10_csv_has_every_line_and_neutralises_formulas(client, units):
    _signed_in(client, units, "Ada Export", '=HYPERLINK("http://evil.example","Click")')
    response = client.get("/files/record.csv")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert response.headers["cache-control"] == "private, no-store"
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.reader(StringIO(response.text)))
    assert rows[0][:6] == ["Activity", "Category", "Starts", "Ends", "Hours", "How obtained"]
    assert rows[1][0].startswith("'=HYPERLINK") and rows[1][1:2] == ["Art"] and rows[1][4:7] == [
        "3.50", "Pre-approved course", "yes"]


def test_r000_10_pdf_transcript_lists_the_standing_and_lines(client, units):
    _signed_in(client, units, "Bea Transcript", "Anatomy of the Hand")
    response = client.get("/files/record.pdf")
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    assert "Bea Transcript" in text and "Anatomy of the Hand" in text and "Counted 3.5 of 35 hours" in text


def test_each_member_gets_only_their_own_record(client, units):
    _signed_in(client, units, "Cy First", "First's Course")
    other = TestClient(security_headers(api), base_url="http://localhost:3000")
    _signed_in(other, units, "Di Second", "Second's Course")
    assert "First's Course" in client.get("/files/record.csv").text
    assert "Second's Course" not in client.get("/files/record.csv").text
    assert "First's Course" not in other.get("/files/record.csv").text


def test_anonymous_visitors_are_sent_to_log_in_and_other_extensions_do_not_exist(client):
    response = client.get("/files/record.csv", follow_redirects=False)
    assert response.status_code == 303 and "/login?next=/record" in response.headers["location"]
    assert client.get("/files/record.xlsx", follow_redirects=False).status_code == 404
