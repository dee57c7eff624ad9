"""Email through a real SMTP server: the outbox is delivered once, failures are kept (R002-03)."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage

import pytest
from sqlmodel import select

from ce_tracker.config import load_settings
from ce_tracker.models import Member, OutboxEmail
from ce_tracker.services import mail
from ce_tracker.services.accounts import sessions
from tests.utils import factories as f
from tests.utils.net import free_port
from tests.utils.smtp import Inbox, running_inbox

NOW = datetime(2026, 3, 2, 14, 0, tzinfo=timezone.utc)
BASE = replace(load_settings(), public_url="https://ce.example.test", smtp_host=None, smtp_security="none",
               smtp_user=None, smtp_password=None, mail_from="CE Tracker <no-reply@example.test>",
               support_email="membership@example.test", society_name="Association of Medical Illustrators")
SIGNED = "\n-- \nAssociation of Medical Illustrators\nSent by CE Tracker: https://ce.example.test\n"


@pytest.fixture
def inbox() -> Iterator[Inbox]:
    with running_inbox() as server:
        yield server

@pytest.fixture
def settings(inbox):
    return replace(BASE, smtp_host="127.0.0.1", smtp_port=inbox.port)


def text_of(message: EmailMessage) -> str:
    """The body as typed (SMTP carries CRLF line ends)."""
    return message.get_content().replace("\r\n", "\n")


def outbox(units) -> list[OutboxEmail]:
    with units() as session:
        return list(session.exec(select(OutboxEmail).order_by(OutboxEmail.id)))


def queue_two(units) -> None:
    with units() as session:
        mail.queue(session, to="ada@example.test", subject="Your account", body="Hello Ada,\n\nWelcome.\n")
        mail.queue(session, to="grace@example.test", subject="Reset your password", body="Hello Grace.\n")


def test_queued_emails_arrive_once_and_are_marked_sent(units, inbox, settings):
    queue_two(units)
    assert mail.deliver_pending(units, settings) == 2
    received = {m["To"]: m for m in inbox.messages}
    assert set(received) == {"ada@example.test", "grace@example.test"}
    assert sorted(inbox.recipients) == [["ada@example.test"], ["grace@example.test"]]
    assert received["ada@example.test"]["Subject"] == "Your account"
    # The society's name is the sender's display name and signs every body.
    assert received["ada@example.test"]["From"] == ("Association of Medical Illustrators CE Tracker "
                                                    "<no-reply@example.test>")
    assert text_of(received["ada@example.test"]) == "Hello Ada,\n\nWelcome.\n" + SIGNED
    assert text_of(received["grace@example.test"]) == "Hello Grace.\n" + SIGNED
    assert all(e.sent_at is not None and e.error is None for e in outbox(units))
    assert mail.deliver_pending(units, settings) == 0
    assert len(inbox.messages) == 2


def test_an_email_queued_in_a_rolled_back_change_is_never_sent(units, inbox, settings):
    with pytest.raises(RuntimeError):
        with units() as session:
            mail.queue(session, to="ada@example.test", subject="Your account", body="Welcome.")
            raise RuntimeError("the change failed")
    assert mail.deliver_pending(units, settings) == 0
    assert inbox.messages == [] and outbox(units) == []


def test_without_smtp_mail_stays_in_the_outbox_and_goes_to_the_log_once(units, inbox, caplog):
    queue_two(units)
    with caplog.at_level("WARNING", logger="ce_tracker.services.mail"):
        assert mail.deliver_pending(units, BASE) == 0
        assert mail.deliver_pending(units, BASE) == 0
    assert inbox.messages == []
    assert [(e.to_address, e.sent_at, e.error) for e in outbox(units)] == \
        [("ada@example.test", None, mail.NOT_CONFIGURED), ("grace@example.test", None, mail.NOT_CONFIGURED)]
    logged = [r.getMessage() for r in caplog.records]
    assert len(logged) == 2 and "ada@example.test" in logged[0] and "grace@example.test" in logged[1]


def test_an_unreachable_smtp_server_leaves_the_email_unsent_with_the_error(units):
    queue_two(units)
    nobody_listens = replace(BASE, smtp_host="127.0.0.1", smtp_port=free_port())
    assert mail.deliver_pending(units, nobody_listens) == 0
    rows = outbox(units)
    assert [e.sent_at for e in rows] == [None, None]
    assert all(e.error for e in rows), [e.error for e in rows]


def test_a_sender_name_the_operator_chose_is_kept(units, inbox, settings):
    queue_two(units)
    mail.deliver_pending(units, replace(settings, mail_from="AMI Headquarters <hq@example.test>"))
    assert {m["From"] for m in inbox.messages} == {"AMI Headquarters <hq@example.test>"}


def test_a_slow_mail_server_does_not_hold_up_other_changes(units, inbox, settings):
    """The outbox promises delivery after commit, so a slow SMTP server never holds a database lock."""
    with units() as session:
        mail.queue(session, to="ada@example.test", subject="Your account", body="Welcome.")
    inbox.hold = True
    sender = threading.Thread(target=mail.deliver_pending, args=(units, settings))
    sender.start()
    try:
        assert inbox.arrived.wait(10), "the email never reached the SMTP server"
        started = time.monotonic()
        with units() as session:  # another request saves something while the server is still answering
            mail.queue(session, to="grace@example.test", subject="Reset your password", body="Hello.")
        waited = time.monotonic() - started
    finally:
        inbox.release.set()
        sender.join(30)
    assert waited < 1, f"saving waited {waited:.1f} s for the SMTP server to answer"
    assert [m["To"] for m in inbox.messages] == ["ada@example.test"]


def test_r002_03_forgot_password_end_to_end_through_a_real_email(units, inbox, settings):
    with units() as session:
        grace = f.person(session, name="Grace Hopper")
        member = session.get(Member, grace.member_id)
        number, address = member.member_number, member.email
    with units() as session:
        sessions.request_reset(session=session, identifier=number, now=NOW, settings=settings)
    assert mail.deliver_pending(units, settings, now=NOW) == 1  # the test's clock: the link has not expired
    [message] = inbox.messages
    assert message["To"] == address and message["Subject"] == "Reset your CE Tracker password"
    body = text_of(message)
    assert f.PASSWORD not in body and "membership@example.test" in body
    token = re.search(r"https://ce\.example\.test/reset-password\?token=([A-Za-z0-9_-]+)", body).group(1)
    later = NOW + timedelta(minutes=20)
    with units() as session:
        sessions.reset_password(session=session, token=token, new_password="chosen-after-reset-5", now=later)
    with units() as session:
        assert sessions.authenticate(session=session, identifier=address, password="chosen-after-reset-5",
                                     now=later).id == grace.member_id
    with units() as session:
        assert sessions.authenticate(session=session, identifier=address, password=f.PASSWORD, now=later) is None
