"""Reminders at their boundaries, each sent once, turned off by the member (R000-08, R000-15).

Delivered through a real SMTP peer (aiosmtpd) to check the RFC 8058 one-click unsubscribe headers.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import date, timedelta

import pytest
from alembic.config import Config
from sqlalchemy import text
from sqlmodel import select

from alembic import command
from ce_tracker.config import ROOT, load_settings
from ce_tracker.db import make_engine
from ce_tracker.models import OutboxEmail, Reminder, ReminderOptOut, Role
from ce_tracker.services import mail
from ce_tracker.services.approvals import review
from ce_tracker.services.errors import Invalid
from ce_tracker.services.events import cme
from ce_tracker.services.reminders import sending
from ce_tracker.services.renewal import applications
from ce_tracker.services.tokens import digest
from tests.utils import factories as f
from tests.utils.smtp import running_inbox
from tests.utils.tables import every_value_as_text

CERTIFIED = date(2022, 1, 10)
LATER = date(2024, 1, 10)  # a term far from its end: no term-end reminders in the way
ENDS = date(2027, 1, 9)
SETTINGS = replace(load_settings(), public_url="https://ce.example.test", api_url="https://api.ce.example.test",
                   smtp_host=None)


def _send(session, day, hour=12):
    return sending.send_reminders(session=session, now=f.at(day, hour), settings=SETTINGS)


def _kinds(session, member):
    return sorted((r.kind, r.key) for r in session.exec(select(Reminder).where(Reminder.member_id == member.member_id)))


def test_term_end_reminders_at_12_6_3_1_months_and_grace_each_once(session):
    member = f.person(session, certified_on=CERTIFIED)
    f.course_credit(session, member, "Art", "9.5", date(2024, 1, 1))
    assert _send(session, date(2026, 1, 9)) == 0  # the day before the 12-month boundary
    assert _send(session, date(2026, 1, 10)) == 1
    assert _send(session, date(2026, 1, 10), 18) == 0 and _send(session, date(2026, 2, 1)) == 0  # once
    for day in (date(2026, 7, 10), date(2026, 10, 10), date(2026, 12, 10)):
        assert _send(session, day) == 1
    assert _send(session, ENDS + timedelta(days=1)) == 1  # in grace: what is pending
    assert _send(session, ENDS + timedelta(days=5)) == 0
    term_keys = [key for kind, key in _kinds(session, member) if kind == "term_end"]
    assert sorted(k.split(":")[1] for k in term_keys) == ["12m", "1m", "3m", "6m"]
    assert ("grace", next(k for _, k in _kinds(session, member)).split(":")[0]) in _kinds(session, member)


def test_a_member_who_applied_gets_no_term_end_reminder(session):
    member = f.person(session, certified_on=CERTIFIED)
    f.enough_to_renew(session, member, date(2024, 1, 1))
    applications.apply_for_renewal(session=session, actor=member, attested=True, now=f.at(date(2026, 6, 1)),
                              settings=SETTINGS)
    assert _send(session, date(2026, 7, 10)) == 0


def test_recording_window_reminders_at_7_and_2_days_only_to_who_has_not_submitted(session):
    waiting, done = f.person(session, certified_on=LATER), f.person(session, certified_on=LATER)
    activity = f.event(session, ends_on=date(2026, 10, 10))
    days = f.event_days(session, activity)
    f.register(session, waiting, *days)
    f.register(session, done, *days)
    for day in days:
        cme.save_day(session=session, actor=done, event_day_id=day.id, value="1", now=f.at(date(2026, 10, 12)))
    cme.submit_event(session=session, actor=done, activity_id=activity.id, now=f.at(date(2026, 10, 12)))
    closes = date(2026, 11, 9)
    assert _send(session, closes - timedelta(days=8)) == 0
    assert _send(session, closes - timedelta(days=7)) == 1 and _send(session, closes - timedelta(days=5)) == 0
    assert _send(session, closes - timedelta(days=2)) == 1 and _send(session, closes) == 0
    assert [k for kind, k in _kinds(session, done) if kind == "recording"] == []
    assert [k for kind, k in _kinds(session, waiting) if kind == "recording"] == [f"event{activity.id}:2d",
                                                                                  f"event{activity.id}:7d"]


def test_reviewers_are_reminded_of_a_request_nearing_its_two_week_target(session):
    member = f.person(session, certified_on=LATER)
    reviewer = f.person(session, Role.REVIEWER)
    submitted = date(2026, 11, 1)
    f.approval_request(session, member, ends_on=date(2026, 10, 20), now=f.at(submitted))
    assert _send(session, submitted + timedelta(days=10)) == 0
    assert _send(session, submitted + timedelta(days=11)) == 1  # 3 days before the 14-day target
    assert _send(session, submitted + timedelta(days=12)) == 0
    assert [kind for kind, _ in _kinds(session, reviewer)] == ["review"]


def test_each_kind_can_be_turned_off_and_bad_kinds_are_refused(session):
    member = f.person(session, certified_on=CERTIFIED)
    assert sending.reminder_settings(session=session, actor=member)["term_end"] is True
    sending.set_reminder(session=session, actor=member, kind="term_end", on=False, now=f.at(date(2026, 1, 1)))
    assert sending.reminder_settings(session=session, actor=member)["term_end"] is False
    assert _send(session, date(2026, 1, 10)) == 0
    for kind, on in (("nope", False), ("term_end", "off"), (None, True)):
        with pytest.raises(Invalid):
            sending.set_reminder(session=session, actor=member, kind=kind, on=on, now=f.at(date(2026, 1, 1)))
    sending.set_reminder(session=session, actor=member, kind="term_end", on=True, now=f.at(date(2026, 1, 1)))
    assert _send(session, date(2026, 1, 10)) == 1


def test_reminders_arrive_with_one_click_unsubscribe_headers_and_the_link_works(units):
    with units() as session:
        member = f.person(session, certified_on=CERTIFIED)
        _send(session, date(2026, 1, 10))
    with running_inbox() as inbox:
        sent = mail.deliver_pending(units, replace(SETTINGS, smtp_host="127.0.0.1", smtp_port=inbox.port))
        [message] = inbox.messages
    assert sent == 1
    url = message["List-Unsubscribe"].strip("<>")
    assert url.startswith("https://api.ce.example.test/reminders/unsubscribe/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url in message.get_content()
    token = url.rsplit("/", 1)[1]
    with units() as session:
        stored = session.exec(select(Reminder)).one()
        assert stored.unsubscribe_hash == digest(token) and token not in stored.unsubscribe_hash  # hashed
        assert sending.unsubscribe(session=session, token="x" * 43, now=f.at(date(2026, 1, 11))) is None
        assert sending.unsubscribe(session=session, token=token, now=f.at(date(2026, 1, 11))) == "term_end"
        assert sending.unsubscribe(session=session, token=token, now=f.at(date(2026, 1, 11))) == "term_end"
        assert len(session.exec(select(ReminderOptOut)).all()) == 1
        assert sending.reminder_settings(session=session, actor=member)["term_end"] is False


def test_review_l3_the_unsubscribe_token_leaves_the_outbox_once_sent_and_the_link_still_works(units):
    """Only the token's hash is kept, as for reset links: the body and List-Unsubscribe are scrubbed once sent."""
    with units() as session:
        member = f.person(session, certified_on=CERTIFIED)
        _send(session, date(2026, 1, 10))
    with units() as session:
        queued = session.exec(select(OutboxEmail)).one()
        assert queued.list_unsubscribe in queued.body  # needed until it is sent
    with running_inbox() as inbox:
        assert mail.deliver_pending(units, replace(SETTINGS, smtp_host="127.0.0.1", smtp_port=inbox.port)) == 1
        [message] = inbox.messages
    token = message["List-Unsubscribe"].strip("<>").rsplit("/", 1)[1]
    assert f"/reminders/unsubscribe/{token}" in message.get_content()
    with units() as session:
        assert token not in every_value_as_text(session)
        sent = session.exec(select(OutboxEmail)).one()
        assert sent.list_unsubscribe == "https://api.ce.example.test/reminders/unsubscribe/(removed once sent)"
        assert "To stop these reminders: https://api.ce.example.test/reminders/unsubscribe/(removed once sent)" \
            in sent.body
        assert sending.unsubscribe(session=session, token=token, now=f.at(date(2026, 1, 11))) == "term_end"
        assert sending.reminder_settings(session=session, actor=member)["term_end"] is False


def test_review_l3_the_migration_scrubs_the_tokens_of_reminders_sent_before_it(tmp_path):
    url = f"sqlite:///{tmp_path / 'upgraded.db'}"
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "alembic"))
    config.attributes.update(url=url, skip_logging=True)
    command.upgrade(config, "signin01a2b3")  # the last revision before delivery scrubbed them
    link = "https://ce.example.test/reminders/unsubscribe/"
    engine = make_engine(url)
    with engine.begin() as connection:
        for sent, token in (("2026-01-10 12:00:00", "s" * 43), (None, "u" * 43)):
            connection.execute(text(
                "INSERT INTO outbox_email (to_address, subject, body, created_at, sent_at, attempts, "
                "list_unsubscribe) VALUES ('ada@example.test', 'Reminder', :body, '2026-01-10 11:00:00', :sent, 0, "
                ":link)"), {"body": f"To stop these reminders: {link}{token}\n", "sent": sent, "link": link + token})
    command.upgrade(config, "head")
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT body, list_unsubscribe FROM outbox_email ORDER BY id")).all()
    engine.dispose()
    assert rows == [(f"To stop these reminders: {link}(removed once sent)\n", f"{link}(removed once sent)"),
                    (f"To stop these reminders: {link}{'u' * 43}\n", link + "u" * 43)]  # unsent: still needed


@pytest.mark.postgres
@pytest.mark.parametrize("engine", ["postgres"], indirect=True)
def test_two_workers_sending_at_once_send_each_reminder_once(units, engine):
    with units() as session:
        for _ in range(3):
            f.person(session, certified_on=CERTIFIED)
    barrier, counts = threading.Barrier(2), []

    def worker():
        with units() as session:
            barrier.wait(timeout=10)
            counts.append(_send(session, date(2026, 1, 10)))

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sum(counts) == 3
    with units() as session:
        assert len(session.exec(select(Reminder)).all()) == 3


def test_approved_requests_not_recorded_are_reminded(session):
    member = f.person(session, certified_on=LATER)
    reviewer = f.person(session, Role.REVIEWER)
    ends = date(2026, 10, 10)
    request = f.approval_request(session, member, ends_on=ends)
    review.approve(session=session, actor=reviewer, request_id=request.id, criteria=f.judged(),
                   now=f.at(ends + timedelta(days=2)), settings=SETTINGS)
    assert _send(session, ends + timedelta(days=24)) == 0  # closes on Nov 11 (30 days after the approval)
    assert _send(session, ends + timedelta(days=25)) == 1  # 7 days left
    assert [k.split(":")[1] for kind, k in _kinds(session, member) if kind == "recording"] == ["7d"]


def test_r000_19_each_person_chooses_only_the_reminders_meant_for_their_roles(session):
    member = f.person(session, certified_on=date(2022, 1, 10))
    reviewer = f.person(session, Role.REVIEWER)
    both = f.person(session, Role.MEMBER, Role.REVIEWER, certified_on=date(2022, 1, 10))
    assert set(sending.reminder_settings(session=session, actor=member)) == {"term_end", "recording", "grace"}
    assert set(sending.reminder_settings(session=session, actor=reviewer)) == {"review"}
    assert set(sending.reminder_settings(session=session, actor=both)) == {"term_end", "recording", "grace",
                                                                              "review"}
