"""The public routes: the calendar feed (404 for anything but a live token) and credential downloads."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from icalendar import Calendar
from sqlmodel import select

import ce_tracker.web.feeds as feeds_module
from ce_tracker.clock import utcnow
from ce_tracker.models import Certificate
from ce_tracker.rules import CMI, local_date
from ce_tracker.services.credentials import open_badges, signing
from ce_tracker.services.events import cme
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
    assert response.json()["proof"]["cryptosuite"] == "eddsa-jcs-2022"
    assert client.get(path.replace(path.rsplit("/", 1)[1], "WRONG1.json")).status_code == 404
