"""Invoice and receipt PDFs served only to their member; the one-click unsubscribe route."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select
from starlette.testclient import TestClient

import ce_tracker.db as db
from ce_tracker.clock import utcnow
from ce_tracker.config import settings
from ce_tracker.models import OutboxEmail, ReminderOptOut
from ce_tracker.rules import CMI, local_date
from ce_tracker.services.reminders import sending
from ce_tracker.services.renewal import applications
from ce_tracker.web.guards import origin_guard
from ce_tracker.web.routes import api, security_headers
from tests.utils import factories as f
from tests.utils.signed_in import sign_in


def test_the_invoice_is_the_signed_in_members_own_and_the_receipt_waits_for_payment(client, units):
    today = local_date(CMI, utcnow())
    with units() as session:
        member = f.person(session, certified_on=today - timedelta(days=4 * 365 + 200))
        f.enough_to_renew(session, member, today - timedelta(days=300))
        applications.apply_for_renewal(session=session, actor=member, attested=True, now=utcnow(), settings=settings)
        other = f.person(session, certified_on=today - timedelta(days=100))
    assert client.get("/files/renewal/invoice.pdf", follow_redirects=False).status_code == 303  # not signed in
    sign_in(client, units, member.member_id)
    response = client.get("/files/renewal/invoice.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert response.headers["cache-control"] == "private, no-store" and "invoice-REN-" in \
        response.headers["content-disposition"]
    assert client.get("/files/renewal/receipt.pdf").status_code == 404
    assert client.get("/files/renewal/other.pdf").status_code == 404
    sign_in(client, units, other.member_id)
    assert client.get("/files/renewal/invoice.pdf").status_code == 404  # no application of their own


def test_one_click_unsubscribe_get_asks_post_unsubscribes(client, units):
    today = local_date(CMI, utcnow())
    with units() as session:
        member = f.person(session, certified_on=today - timedelta(days=4 * 365 + 200))
        sending.send_reminders(session=session, now=utcnow(), settings=settings)
        body = session.exec(select(OutboxEmail)).all()
    [email] = [e for e in body if e.list_unsubscribe]
    path = "/" + email.list_unsubscribe.split("/", 3)[3]
    page = client.get(path)
    assert page.status_code == 200 and "<form method='post'>" in page.text
    with units() as session:
        assert session.exec(select(ReminderOptOut)).all() == []  # a GET (a link scanner) changes nothing
    done = client.post(path, data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200 and "Unsubscribed" in done.text
    with units() as session:
        assert [o.member_id for o in session.exec(select(ReminderOptOut))] == [member.member_id]
    assert client.post("/reminders/unsubscribe/" + "x" * 43).status_code == 404


def test_the_rfc_8058_one_click_post_from_a_mail_provider_unsubscribes(engine, units, monkeypatch):
    """As RFC 8058 section 3.1 shows it: multipart/form-data, no cookie, from the provider's own origin (or none),
    through the guards every request passes."""
    monkeypatch.setattr(db, "get_engine", lambda: engine)
    provider = TestClient(origin_guard(security_headers(api), allowed=[settings.public_url]),
                          base_url="http://localhost:3000")
    today = local_date(CMI, utcnow())
    with units() as session:
        member = f.person(session, certified_on=today - timedelta(days=4 * 365 + 200))
        sending.send_reminders(session=session, now=utcnow(), settings=settings)
        [email] = [e for e in session.exec(select(OutboxEmail)) if e.list_unsubscribe]
    path = "/" + email.list_unsubscribe.split("/", 3)[3]
    answer = provider.post(path, files={"List-Unsubscribe": (None, "One-Click")},
                           headers={"origin": "https://mail.provider.example"})
    assert answer.status_code == 200 and "Unsubscribed" in answer.text
    assert "set-cookie" not in answer.headers
    with units() as session:
        assert [o.member_id for o in session.exec(select(ReminderOptOut))] == [member.member_id]
    assert provider.post(path, content=b"List-Unsubscribe=One-Click",
                         headers={"content-type": "application/x-www-form-urlencoded"}).status_code == 200
