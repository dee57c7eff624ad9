"""The public routes: the calendar feed (404 for anything but a live token) and credential downloads."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from icalendar import Calendar
from sqlmodel import select

import ce_tracker.web.feeds as feeds_module
from ce_tracker.clock import utcnow
from ce_tracker.models import Certificate
from ce_tracker.rules import CMI, local_date
from ce_tracker.services.credentials import open_badges, signing
from ce_tracker.services.events import certificates, cme
from ce_tracker.services.reminders import calendar_feed
from tests.utils import factories as f


def test_the_feed_answers_its_token_and_404s_once_revoked(client, units):
    today = local_date(CMI, utcnow())
    with units() as session:
        member = f.person(session, certified_on=today - timedelta(days=700))
        token = calendar_feed.create_feed(session=session, actor=member, now=utcnow())
    response = client.get(f"/calendar/{token}.ics")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/calendar")
    assert response.headers["cache-control"] == "private, no-store"
    summaries = [str(e["summary"]) for e in Calendar.from_ical(response.content).walk("VEVENT")]
    assert f"Certification term ends: {CMI.name}" in summaries and f"Renewal window opens: {CMI.name}" in summaries

    with units() as session:
        calendar_feed.revoke_feed(session=session, actor=member, now=utcnow())
    gone = client.get(f"/calendar/{token}.ics")
    forged = client.get(f"/calendar/{'A' * 43}.ics")
    assert gone.status_code == forged.status_code == 404 and gone.text == forged.text == "Not found."


def test_credentials_download_with_their_secret_and_503_without_a_key(client, units, tmp_path, monkeypatch):
    end = local_date(CMI, utcnow()) - timedelta(days=3)
    with units() as session:
        member = f.person(session, certified_on=end - timedelta(days=700))
        activity = f.event(session, ends_on=end, days=1)
        f.register(session, member, *f.event_days(session, activity))
        day = f.event_days(session, activity)[0]
        cme.save_day(session=session, actor=member, event_day_id=day.id, value="4", now=utcnow())
        cme.submit_event(session=session, actor=member, activity_id=activity.id, now=utcnow())
        path = open_badges.cert_path(session.exec(select(Certificate)).one())
    monkeypatch.setattr(feeds_module, "settings", replace(feeds_module.settings, signing_key_file=None))
    refused = client.get(path)
    assert refused.status_code == 503 and "keygen" in refused.text

    key = tmp_path / "society.pem"
    signing.generate_key_file(key)
    monkeypatch.setattr(feeds_module, "settings", replace(feeds_module.settings, signing_key_file=str(key)))
    response = client.get(path)
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/ld+json")
    assert [p["cryptosuite"] for p in response.json()["proof"]] == ["eddsa-rdfc-2022", "eddsa-jcs-2022"]
    assert client.get(path.replace(path.rsplit("/", 1)[1], "WRONG1.json")).status_code == 404


@pytest.fixture
def issued(client, units, tmp_path, monkeypatch):
    """A certificate, the app given a signing key, and the public verification limit at 2 misses."""
    key = tmp_path / "society.pem"
    signing.generate_key_file(key)
    monkeypatch.setattr(feeds_module, "settings", replace(feeds_module.settings, signing_key_file=str(key)))
    monkeypatch.setattr(certificates, "default_settings", replace(certificates.default_settings,
                                                                  verify_client_limit=2))
    end = local_date(CMI, utcnow()) - timedelta(days=3)
    with units() as session:
        member = f.person(session, certified_on=end - timedelta(days=700))
        activity = f.event(session, ends_on=end, days=1)
        [day] = f.event_days(session, activity)
        f.register(session, member, day)
        cme.save_day(session=session, actor=member, event_day_id=day.id, value="4", now=utcnow())
        cme.submit_event(session=session, actor=member, activity_id=activity.id, now=utcnow())
        return open_badges.cert_path(session.exec(select(Certificate)).one())


def test_review_l1_the_download_route_counts_wrong_addresses_and_refuses_the_guesser(client, issued):
    wrong = issued.replace(issued.rsplit("/", 1)[1], "WRONGCODE23456.json")
    assert [client.get(wrong).status_code for _ in range(2)] == [404, 404]
    refused = client.get(issued)  # the right address too, from that client, until the hour has passed
    assert refused.status_code == 429 and "Too many certificate checks" in refused.text
    elsewhere = client.get(issued, headers={"X-Forwarded-For": "198.51.100.7"})  # not believed: no trusted proxy
    assert elsewhere.status_code == 429


def test_the_status_list_is_public_signed_and_cacheable_for_minutes(client, issued):
    credential = client.get(issued).json()
    url = credential["credentialStatus"]["statusListCredential"]
    response = client.get(url.replace(feeds_module.settings.api_url, ""))
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/ld+json")
    assert response.headers["cache-control"] == "public, max-age=300"
    document = response.json()
    assert document["id"] == url and signing.check_proofs(document).signer == credential["issuer"]["id"]
    assert client.get("/credentials/status/99").status_code == 404
