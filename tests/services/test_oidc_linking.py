"""Signing in with the society's account (R000-27): linking, the claim rules, staff undoing a link, the sign-ins
sent to the provider, and member passwords turned off. The clock is ``NOW``, passed in; the provider's
claims are what a verified id_token would carry (the protocol itself: tests/web/test_sso_protocol.py).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlmodel import select

from ce_tracker.config import OidcSettings, load_settings, oidc_settings
from ce_tracker.models import (
    AuditEntry,
    CertificationTerm,
    LoginSession,
    Member,
    OidcLink,
    OidcRequest,
    OutboxEmail,
    Role,
    RoleGrant,
)
from ce_tracker.services.accounts import members, oidc, sessions
from ce_tracker.services.accounts.actors import load_actor
from ce_tracker.services.accounts.oidc import Claims, SignInRefused
from ce_tracker.services.errors import Invalid, NotAllowed, NotFound
from ce_tracker.services.tokens import digest
from tests.utils import factories as f

NOW = datetime(2026, 12, 5, 15, 0, tzinfo=timezone.utc)
ISSUER = "https://login.ami.example"
OIDC = OidcSettings(
    issuer=ISSUER, client_id="ce-tracker", client_secret="secret", scopes=("openid", "email", "profile"),
    member_number_claim="ami_member_id", email_claim="email", status_claim="membership",
    current_statuses=frozenset({"active", "current"}), lapsed="allow",
    lapsed_message="Your AMI membership has lapsed. Renew at ami.org, then sign in again.",
    button_label="Sign in with your AMI account", groups_claim="groups", group_roles=(), create_accounts=False,
    certified_claim="cmi_certified_on", clock_skew_seconds=60, password_help_url="https://ami.example/forgot",
    provider_logout=True)
SETTINGS = replace(load_settings(), oidc=OIDC, membership_email="membership@ami.example",
                   public_url="https://ce.example.test")


def settings(**changes) -> object:
    passwords = changes.pop("member_passwords", True)
    return replace(SETTINGS, oidc=replace(OIDC, **changes), member_passwords=passwords)


def claims(subject: str = "ami|1001", **values) -> Claims:
    """Verified claims as the society's provider sends them, read through the configured claim names."""
    raw = {"sub": subject, "membership": "active", **values}
    return oidc.claims_from(raw, issuer=ISSUER, config=OIDC)


def member(session, *roles: Role, certified_on: date | None = None) -> Member:
    actor = f.person(session, *roles, certified_on=certified_on)
    return session.get(Member, actor.member_id)


def sign_in(session, c: Claims, config=SETTINGS, now=NOW) -> oidc.SignedIn:
    with session.begin_nested():
        return oidc.sign_in(session=session, claims=c, now=now, settings=config)


def refused(session, c: Claims, config=SETTINGS) -> SignInRefused:
    with pytest.raises(SignInRefused) as caught:
        sign_in(session, c, config)
    return caught.value


def audit_actions(session, member_id: int) -> list[str]:
    return list(session.exec(select(AuditEntry.action).where(AuditEntry.entity_id == member_id)
                             .order_by(AuditEntry.id)).all())


# --- Linking ------------------------------------------------------------------------------------------------

def test_r000_27_first_sign_in_links_by_the_member_number_claim(session):
    maya, other = member(session), member(session)
    result = sign_in(session, claims(ami_member_id=maya.member_number, email=other.email, email_verified=True))
    assert (result.member_id, result.linked_by, result.current) == (maya.id, "member_number", True)
    link = session.exec(select(OidcLink)).one()
    assert (link.issuer, link.subject, link.member_id, link.linked_at) == (ISSUER, "ami|1001", maya.id, NOW)
    assert "sso_linked" in audit_actions(session, maya.id)


def test_r000_27_without_a_member_number_a_verified_email_links_and_an_unverified_one_does_not(session):
    maya = member(session)
    assert refused(session, claims(email=maya.email.upper(), email_verified=False)).kind == "unknown"
    assert session.exec(select(OidcLink)).first() is None
    result = sign_in(session, claims(email=maya.email.upper(), email_verified=True))
    assert (result.member_id, result.linked_by) == (maya.id, "email")


def test_r000_27_once_linked_the_subject_counts_and_an_email_changed_at_the_society_moves_nothing(session):
    maya, other = member(session), member(session)
    sign_in(session, claims(ami_member_id=maya.member_number))
    # At the society she now uses the address CE Tracker knows as another member's; her number is gone too.
    later = sign_in(session, claims(email=other.email, email_verified=True), now=NOW + timedelta(days=30))
    assert (later.member_id, later.linked_by) == (maya.id, "")
    session.refresh(maya)
    assert maya.email != other.email
    link = session.exec(select(OidcLink)).one()
    assert link.member_id == maya.id and link.last_sign_in_at == NOW + timedelta(days=30)


def test_r000_27_an_unknown_person_is_told_plainly_whom_to_contact(session):
    member(session)
    refusal = refused(session, claims(ami_member_id="999999", email="nobody@example.test", email_verified=True))
    assert refusal.kind == "unknown"
    words = oidc.refusal_message(refusal.kind, SETTINGS)
    assert "membership@ami.example" in words and "member ID" in words
    assert session.exec(select(OidcLink)).first() is None


def test_r000_27_a_member_already_linked_is_not_taken_over_by_another_society_account(session):
    maya = member(session)
    sign_in(session, claims("ami|1001", ami_member_id=maya.member_number))
    assert refused(session, claims("ami|2002", ami_member_id=maya.member_number)).kind == "taken"
    assert refused(session, claims("ami|2002", email=maya.email, email_verified=True)).kind == "taken"
    assert len(session.exec(select(OidcLink)).all()) == 1


def test_r000_27_an_inactive_account_is_refused_linked_or_not(session):
    maya, closed = member(session), member(session)
    sign_in(session, claims("ami|1001", ami_member_id=maya.member_number))
    maya.is_active = closed.is_active = False
    session.flush()
    assert refused(session, claims("ami|1001")).kind == "inactive"
    assert refused(session, claims("ami|3003", ami_member_id=closed.member_number)).kind == "inactive"
    assert session.exec(select(OidcLink).where(OidcLink.member_id == closed.id)).first() is None


# --- Accounts for certified people, when the society allows it -----------------------------------------------

def test_r000_27_a_certified_current_member_gets_an_account_only_when_the_society_turns_it_on(session):
    f.program(session)
    person = claims("ami|4004", ami_member_id="A-4004", email="new.member@example.test", email_verified=True,
                    name="Nia Newcomer", cmi_certified_on="2025-06-01")
    assert refused(session, person).kind == "unknown"  # off by default
    allowed = settings(create_accounts=True)
    assert refused(session, replace(person, certified_on=None), allowed).kind == "unknown"  # not certified
    assert refused(session, replace(person, status="lapsed"), allowed).kind == "unknown"  # not current
    result = sign_in(session, person, allowed)
    created = session.get(Member, result.member_id)
    assert result.linked_by == "new_account"
    assert (created.full_name, created.email, created.member_number) == ("Nia Newcomer", person.email, "A-4004")
    assert created.password_hash == "!unusable"
    term = session.exec(select(CertificationTerm).where(CertificationTerm.member_id == created.id)).one()
    assert term.starts_on == date(2025, 6, 1)
    mail = session.exec(select(OutboxEmail).where(OutboxEmail.to_address == person.email)).one()
    assert "Sign in the same way" in mail.body and "token=" not in mail.body


# --- Membership status ----------------------------------------------------------------------------------

def test_r000_27_a_lapsed_membership_is_let_in_to_see_the_record_or_refused_in_the_societys_words(session):
    maya = member(session)
    lapsed = claims(ami_member_id=maya.member_number, membership="lapsed")
    assert refused(session, lapsed, settings(lapsed="refuse")).kind == "lapsed"
    assert session.exec(select(OidcLink)).first() is None  # refused before anything was linked
    assert oidc.refusal_message("lapsed", settings(lapsed="refuse")) == OIDC.lapsed_message
    let_in = sign_in(session, lapsed, settings(lapsed="allow"))
    assert (let_in.member_id, let_in.current) == (maya.id, False)
    # Once the claim is named, its absence is not "current"; a society that sends none is never asked.
    assert not oidc.is_current(claims(membership=None), OIDC)
    assert oidc.is_current(claims(membership="CURRENT"), OIDC)
    assert oidc.is_current(claims(membership=None), replace(OIDC, status_claim=""))


# --- Roles ------------------------------------------------------------------------------------------------

def test_r000_27_roles_stay_ours_unless_the_society_maps_groups_explicitly(session):
    maya = member(session, Role.MEMBER, Role.BOARD)
    sign_in(session, claims(ami_member_id=maya.member_number, groups=["ce-committee", "hq-staff"]))

    def roles() -> set[str]:
        return {Role(r).value for r in session.exec(select(RoleGrant.role).where(RoleGrant.member_id == maya.id))}

    assert roles() == {"member", "board"}  # no mapping: groups change nothing
    mapped = settings(group_roles=(("ce-committee", "reviewer"), ("hq-staff", "staff")))
    sign_in(session, claims(groups=["ce-committee"]), mapped)
    assert roles() == {"member", "board", "reviewer"}  # Board is not mapped, so it stays ours
    sign_in(session, claims(groups=["hq-staff"]), mapped)
    assert roles() == {"member", "board", "staff"}
    assert audit_actions(session, maya.id).count("roles_from_provider") == 2


# --- Staff see and undo a link ------------------------------------------------------------------------------

def test_r000_27_staff_see_and_undo_a_link_audited_and_its_sessions_end(session):
    staff = f.person(session, Role.STAFF)
    maya = member(session)
    sign_in(session, claims(ami_member_id=maya.member_number))
    with_provider = sessions.open_session(session=session, member_id=maya.id, now=NOW, lifetime=timedelta(hours=8),
                                          sso=True)
    with_password = sessions.open_session(session=session, member_id=maya.id, now=NOW, lifetime=timedelta(hours=8))
    with pytest.raises(NotAllowed):
        oidc.links_for(session=session, actor=load_actor(session, maya.id), member_ids=[maya.id])
    seen = oidc.links_for(session=session, actor=staff, member_ids=[maya.id, staff.member_id])
    assert list(seen) == [maya.id] and seen[maya.id].linked_by == "member_number"
    with pytest.raises(NotAllowed):
        oidc.unlink(session=session, actor=load_actor(session, maya.id), member_id=maya.id, now=NOW)
    oidc.unlink(session=session, actor=staff, member_id=maya.id, now=NOW)
    assert session.exec(select(OidcLink)).first() is None
    entry = session.exec(select(AuditEntry).where(AuditEntry.action == "sso_unlinked")).one()
    assert (entry.actor_id, entry.entity_id, entry.detail["linked_by"]) == (staff.member_id, maya.id, "member_number")
    later = NOW + timedelta(minutes=1)
    assert sessions.actor_for_token(session=session, token=with_provider, now=later) is None
    assert sessions.actor_for_token(session=session, token=with_password, now=later) is not None
    with pytest.raises(NotFound):
        oidc.unlink(session=session, actor=staff, member_id=maya.id, now=NOW)
    assert sign_in(session, claims(ami_member_id=maya.member_number)).linked_by == "member_number"  # links again


# --- The sign-ins sent to the provider --------------------------------------------------------------------

def test_r000_27_a_sign_in_is_claimed_once_by_the_browser_that_started_it_before_it_expires(session):
    started = oidc.start_request(session=session, next_path="/cme/7", now=NOW)
    stored = session.exec(select(OidcRequest)).one()
    assert stored.state_hash == digest(started.state) and started.state not in stored.state_hash
    returned = oidc.claim_request(session=session, state=started.state, browser_key=started.browser_key,
                                  now=NOW + timedelta(minutes=9))
    assert (returned.nonce, returned.code_verifier, returned.next_path) == (started.nonce, started.code_verifier,
                                                                           "/cme/7")
    returned.check_browser()
    session.refresh(stored)
    assert stored.code_verifier == "" and stored.used_at is not None  # the verifier is wiped once used
    with pytest.raises(SignInRefused) as replay:
        oidc.claim_request(session=session, state=started.state, browser_key=started.browser_key, now=NOW)
    assert replay.value.kind == "expired"


def test_r000_27_a_state_from_another_browser_is_refused_and_spent_and_a_late_one_expires(session):
    ours = oidc.start_request(session=session, next_path="/home", now=NOW)
    theirs = oidc.start_request(session=session, next_path="/home", now=NOW)
    swapped = oidc.claim_request(session=session, state=theirs.state, browser_key=ours.browser_key, now=NOW)
    with pytest.raises(SignInRefused) as caught:
        swapped.check_browser()
    assert caught.value.kind == "invalid"
    with pytest.raises(SignInRefused):  # and the owner cannot use it afterwards either
        oidc.claim_request(session=session, state=theirs.state, browser_key=theirs.browser_key, now=NOW)
    with pytest.raises(SignInRefused) as late:
        oidc.claim_request(session=session, state=ours.state, browser_key=ours.browser_key,
                           now=NOW + oidc.REQUEST_LIFETIME)
    assert late.value.kind == "expired"
    for forged in (None, "", "x" * 500, ["a"], "not-a-state-we-issued-at-all"):
        with pytest.raises(SignInRefused) as caught:
            oidc.claim_request(session=session, state=forged, browser_key=ours.browser_key, now=NOW)
        assert caught.value.kind == "invalid"


def test_r000_27_old_sign_ins_are_removed_as_new_ones_start(session):
    oidc.start_request(session=session, next_path="/home", now=NOW - timedelta(days=2))
    oidc.start_request(session=session, next_path="/home", now=NOW)
    assert len(session.exec(select(OidcRequest)).all()) == 1


def test_r000_27_malformed_claims_count_as_absent(session):
    read = oidc.claims_from({"sub": "ami|1", "ami_member_id": 100001, "email": "X@Example.test",
                             "email_verified": "true", "groups": "a b", "cmi_certified_on": "2026-02-30",
                             "membership": ["active"], "name": "y" * 300}, issuer=ISSUER, config=OIDC)
    assert (read.member_number, read.email, read.email_verified, read.groups) == ("100001", "x@example.test", True,
                                                                                 ("a", "b"))
    assert (read.certified_on, read.status, read.name) == (None, None, None)
    for bad in ({}, {"sub": ""}, {"sub": 7}, {"sub": "s" * 256}):
        with pytest.raises(SignInRefused):
            oidc.claims_from(bad, issuer=ISSUER, config=OIDC)


# --- Member passwords off -------------------------------------------------------------------------------------

def test_r000_27_with_member_passwords_off_only_staff_use_a_password(session):
    off = settings(member_passwords=False)
    maya, staff = member(session), member(session, Role.STAFF)
    for who in (maya, staff):
        found = sessions.authenticate(session=session, identifier=who.email, password=f.PASSWORD, now=NOW,
                                      settings=off)
        assert (found is not None) == (who is staff)
    assert sessions.authenticate(session=session, identifier=maya.email, password=f.PASSWORD, now=NOW,
                                 settings=SETTINGS) is not None  # passwords on: as before
    message = sessions.bad_login_message(off)
    assert "Sign in with your AMI account" in message and sessions.BAD_LOGIN in message
    sessions.request_reset(session=session, identifier=maya.email, now=NOW, settings=off)
    assert session.exec(select(OutboxEmail).where(OutboxEmail.to_address == maya.email)).first() is None
    with pytest.raises(Invalid, match="AMI account"):
        sessions.change_password(session=session, actor=load_actor(session, maya.id), current=f.PASSWORD,
                                 new_password="a-brand-new-secret-77", now=NOW, settings=off)
    created = members.create_member(session=session, actor=load_actor(session, staff.id), now=NOW, settings=off,
                                    new=members.NewMember("Ola Nordmann", "ola@example.test", "ola.nordmann"))
    welcome = session.exec(select(OutboxEmail).where(OutboxEmail.to_address == created.email)).one()
    assert "Sign in with your AMI account" in welcome.body and "reset-password" not in welcome.body


def test_r000_27_a_provider_session_is_marked_so_sign_out_reaches_the_provider(session):
    maya = member(session)
    lifetime = timedelta(hours=1)
    via_provider = sessions.open_session(session=session, member_id=maya.id, now=NOW, lifetime=lifetime, sso=True)
    via_password = sessions.open_session(session=session, member_id=maya.id, now=NOW, lifetime=lifetime)
    assert sessions.logout(session=session, token=via_provider, now=NOW) is True
    assert sessions.logout(session=session, token=via_provider, now=NOW) is True  # the cookie route asks again
    assert sessions.logout(session=session, token=via_password, now=NOW) is False
    assert sessions.logout(session=session, token="unknown", now=NOW) is False
    assert all(row.revoked_at == NOW for row in session.exec(select(LoginSession)).all())


# --- Settings ---------------------------------------------------------------------------------------------

def test_r000_27_the_settings_refuse_what_would_weaken_or_lock_out_the_sign_in(monkeypatch):
    base = {"CE_OIDC_ISSUER": "https://login.ami.example", "CE_OIDC_CLIENT_ID": "ce", "CE_OIDC_CLIENT_SECRET": "s"}

    def read(**env):
        return oidc_settings({**base, **env}.get, "AMI")

    config = read()
    assert (config.scopes, config.clock_skew_seconds, config.lapsed, config.button_label) == (
        ("openid", "email", "profile"), 60, "allow", "Sign in with your AMI account")
    assert read(CE_OIDC_SCOPES="email membership").scopes == ("openid", "email", "membership")
    assert read(CE_OIDC_GROUP_ROLES="ce-committee=reviewer, hq = Staff").group_roles == (
        ("ce-committee", "reviewer"), ("hq", "staff"))
    assert oidc_settings({}.get, "AMI") is None  # no issuer: no society button
    for wrong in ({"CE_OIDC_CLOCK_SKEW_SECONDS": "301"},  # skew is bounded
                  {"CE_OIDC_ISSUER": "http://login.ami.example"},  # plain http only on this machine
                  {"CE_OIDC_CLIENT_SECRET": ""},
                  {"CE_OIDC_GROUP_ROLES": "everyone=member"},  # "member" stays ours
                  {"CE_OIDC_LAPSED": "sometimes"},
                  {"CE_OIDC_CREATE_ACCOUNTS": "1"}):  # without the claim that says who is certified
        with pytest.raises(ValueError):
            read(**wrong)
    monkeypatch.setenv("CE_MEMBER_PASSWORDS", "0")
    monkeypatch.delenv("CE_OIDC_ISSUER", raising=False)
    with pytest.raises(ValueError, match="CE_OIDC_ISSUER"):  # members would have no way in at all
        load_settings()
