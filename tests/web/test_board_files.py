"""The Board's downloads: the certificant CSV and a sampled renewal's evidence pack are
served to the Board only; a member asking gets 403 and nothing is written."""

from __future__ import annotations

import csv
import zipfile
from datetime import timedelta
from io import BytesIO, StringIO

import pytest
from sqlalchemy import func
from sqlmodel import select

from ce_tracker.clock import utcnow
from ce_tracker.config import settings
from ce_tracker.models import AuditEntry, Role
from ce_tracker.rules import CMI, local_date
from ce_tracker.services.board import audit_sample
from ce_tracker.services.renewal import applications, payments
from tests.utils import factories as f
from tests.utils.signed_in import sign_in


@pytest.fixture
def society(units):
    """A Board member, a plain member, and one renewal verified today drawn into a sample."""
    today, now = local_date(CMI, utcnow()), utcnow()
    with units() as session:
        chair, staff = f.person(session, Role.BOARD), f.person(session, Role.STAFF)
        renewed = f.person(session, name="Rene Wed", certified_on=today - timedelta(days=5 * 365 - 60))
        f.enough_to_renew(session, renewed, today - timedelta(days=100))
        member = f.person(session, name="Plain Member", certified_on=today - timedelta(days=400))
        application = applications.apply_for_renewal(session=session, actor=renewed, attested=True, now=now,
                                                settings=settings)
        payments.record_payment(session=session, actor=staff, application_id=application.id, reference="R-1",
                               now=now, settings=settings)
        applications.verify_renewal(session=session, actor=staff, application_id=application.id, now=now,
                               settings=settings)
        sample = audit_sample.draw_sample(session=session, actor=chair, verified_from=today, verified_to=today,
                                          size=1, now=now, seed=5)
        return {"chair": chair, "member": member, "pack": f"/files/board/samples/{sample.id}/evidence/"
                                                          f"{application.id}.zip"}


def _audit_rows(units) -> int:
    with units() as session:
        return session.exec(select(func.count()).select_from(AuditEntry)).one()


def test_the_board_downloads_the_filtered_csv(client, units, society):
    sign_in(client, units, society["chair"].member_id)
    response = client.get("/files/board/certificants.csv", params={"status": "renewed"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert response.headers["cache-control"] == "private, no-store"
    rows = list(csv.reader(StringIO(response.text)))
    assert [r[1] for r in rows[1:]] == ["Rene Wed"]
    assert client.get("/files/board/certificants.csv", params={"status": "bogus"}).status_code == 400


def test_the_board_downloads_an_evidence_pack(client, units, society):
    sign_in(client, units, society["chair"].member_id)
    response = client.get(society["pack"])
    assert response.status_code == 200 and response.headers["content-type"] == "application/zip"
    assert "transcript.pdf" in zipfile.ZipFile(BytesIO(response.content)).namelist()


@pytest.mark.parametrize("path", ["/files/board/certificants.csv", "pack"])
def test_a_member_without_the_board_role_is_refused_and_nothing_is_written(client, units, society, path):
    sign_in(client, units, society["member"].member_id)
    before = _audit_rows(units)
    response = client.get(society["pack"] if path == "pack" else path)
    assert response.status_code == 403 and "Board of Certification" in response.text
    assert _audit_rows(units) == before


def test_nobody_signed_in_is_sent_to_log_in(client, society):
    response = client.get(society["pack"], follow_redirects=False)
    assert response.status_code == 303 and "/login" in response.headers["location"]
