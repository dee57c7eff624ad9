"""Signing in, sessions, password resets and changes (R002-02, R002-03)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, text
from sqlmodel import select

from ce_tracker.config import load_settings
from ce_tracker.models import AuditEntry, LoginAttempt, LoginHandoff, LoginSession, Member, OutboxEmail, PasswordReset, Role
from ce_tracker.services.accounts import members
from ce_tracker.services.accounts import sessions as accounts_sessions
from ce_tracker.services.accounts.actors import load_actor
from ce_tracker.services.accounts.members import NewMember, add_member
from ce_tracker.services.errors import Invalid, Throttled
from tests.utils import factories as f

NOW = datetime(2026, 3, 2, 14, 0, tzinfo=timezone.utc)
LIFETIME = timedelta(hours=12)
NEW_PASSWORD = "a-brand-new-secret-77"
SETTINGS = replace(load_settings(), public_url="https://ce.example.test", reset_minutes=60, smtp_host=None,
                   support_email="membership@example.test", society_name="Association of Medical Illustrators")
LINK = re.compile(r"https://ce\.example\.test/reset-password\?token=([A-Za-z0-9_-]+)")


def account(session, *, name="Grace Hopper", email="grace.hopper@example.test", username="grace.hopper",
            roles=(Role.MEMBER,)) -> Member:
    """An account whose password is ``factories.PASSWORD``."""
    f.program(session)
    return add_member(session, NewMember(name, email, username, roles), password=f.PASSWORD, actor_id=None)


@pytest.fixture
def grace(session) -> Member:
    return account(session)


def login(session, identifier, password=f.PASSWORD, now=NOW):
    return accounts_sessions.authenticate(session=session, identifier=identifier, password=password, now=now)


def sign_in(session, member, now=NOW) -> str:
    """What the login page does: check nothing more, issue a handoff and trade it for a session token."""
    code = accounts_sessions.issue_handoff(session=session, member=member, now=now)
    token = accounts_sessions.exchange_handoff(session=session, code=code, now=now, lifetime=LIFETIME)
    assert token
    return token


def who(session, token, now=NOW):
    actor = accounts_sessions.actor_for_token(session=session, token=token, now=now)
    return actor.member_id if actor else None


def outbox(session) -> list[OutboxEmail]:
    return list(session.exec(select(OutboxEmail).order_by(OutboxEmail.id)))


def reset_link_token(session, to: str) -> str:
    """The token from the latest reset email sent to ``to``."""
    emails = [e for e in outbox(session) if e.to_address == to]
    assert emails, f"no email to {to}"
    match = LINK.search(emails[-1].body)
    assert match, emails[-1].body
    return match.group(1)


def audits(session, action: str) -> list[AuditEntry]:
    return list(session.exec(select(AuditEntry).where(AuditEntry.action == action)))


def count(session, model) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


# --- signing in ---------------------------------------------------------------------------------------


def test_r002_02_r002_03_login_by_email_username_or_member_id_in_any_case(session, grace):
    for identifier in ("grace.hopper@example.test", "GRACE.HOPPER@Example.Test", "grace.hopper", "Grace.Hopper",
                       f"  {grace.member_number} ", grace.member_number):
        member = login(session, identifier)
        assert member is not None and member.id == grace.id, identifier


def test_r002_02_wrong_password_gives_no_member_and_is_recorded(session, grace):
    assert login(session, "grace.hopper", "not-the-password") is None
    assert login(session, "grace.hopper", f.PASSWORD.upper()) is None
    attempts = session.exec(select(LoginAttempt)).all()
    assert [(a.member_id, a.succeeded) for a in attempts] == [(grace.id, False), (grace.id, False)]
    assert len(audits(session, "login_failed")) == 2


def test_r002_02_unknown_identifier_gives_no_member_and_is_throttled_like_a_real_one(session, grace):
    """Unknown identifiers are counted too (under a hash of what was typed), so they answer exactly like real
    accounts; no audit row names anyone."""
    audit_rows = count(session, AuditEntry)
    for minute, identifier in enumerate(("nobody@example.test", "nobody", "999999", "", "   ", "x" * 300,
                                         "' OR '1'='1")):
        assert login(session, identifier, now=NOW + timedelta(minutes=minute)) is None, identifier
    attempts = session.exec(select(LoginAttempt)).all()
    assert len(attempts) == 7 and all(a.member_id is None and not a.succeeded for a in attempts)
    assert all(a.account_key.startswith("u") and "nobody" not in a.account_key for a in attempts)
    assert count(session, AuditEntry) == audit_rows


def test_failures_slow_down_further_attempts_and_waiting_is_enough(units):
    """After three failures the same client waits a doubling delay (never a lock-out a stranger could cause)."""
    with units() as session:
        grace = account(session)

    def attempt(password, at):
        with units() as session:  # one request each, as the login page runs them
            return login(session, "grace.hopper", password, now=at)

    for second in range(3):
        assert attempt("wrong-password-1", NOW + timedelta(seconds=second)) is None
    with pytest.raises(Throttled, match="Wait 1 second and try again"):
        attempt(f.PASSWORD, NOW + timedelta(seconds=3))
    member = attempt(f.PASSWORD, NOW + timedelta(seconds=4))
    assert member is not None and member.id == grace.id
    with units() as session:
        # Refused attempts are not counted, so waiting is always enough.
        assert [a.succeeded for a in session.exec(select(LoginAttempt).order_by(LoginAttempt.at))] == \
            [False] * 3 + [True]


def test_failed_attempts_are_recorded_only_when_the_caller_commits(units):
    with units() as session:
        account(session)
    with pytest.raises(RuntimeError):
        with units() as session:
            assert login(session, "grace.hopper", "wrong-password-1") is None
            raise RuntimeError("the request failed after the check")
    with units() as session:
        assert count(session, LoginAttempt) == 0 and audits(session, "login_failed") == []
    with units() as session:
        assert login(session, "grace.hopper", "wrong-password-1") is None
    with units() as session:
        assert [a.succeeded for a in session.exec(select(LoginAttempt))] == [False]
        assert len(audits(session, "login_failed")) == 1


def test_r002_03_a_member_id_always_reaches_its_own_account(units):
    """A username that looks like a member ID must not hide the account that later gets that ID."""
    with units() as session:
        staff = load_actor(session, account(session, name="Staff Person", email="staff@example.test",
                                            username="staff.person", roles=(Role.STAFF,)).id)
        lookalike = str(int(session.get(Member, staff.member_id).member_number) + 2)
    try:
        with units() as session:  # e.g. usernames carried over from an older system's member IDs
            members.create_member(session=session, actor=staff, now=NOW, settings=SETTINGS,
                                  new=NewMember("Early Bird", "early@example.test", lookalike))
    except Invalid:
        pass  # refusing usernames that look like member IDs is one way to keep identifiers unambiguous
    with units() as session:
        later = account(session, name="Later Member", email="later@example.test", username="later.member")
    with units() as session:
        found = login(session, later.member_number)
        reached = accounts_sessions.find_by_identifier(session, later.member_number)
        assert found is not None and found.id == later.id, \
            f"member ID {later.member_number} reached the account with username {reached.username!r}"
        accounts_sessions.request_reset(session=session, identifier=later.member_number, now=NOW, settings=SETTINGS)
    with units() as session:
        assert outbox(session)[-1].to_address == "later@example.test"


# --- handoff codes and sessions -------------------------------------------------------------------------


def test_r002_02_handoff_code_gives_one_session_and_works_only_once(session, grace):
    code = accounts_sessions.issue_handoff(session=session, member=grace, now=NOW)
    token = accounts_sessions.exchange_handoff(session=session, code=code, now=NOW + timedelta(seconds=5), lifetime=LIFETIME)
    assert token and token != code
    actor = accounts_sessions.actor_for_token(session=session, token=token, now=NOW + timedelta(minutes=1))
    assert actor.member_id == grace.id and actor.full_name == "Grace Hopper" and actor.roles == {Role.MEMBER}
    assert accounts_sessions.exchange_handoff(session=session, code=code, now=NOW + timedelta(seconds=6),
                                     lifetime=LIFETIME) is None
    assert count(session, LoginSession) == 1
    assert len(audits(session, "login")) == 1


def test_r002_02_a_sign_ins_session_and_its_cookie_are_one_and_the_code_is_worthless_after(session, grace):
    """The page that signed in and the cookie set afterwards share the session the sign-in opened; the handoff
    row keeps it only sealed under the code (never as such), and the seal is wiped when the code is used."""
    token, code = accounts_sessions.open_signed_in(session=session, member=grace, now=NOW, lifetime=LIFETIME)
    row = session.exec(select(LoginHandoff)).one()
    assert row.session_seal and token not in row.session_seal and code not in row.session_seal
    cookie = accounts_sessions.exchange_handoff(session=session, code=code, now=NOW + timedelta(seconds=1),
                                                lifetime=LIFETIME)
    assert cookie == token and count(session, LoginSession) == 1 and len(audits(session, "login")) == 1
    session.refresh(row)
    assert row.session_seal is None and row.used_at is not None
    assert accounts_sessions.exchange_handoff(session=session, code=code, now=NOW + timedelta(seconds=2),
                                              lifetime=LIFETIME) is None


def test_r002_02_a_code_for_a_session_ended_meanwhile_sets_no_cookie(session, grace):
    token = accounts_sessions.open_session(session=session, member_id=grace.id, now=NOW, lifetime=LIFETIME)
    code = accounts_sessions.issue_handoff(session=session, member=grace, now=NOW, session_token=token)
    accounts_sessions.logout(session=session, token=None, token_hash=hashlib.sha256(token.encode()).hexdigest(),
                             now=NOW)
    assert accounts_sessions.exchange_handoff(session=session, code=code, now=NOW + timedelta(seconds=1),
                                              lifetime=LIFETIME) is None
    assert accounts_sessions.actor_for_token(session=session, token=token, now=NOW) is None


def test_r002_02_handoff_code_expires_after_two_minutes(session, grace):
    late = accounts_sessions.issue_handoff(session=session, member=grace, now=NOW)
    assert accounts_sessions.exchange_handoff(session=session, code=late, now=NOW + timedelta(minutes=2),
                                     lifetime=LIFETIME) is None
    in_time = accounts_sessions.issue_handoff(session=session, member=grace, now=NOW)
    assert accounts_sessions.exchange_handoff(session=session, code=in_time, now=NOW + timedelta(seconds=119),
                                     lifetime=LIFETIME)
    for garbage in ("", "not-a-code", "x" * 100_000):
        assert accounts_sessions.exchange_handoff(session=session, code=garbage, now=NOW, lifetime=LIFETIME) is None
    assert count(session, LoginSession) == 1


def test_r002_02_session_lasts_its_lifetime_and_ends_at_logout(session, grace):
    token = sign_in(session, grace)
    other_tab = sign_in(session, grace)
    assert who(session, token, NOW + LIFETIME - timedelta(seconds=1)) == grace.id
    assert who(session, token, NOW + LIFETIME) is None
    accounts_sessions.logout(session=session, token=token, now=NOW + timedelta(minutes=5))
    assert who(session, token, NOW + timedelta(minutes=6)) is None
    assert who(session, other_tab, NOW + timedelta(minutes=6)) == grace.id  # logging out ends only this session
    assert len(audits(session, "logout")) == 1
    accounts_sessions.logout(session=session, token=token, now=NOW + timedelta(minutes=7))  # twice: nothing more happens
    assert len(audits(session, "logout")) == 1


@pytest.mark.parametrize("token", [None, "", "garbage", "x" * 201, "x" * 1_000_000, "' OR 1=1 --",
                                   "0" * 64, "ÿ\x00"])
def test_r002_02_unknown_garbage_or_huge_tokens_sign_nobody_in(session, grace, token):
    sign_in(session, grace)
    assert accounts_sessions.actor_for_token(session=session, token=token, now=NOW) is None
    accounts_sessions.logout(session=session, token=token, now=NOW)  # a no-op, never an error


def test_session_handoff_and_reset_tokens_are_stored_only_hashed(session, grace):
    code = accounts_sessions.issue_handoff(session=session, member=grace, now=NOW)
    token = accounts_sessions.exchange_handoff(session=session, code=code, now=NOW, lifetime=LIFETIME)
    accounts_sessions.request_reset(session=session, identifier="grace.hopper", now=NOW, settings=SETTINGS)
    reset_token = reset_link_token(session, grace.email)
    session.flush()
    tables = {name: " ".join(str(v) for row in session.execute(text(f"SELECT * FROM {name}")).all() for v in row)
              for name in ("loginsession", "loginhandoff", "passwordreset", "member", "audit_log")}
    for secret in (token, code, reset_token, f.PASSWORD):
        for name, content in tables.items():
            assert secret not in content, f"a secret is stored in plain text in {name}"
    assert session.exec(select(LoginSession.token_hash)).one() == hashlib.sha256(token.encode()).hexdigest()
    assert session.exec(select(PasswordReset.token_hash)).one() == hashlib.sha256(reset_token.encode()).hexdigest()
    assert session.get(Member, grace.id).password_hash.startswith("$argon2id$")


# --- forgotten password (R002-03) -----------------------------------------------------------------------


def test_r002_03_unknown_identifier_queues_no_email_and_gives_the_same_answer(session, grace):
    audit_rows = count(session, AuditEntry)
    for identifier in ("nobody@example.test", "nobody", "999999", "", "x" * 1000):
        assert accounts_sessions.request_reset(session=session, identifier=identifier, now=NOW, settings=SETTINGS) is None
    assert outbox(session) == [] and count(session, PasswordReset) == 0
    assert count(session, AuditEntry) == audit_rows


@pytest.mark.parametrize("identifier", ["GRACE.HOPPER@EXAMPLE.TEST", "Grace.Hopper", "member-id"])
def test_r002_03_known_identifier_queues_one_email_with_a_link_and_never_the_password(session, grace, identifier):
    identifier = grace.member_number if identifier == "member-id" else identifier
    accounts_sessions.request_reset(session=session, identifier=identifier, now=NOW, settings=SETTINGS)
    [email] = outbox(session)
    assert email.to_address == "grace.hopper@example.test"
    assert email.subject == "Reset your CE Tracker password"
    assert "Hello Grace Hopper" in email.body
    assert LINK.search(email.body)
    assert "expires in 60 minutes" in email.body
    assert "membership@example.test" in email.body  # problems lead to a contact for membership
    assert f.PASSWORD not in email.body and grace.password_hash not in email.body
    assert email.sent_at is None  # delivered after the commit, by mail.deliver_pending


def test_r002_03_reset_sets_the_password_ends_every_session_and_the_link_works_once(session, grace):
    phone, laptop = sign_in(session, grace), sign_in(session, grace)
    accounts_sessions.request_reset(session=session, identifier="grace.hopper", now=NOW, settings=SETTINGS)
    token = reset_link_token(session, grace.email)
    later = NOW + timedelta(minutes=10)
    assert accounts_sessions.reset_is_valid(session=session, token=token, now=later)
    accounts_sessions.reset_password(session=session, token=token, new_password=NEW_PASSWORD, now=later)
    assert who(session, phone, later) is None and who(session, laptop, later) is None
    assert login(session, "grace.hopper", NEW_PASSWORD, now=later).id == grace.id
    assert login(session, "grace.hopper", f.PASSWORD, now=later) is None
    assert not accounts_sessions.reset_is_valid(session=session, token=token, now=later)
    with pytest.raises(Invalid, match="expired or was already used"):
        accounts_sessions.reset_password(session=session, token=token, new_password="yet-another-secret-9", now=later)
    assert login(session, "grace.hopper", NEW_PASSWORD, now=later).id == grace.id
    assert len(audits(session, "password_reset")) == 1


def test_r002_03_an_expired_reset_link_is_refused(session, grace):
    accounts_sessions.request_reset(session=session, identifier="grace.hopper", now=NOW, settings=SETTINGS)
    token = reset_link_token(session, grace.email)
    assert accounts_sessions.reset_is_valid(session=session, token=token, now=NOW + timedelta(minutes=59))
    expired = NOW + timedelta(minutes=60)
    assert not accounts_sessions.reset_is_valid(session=session, token=token, now=expired)
    with pytest.raises(Invalid, match="expired"):
        accounts_sessions.reset_password(session=session, token=token, new_password=NEW_PASSWORD, now=expired)
    assert login(session, "grace.hopper", f.PASSWORD, now=expired).id == grace.id


@pytest.mark.parametrize("token", ["", "made-up", "x" * 100_000])
def test_r002_03_a_made_up_reset_link_is_refused(session, grace, token):
    assert not accounts_sessions.reset_is_valid(session=session, token=token, now=NOW)
    with pytest.raises(Invalid):
        accounts_sessions.reset_password(session=session, token=token, new_password=NEW_PASSWORD, now=NOW)


@pytest.mark.parametrize("password, message", [
    ("short-9", "at least 10"),
    ("GRACE.HOPPER@example.test", "must not be your email"),
    ("Grace.Hopper", "must not be your email"),
    ("x" * 257, "at most 256"),
])
def test_r002_03_password_policy_refuses_and_the_link_stays_usable(session, grace, password, message):
    accounts_sessions.request_reset(session=session, identifier="grace.hopper", now=NOW, settings=SETTINGS)
    token = reset_link_token(session, grace.email)
    with pytest.raises(Invalid, match=message):
        accounts_sessions.reset_password(session=session, token=token, new_password=password, now=NOW)
    assert accounts_sessions.reset_is_valid(session=session, token=token, now=NOW)
    assert login(session, "grace.hopper", f.PASSWORD).id == grace.id


# --- changing one's password ----------------------------------------------------------------------------


def test_change_password_needs_the_current_password(session, grace):
    actor = load_actor(session, grace.id)
    token = sign_in(session, grace)
    assert accounts_sessions.change_password(session=session, actor=actor, current="not-the-password",
                                    new_password=NEW_PASSWORD, now=NOW) is None
    with pytest.raises(Invalid, match="different from your current"):
        accounts_sessions.change_password(session=session, actor=actor, current=f.PASSWORD, new_password=f.PASSWORD, now=NOW)
    with pytest.raises(Invalid, match="at least 10"):
        accounts_sessions.change_password(session=session, actor=actor, current=f.PASSWORD, new_password="short", now=NOW)
    assert who(session, token) == grace.id
    assert login(session, "grace.hopper", f.PASSWORD).id == grace.id


def test_wrong_current_passwords_count_as_failed_sign_ins(session, grace):
    """A borrowed session cannot guess the password faster than the login form allows."""
    actor = load_actor(session, grace.id)
    for second in range(3):
        assert accounts_sessions.change_password(session=session, actor=actor, current=f"guess-{second}",
                                        new_password=NEW_PASSWORD, now=NOW + timedelta(seconds=second)) is None
    with pytest.raises(Throttled):
        accounts_sessions.change_password(session=session, actor=actor, current=f.PASSWORD, new_password=NEW_PASSWORD,
                                 now=NOW + timedelta(seconds=3))
    with pytest.raises(Throttled):
        accounts_sessions.authenticate(session=session, identifier="grace.hopper", password=f.PASSWORD,
                              now=NOW + timedelta(seconds=3))


def test_change_password_ends_every_session_and_hands_off_a_fresh_one(session, grace):
    actor = load_actor(session, grace.id)
    old_tab, other_device = sign_in(session, grace), sign_in(session, grace)
    later = NOW + timedelta(minutes=30)
    code = accounts_sessions.change_password(session=session, actor=actor, current=f.PASSWORD, new_password=NEW_PASSWORD,
                                    now=later)
    assert who(session, old_tab, later) is None and who(session, other_device, later) is None
    fresh = accounts_sessions.exchange_handoff(session=session, code=code, now=later + timedelta(seconds=2), lifetime=LIFETIME)
    assert who(session, fresh, later + timedelta(seconds=3)) == grace.id
    assert accounts_sessions.exchange_handoff(session=session, code=code, now=later + timedelta(seconds=4),
                                     lifetime=LIFETIME) is None
    assert login(session, "grace.hopper", NEW_PASSWORD, now=later).id == grace.id
    assert login(session, "grace.hopper", f.PASSWORD, now=later) is None
    assert len(audits(session, "password_changed")) == 1


def test_guesses_sent_in_parallel_are_each_counted_before_their_passwords_are_checked(units):
    """The login page checks the password between two transactions (off the event loop); the attempt is
    recorded as failed first, so guesses whose checks are still running count against the next one, and a
    fourth parallel guess must wait as a fourth sequential one would. A right password turns its own attempt
    into a success."""
    with units() as session:
        grace = account(session)
    started = []
    for second in range(3):  # three guesses in flight at once: all begun, none finished
        with units() as session:
            started.append(accounts_sessions.begin_sign_in(session=session, identifier="grace.hopper",
                                                  now=NOW + timedelta(seconds=second)))
    with pytest.raises(Throttled, match="Wait"):
        with units() as session:
            accounts_sessions.begin_sign_in(session=session, identifier="grace.hopper", now=NOW + timedelta(seconds=3))
    for sign_in in started:
        with units() as session:
            assert accounts_sessions.finish_sign_in(session=session, sign_in=sign_in, ok=False) is None
    with units() as session:
        sign_in = accounts_sessions.begin_sign_in(session=session, identifier="grace.hopper", now=NOW + timedelta(minutes=5))
    with units() as session:
        member = accounts_sessions.finish_sign_in(session=session, sign_in=sign_in, ok=True)
        assert member is not None and member.id == grace.id
    with units() as session:
        assert [a.succeeded for a in session.exec(select(LoginAttempt).order_by(LoginAttempt.at))] == \
            [False] * 3 + [True]
        assert len(audits(session, "login_failed")) == 3


def test_an_unknown_account_never_signs_in_even_if_told_the_password_matched(units):
    with units() as session:
        account(session)
        sign_in = accounts_sessions.begin_sign_in(session=session, identifier="nobody@example.test", now=NOW)
        assert sign_in.member_id is None and sign_in.password_hash is None
        assert accounts_sessions.finish_sign_in(session=session, sign_in=sign_in, ok=True) is None
