"""No lock-out by strangers, no live token at rest, mail that never stalls,
verification codes that cannot be guessed (R002-02, R002-03, R002-13)."""

from __future__ import annotations

import logging
import math
import re
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import text
from sqlmodel import select

from ce_tracker.config import load_settings
from ce_tracker.models import Certificate, Member, OutboxEmail, Role
from ce_tracker.services import mail
from ce_tracker.services.accounts import sessions
from ce_tracker.services.accounts.actors import load_actor
from ce_tracker.services.accounts.members import NewMember, add_member
from ce_tracker.services.errors import Invalid, Throttled
from ce_tracker.services.events import certificates, cme
from ce_tracker.services.events.certificates import ALPHABET
from tests.utils import factories as f
from tests.utils.net import free_port
from tests.utils.smtp import running_inbox
from tests.utils.tables import every_value_as_text

NOW = datetime(2026, 3, 2, 14, 0, tzinfo=timezone.utc)
SETTINGS = replace(load_settings(), public_url="https://ce.example.test", reset_minutes=60, smtp_host=None,
                   smtp_security="none", smtp_user=None, smtp_password=None, login_free_failures=3,
                   login_delay_seconds=2, login_max_delay_seconds=900, login_window_minutes=15,
                   login_client_limit=50, login_global_limit=1000, reset_account_limit=3, reset_client_limit=10,
                   verify_client_limit=30, mail_retry_seconds=60, mail_max_attempts=8)
LINK = re.compile(r"https://ce\.example\.test/reset-password\?token=([A-Za-z0-9_-]+)")
ATTACKER, OWNER = "client-attacker", "client-owner"


def account(session, n: int = 0) -> Member:
    f.program(session)
    return add_member(session, NewMember(f"Grace Hopper {n}", f"grace{n}@example.test", f"grace{n}",
                                         (Role.MEMBER,)), password=f.PASSWORD, actor_id=None)


def attempt(units, identifier, password, at, client, settings=SETTINGS):
    """One login request in its own unit of work, as the login page runs it."""
    with units() as session:
        return sessions.authenticate(session=session, identifier=identifier, password=password, now=at,
                                     client=client, settings=settings)


def outcome(units, identifier, password, at, client, settings=SETTINGS) -> str:
    try:
        member = attempt(units, identifier, password, at, client, settings)
    except Throttled as refusal:
        return refusal.message
    return "signed in" if member else "no match"


# --- throttling that the owner can always get past ------------------------------------------------------


def test_r002_02_a_stranger_cannot_lock_the_owner_out(units):
    with units() as session:
        grace = account(session)
    for second in range(0, 60 * 60, 60):  # an hour of guessing from the attacker's address
        outcome(units, "grace0", "guess-password-x", NOW + timedelta(seconds=second), ATTACKER)
    member = attempt(units, "grace0", f.PASSWORD, NOW + timedelta(minutes=60), OWNER)
    assert member is not None and member.id == grace.id


def test_the_delay_doubles_and_waiting_is_always_enough(units):
    with units() as session:
        account(session)
    at = NOW
    for _ in range(3):  # the free failures
        assert outcome(units, "grace0", "wrong-password", at, ATTACKER) == "no match"
    for delay in (2, 4, 8, 16):
        assert outcome(units, "grace0", "wrong-password", at + timedelta(seconds=delay - 1), ATTACKER) == \
            "Too many sign-in attempts. Wait 1 second and try again, or reset your password."
        at += timedelta(seconds=delay)
        assert outcome(units, "grace0", "wrong-password", at, ATTACKER) == "no match"
    at += timedelta(seconds=32)
    assert outcome(units, "grace0", f.PASSWORD, at, ATTACKER) == "signed in"
    # A success clears this client's count: the next mistake is free again.
    assert outcome(units, "grace0", "wrong-password", at + timedelta(seconds=1), ATTACKER) == "no match"


def test_the_delay_stops_growing_at_its_ceiling(units):
    settings = replace(SETTINGS, login_max_delay_seconds=60)
    with units() as session:
        account(session)
    at = NOW
    for _ in range(10):
        while outcome(units, "grace0", "wrong-password", at, ATTACKER, settings).startswith("Too many"):
            at += timedelta(seconds=1)
    assert outcome(units, "grace0", f.PASSWORD, at + timedelta(seconds=60), ATTACKER, settings) == "signed in"


def test_r002_03_a_reset_clears_every_clients_failures(units):
    with units() as session:
        grace = account(session)
    at = NOW
    for _ in range(10):  # the owner's own address (or a stranger on the same network) fails ten times
        while outcome(units, "grace0", "wrong-password", at, OWNER).startswith("Too many"):
            at += timedelta(seconds=1)
    later = at + timedelta(seconds=1)
    assert outcome(units, "grace0", f.PASSWORD, later, OWNER).startswith("Too many sign-in attempts. Wait 5 minutes")
    with units() as session:
        sessions.request_reset(session=session, identifier="grace0", now=later, settings=SETTINGS, client=OWNER)
        token = LINK.search(session.exec(select(OutboxEmail)).one().body).group(1)
        sessions.reset_password(session=session, token=token, new_password="a-brand-new-secret-77", now=later)
    member = attempt(units, "grace0", "a-brand-new-secret-77", later + timedelta(seconds=1), OWNER)
    assert member is not None and member.id == grace.id


def test_real_and_unknown_accounts_get_the_same_answers(units):
    with units() as session:
        account(session)

    def answers(identifier):
        return [outcome(units, identifier, "wrong-password", NOW + timedelta(seconds=s), ATTACKER)
                for s in (0, 1, 2, 3, 4, 6, 7)]

    real, unknown = answers("grace0"), answers("nobody-here")
    assert real == unknown and any(a.startswith("Too many") for a in real)


def test_one_client_spraying_many_accounts_is_stopped(units):
    settings = replace(SETTINGS, login_client_limit=5)
    with units() as session:
        for n in range(7):
            account(session, n)
    for n in range(5):
        assert outcome(units, f"grace{n}", "Spring2026!", NOW + timedelta(seconds=n), ATTACKER, settings) == "no match"
    assert outcome(units, "grace6", f.PASSWORD, NOW + timedelta(seconds=6), ATTACKER, settings).startswith(
        "Too many sign-in attempts. Wait 15 minutes")
    assert outcome(units, "grace6", f.PASSWORD, NOW + timedelta(seconds=6), OWNER, settings) == "signed in"
    assert outcome(units, "grace5", f.PASSWORD, NOW + timedelta(minutes=15, seconds=1), ATTACKER,
                   settings) == "signed in"


def test_site_wide_spraying_slows_failing_clients_but_not_the_right_password(units):
    settings = replace(SETTINGS, login_global_limit=6)
    with units() as session:
        for n in range(6):
            account(session, n)
    for n in range(6):  # six addresses, one guess each
        outcome(units, f"grace{n}", "Spring2026!", NOW + timedelta(seconds=n), f"client-{n}", settings)
    assert outcome(units, "grace1", "Summer2026!", NOW + timedelta(seconds=10), "client-0", settings).startswith(
        "Too many")
    assert outcome(units, "grace1", f.PASSWORD, NOW + timedelta(seconds=10), OWNER, settings) == "signed in"


@pytest.mark.parametrize("weak, reason", [("password1234", "very common password"),
                                          ("qwertyuiop123", "too easy to guess"),
                                          ("grace0grace0", "too easy to guess")])
def test_r002_03_a_guessable_new_password_is_refused_with_the_reason(session, weak, reason):
    grace = account(session)
    sessions.request_reset(session=session, identifier="grace0", now=NOW, settings=SETTINGS)
    token = LINK.search(session.exec(select(OutboxEmail)).one().body).group(1)
    with pytest.raises(Invalid, match=reason):
        sessions.reset_password(session=session, token=token, new_password=weak, now=NOW)
    with pytest.raises(Invalid, match="too easy to guess"):
        sessions.change_password(session=session, actor=load_actor(session, grace.id), current=f.PASSWORD,
                                 new_password=weak, now=NOW)


# --- no live token at rest or in the log ------------------------------------------------------------------


def test_r002_03_the_link_lives_in_the_outbox_only_until_it_is_sent(units, caplog):
    with units() as session:
        account(session)
        sessions.request_reset(session=session, identifier="grace0", now=NOW, settings=SETTINGS)
    with units() as session:
        token = LINK.search(session.exec(select(OutboxEmail)).one().body).group(1)
    caplog.set_level(logging.DEBUG)
    soon = NOW + timedelta(minutes=1)
    assert mail.deliver_pending(units, SETTINGS, now=soon) == 0  # no SMTP: kept; the log says so, not the body
    assert token not in caplog.text and "grace0@example.test" in caplog.text
    with running_inbox() as inbox:
        assert mail.deliver_pending(units, replace(SETTINGS, smtp_host="127.0.0.1", smtp_port=inbox.port),
                                    now=soon) == 1
        assert token in inbox.messages[0].get_content()
    with units() as session:
        assert token not in every_value_as_text(session)
        assert "token=(removed once sent)" in session.exec(select(OutboxEmail)).one().body
        assert sessions.reset_is_valid(session=session, token=token, now=NOW)  # the emailed link still works


def test_an_unsent_link_is_scrubbed_when_it_expires(units):
    with units() as session:
        account(session)
        sessions.request_reset(session=session, identifier="grace0", now=NOW, settings=SETTINGS)
    with units() as session:
        token = LINK.search(session.exec(select(OutboxEmail)).one().body).group(1)
    assert mail.scrub_expired(units, NOW + timedelta(minutes=59)) == 0
    assert mail.scrub_expired(units, NOW + timedelta(minutes=60)) == 1
    with units() as session:
        assert token not in every_value_as_text(session)


def test_a_new_password_spends_every_other_reset_link(session):
    grace = account(session)
    for minute in (0, 1, 2):
        sessions.request_reset(session=session, identifier="grace0", now=NOW + timedelta(minutes=minute),
                               settings=SETTINGS)
    first, second, third = [LINK.search(e.body).group(1) for e in session.exec(select(OutboxEmail))]
    sessions.reset_password(session=session, token=first, new_password="a-brand-new-secret-77",
                            now=NOW + timedelta(minutes=3))
    assert not sessions.reset_is_valid(session=session, token=second, now=NOW + timedelta(minutes=4))
    later = NOW + timedelta(hours=2)
    sessions.request_reset(session=session, identifier="grace0", now=later, settings=SETTINGS)
    fourth = LINK.search(list(session.exec(select(OutboxEmail)))[-1].body).group(1)
    assert sessions.change_password(session=session, actor=load_actor(session, grace.id),
                                    current="a-brand-new-secret-77", new_password="yet-another-secret-9",
                                    now=later + timedelta(minutes=1))
    assert not sessions.reset_is_valid(session=session, token=fourth, now=later + timedelta(minutes=2))
    assert third != fourth


def test_reset_requests_are_limited_per_account_and_per_client(session):
    for n in range(4):
        account(session, n)
    for minute in range(5):  # five requests for one account from five addresses: three emails
        sessions.request_reset(session=session, identifier="grace0", now=NOW + timedelta(minutes=minute),
                               settings=SETTINGS, client=f"client-{minute}")
    assert len(list(session.exec(select(OutboxEmail)))) == 3
    settings = replace(SETTINGS, reset_client_limit=4)
    for n in (1, 2, 3, 1, 2):  # one address asking for many accounts: four requests count, the fifth is dropped
        sessions.request_reset(session=session, identifier=f"grace{n}", now=NOW + timedelta(minutes=10),
                               settings=settings, client=ATTACKER)
    assert len(list(session.exec(select(OutboxEmail)))) == 3 + 4
    # An hour later the owner may ask again.
    sessions.request_reset(session=session, identifier="grace0", now=NOW + timedelta(minutes=65),
                           settings=SETTINGS, client=OWNER)
    assert len(list(session.exec(select(OutboxEmail)))) == 8


# --- one bad message never stops the mail -----------------------------------------------------------------


def test_a_newline_in_a_subject_is_cleaned_and_every_message_goes(units):
    with units() as session:
        mail.queue(session, to="ada@example.test", subject="Approved: Anatomy\r\nBcc: everyone@example.test",
                   body="Hello Ada.\n")
        mail.queue(session, to="grace@example.test", subject="Hello", body="Hello Grace.\n")
    # Rows written before this fix (or by any other path) still carry the raw newline.
    with units() as session:
        session.execute(text("UPDATE outbox_email SET subject = 'Approved: X\nBcc: all@example.test' WHERE id = 1"))
    with running_inbox() as inbox:
        settings = replace(SETTINGS, smtp_host="127.0.0.1", smtp_port=inbox.port)
        assert mail.deliver_pending(units, settings) == 2
        assert sorted(m["To"] for m in inbox.messages) == ["ada@example.test", "grace@example.test"]
        assert inbox.messages[0]["Subject"] == "Approved: X Bcc: all@example.test"
        assert inbox.messages[0]["Bcc"] is None and inbox.recipients[0] == ["ada@example.test"]


def test_a_failing_message_is_retried_later_reported_and_never_marked_sent(units, caplog):
    with units() as session:
        mail.queue(session, to="gone@example.test", subject="Refused by the server", body="No such mailbox.\n")
        mail.queue(session, to="grace@example.test", subject="Hello", body="Hello Grace.\n")
    with running_inbox() as inbox:
        inbox.refuse.add("gone@example.test")
        settings = replace(SETTINGS, smtp_host="127.0.0.1", smtp_port=inbox.port, mail_retry_seconds=60)
        assert mail.deliver_pending(units, settings) == 1
        assert [m["To"] for m in inbox.messages] == ["grace@example.test"]
        with units() as session:
            bad = session.get(OutboxEmail, 1)
            assert bad.sent_at is None and bad.attempts == 1 and bad.error and bad.claimed_until is None
            first_wait = bad.next_attempt_at - datetime.now(timezone.utc)
        assert timedelta(seconds=50) < first_wait <= timedelta(seconds=60)
        assert "failed (attempt 1" in caplog.text
        assert mail.deliver_pending(units, settings) == 0  # not due yet: not tried again at once
        with units() as session:
            assert session.get(OutboxEmail, 1).attempts == 1
            session.get(OutboxEmail, 1).next_attempt_at = NOW  # the wait has passed
        mail.deliver_pending(units, settings)
        with units() as session:
            bad = session.get(OutboxEmail, 1)
            assert bad.attempts == 2 and bad.sent_at is None
            assert bad.next_attempt_at - datetime.now(timezone.utc) > timedelta(seconds=110)  # doubled
    assert mail.retry_delay(8, settings) == timedelta(seconds=60 * 128)


def test_after_the_last_attempt_the_message_is_reported_as_given_up(units, caplog):
    with units() as session:
        mail.queue(session, to="ada@example.test", subject="Hello", body="Hi.\n")
    settings = replace(SETTINGS, smtp_host="127.0.0.1", smtp_port=free_port(), mail_max_attempts=2)
    for _ in range(3):
        mail.deliver_pending(units, settings)
        with units() as session:
            session.get(OutboxEmail, 1).next_attempt_at = NOW
    with units() as session:
        email = session.get(OutboxEmail, 1)
        assert email.attempts == 2 and email.sent_at is None
    assert "GIVEN UP after 2 attempts" in caplog.text


# --- verification codes ---------------------------------------------------------------------------------


def _certificate(session) -> Certificate:
    holder = f.person(session)
    activity = f.event(session, ends_on=date(2026, 2, 20))
    days = f.event_days(session, activity)
    f.register(session, holder, *days)
    for day in days:
        cme.save_day(session=session, actor=holder, event_day_id=day.id, value="2", now=NOW)
    submission = cme.submit_event(session=session, actor=holder, activity_id=activity.id, now=NOW)
    return session.exec(select(Certificate).where(Certificate.submission_id == submission.id)).one()


def test_r002_13_new_codes_carry_at_least_64_bits_and_old_codes_still_verify(session):
    certificate = _certificate(session)
    assert len(certificate.verification_code) * math.log2(len(ALPHABET)) >= 64
    assert set(certificate.verification_code) <= set(ALPHABET)
    assert certificates.verify(session=session, number=certificate.number,
                               code=certificate.verification_code).details is not None
    certificate.verification_code = "7K3QX9"  # issued before the change: six characters
    assert certificates.verify(session=session, number=certificate.number, code="7k3qx9").details is not None


def test_r002_13_a_client_that_keeps_guessing_is_refused(session):
    certificate = _certificate(session)
    settings = replace(SETTINGS, verify_client_limit=5)

    def check(code, client=ATTACKER, at=NOW, number=certificate.number):
        return certificates.verify(session=session, number=number, code=code, client=client, now=at,
                                   settings=settings)

    for n in range(3):
        assert check(f"WRONG{n}").details is None
    assert not check("", number="CME-2026-NOSUCH22").found
    assert not check("", number="CME-2026-NOSUCH23").found
    with pytest.raises(Throttled, match="Too many"):
        check(certificate.verification_code)
    assert check(certificate.verification_code, client=OWNER).details is not None
    assert check(certificate.verification_code, at=NOW + timedelta(hours=1, seconds=1)).details is not None
    assert check("", at=NOW + timedelta(hours=2)).found  # a number alone, correctly typed, costs nothing
