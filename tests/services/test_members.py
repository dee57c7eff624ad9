"""Member accounts: staff open them and set roles; members see their own profile (R000-11, R000-19)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func
from sqlmodel import select

from ce_tracker.config import load_settings
from ce_tracker.models import AuditEntry, CertificationTerm, Member, OutboxEmail, PasswordReset, Role, RoleGrant
from ce_tracker.services.accounts import members, sessions
from ce_tracker.services.accounts.actors import load_actor
from ce_tracker.services.accounts.members import NewMember
from ce_tracker.services.accounts.passwords import UNUSABLE
from ce_tracker.services.errors import Conflict, Invalid, NotAllowed
from tests.utils import factories as f

NOW = datetime(2026, 3, 2, 14, 0, tzinfo=timezone.utc)
SETTINGS = replace(load_settings(), public_url="https://ce.example.test", smtp_host=None,
                   support_email="membership@example.test", society_name="Association of Medical Illustrators")
LINK = re.compile(r"https://ce\.example\.test/reset-password\?token=([A-Za-z0-9_-]+)")
GRACE = NewMember("  Grace   Hopper ", "Grace.Hopper@Example.TEST", "GHopper", (Role.MEMBER,), date(2024, 3, 1))
def create(session, staff, new=GRACE, now=NOW) -> Member:
    return members.create_member(session=session, actor=staff, new=new, now=now, settings=SETTINGS)


def counts(session) -> dict[str, int]:
    return {model.__name__: session.exec(select(func.count()).select_from(model)).one()
            for model in (Member, RoleGrant, CertificationTerm, OutboxEmail, PasswordReset, AuditEntry)}


def roles_of(session, member_id: int) -> set[Role]:
    return set(load_actor(session, member_id).roles)


# --- staff open accounts --------------------------------------------------------------------------------


def test_r002_03_staff_create_member_emails_a_link_to_choose_a_password(session, staff):
    grace = create(session, staff)
    assert (grace.full_name, grace.email, grace.username) == ("Grace Hopper", "grace.hopper@example.test", "ghopper")
    assert re.fullmatch(r"\d{6}", grace.member_number)
    [email] = session.exec(select(OutboxEmail)).all()
    assert email.to_address == "grace.hopper@example.test"
    assert email.subject == "Your Association of Medical Illustrators CE Tracker account"
    assert grace.member_number in email.body and "username ghopper" in email.body
    assert "expires in 168 hours" in email.body
    token = LINK.search(email.body).group(1)
    # Until the person chooses a password, nothing signs in, not even the stored placeholder.
    assert grace.password_hash == UNUSABLE
    for n, guess in enumerate((UNUSABLE, "", f.PASSWORD, "ghopper")):  # a minute apart: no throttling delay
        assert sessions.authenticate(session=session, identifier="ghopper", password=guess,
                                     now=NOW + timedelta(minutes=n)) is None
    sessions.reset_password(session=session, token=token, new_password="my-own-choice-42", now=NOW + timedelta(days=1))
    assert sessions.authenticate(session=session, identifier=grace.email, password="my-own-choice-42",
                                 now=NOW + timedelta(days=1)).id == grace.id
    assert [a.detail for a in session.exec(select(AuditEntry).where(AuditEntry.action == "member_created",
                                                                   AuditEntry.entity_id == grace.id))] == \
        [{"roles": "member"}]


def test_welcome_link_lasts_seven_days(session, staff):
    create(session, staff)
    token = LINK.search(session.exec(select(OutboxEmail)).one().body).group(1)
    assert sessions.reset_is_valid(session=session, token=token, now=NOW + timedelta(days=7, seconds=-1))
    assert not sessions.reset_is_valid(session=session, token=token, now=NOW + timedelta(days=7))


@pytest.mark.parametrize("duplicate", [
    NewMember("Another Grace", "GRACE.hopper@example.test", "another.grace"),
    NewMember("Another Grace", "another.grace@example.test", "ghopper"),
    NewMember("Another Grace", "another.grace@example.test", "GHOPPER"),
])
def test_duplicate_email_or_username_is_a_conflict_and_nothing_is_added(units, duplicate):
    with units() as session:
        staff = f.account(session, Role.STAFF)
        create(session, staff)
    with units() as session:
        before = counts(session)
    with pytest.raises(Conflict, match="already exists"):
        with units() as session:
            create(session, staff, new=duplicate)
    with units() as session:
        assert counts(session) == before


@pytest.mark.parametrize("new, message", [
    (NewMember("G", "g@example.test", "ghopper"), "full name"),
    (NewMember("   ", "g@example.test", "ghopper"), "full name"),
    (NewMember("G" * 121, "g@example.test", "ghopper"), "full name"),
    (NewMember("Grace Hopper", "not-an-email", "ghopper"), "valid email"),
    (NewMember("Grace Hopper", "grace@localhost", "ghopper"), "valid email"),
    (NewMember("Grace Hopper", "grace hopper@example.test", "ghopper"), "valid email"),
    (NewMember("Grace Hopper", "a@b@example.test", "ghopper"), "valid email"),
    (NewMember("Grace Hopper", "g" * 250 + "@example.test", "ghopper"), "valid email"),
    (NewMember("Grace Hopper", "g@example.test", "gh"), "username"),
    (NewMember("Grace Hopper", "g@example.test", "grace hopper"), "username"),
    (NewMember("Grace Hopper", "g@example.test", ".grace"), "username"),
    (NewMember("Grace Hopper", "g@example.test", "grace@home"), "username"),
    (NewMember("Grace Hopper", "g@example.test", "grâce"), "username"),
    (NewMember("Grace Hopper", "g@example.test", "g" * 61), "username"),
    (NewMember("Grace Hopper", "g@example.test", "ghopper", roles=()), "at least one role"),
])
def test_invalid_name_email_or_username_is_refused_and_nothing_is_added(session, staff, new, message):
    before = counts(session)
    with pytest.raises(Invalid, match=message):
        create(session, staff, new=new)
    assert counts(session) == before


# --- who may manage accounts (R000-19) -------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.MEMBER, Role.REVIEWER])
def test_r000_19_members_and_reviewers_cannot_manage_accounts(session, staff, role):
    caller = f.account(session, role)
    target = f.account(session, Role.MEMBER)
    before = counts(session)
    with pytest.raises(NotAllowed, match="staff role"):
        create(session, caller)
    with pytest.raises(NotAllowed):
        members.set_roles(session=session, actor=caller, member_id=target.member_id, roles=(Role.STAFF,))
    with pytest.raises(NotAllowed):  # not even themselves
        members.set_roles(session=session, actor=caller, member_id=caller.member_id, roles=(Role.STAFF,))
    with pytest.raises(NotAllowed):
        members.list_members(session=session, actor=caller)
    session.flush()
    assert counts(session) == before
    assert roles_of(session, caller.member_id) == {role}
    assert roles_of(session, target.member_id) == {Role.MEMBER}


def test_r000_19_set_roles_replaces_the_roles(session, staff):
    grace = create(session, staff)
    members.set_roles(session=session, actor=staff, member_id=grace.id, roles=(Role.REVIEWER, Role.STAFF,
                                                                              Role.REVIEWER))
    assert roles_of(session, grace.id) == {Role.REVIEWER, Role.STAFF}
    members.set_roles(session=session, actor=staff, member_id=grace.id, roles=(Role.MEMBER,))
    assert roles_of(session, grace.id) == {Role.MEMBER}
    assert [row.roles for row in members.list_members(session=session, actor=staff, query="grace")] == [("member",)]
    details = [a.detail for a in session.exec(select(AuditEntry).where(AuditEntry.action == "roles_set"))]
    assert details == [{"roles": "reviewer,staff"}, {"roles": "member"}]


def test_set_roles_refuses_no_roles_and_unknown_accounts(session, staff):
    grace = create(session, staff)
    with pytest.raises(Invalid, match="at least one role"):
        members.set_roles(session=session, actor=staff, member_id=grace.id, roles=())
    with pytest.raises(Invalid, match="No such account"):
        members.set_roles(session=session, actor=staff, member_id=grace.id + 1000, roles=(Role.MEMBER,))
    assert roles_of(session, grace.id) == {Role.MEMBER}


def test_staff_cannot_remove_their_own_staff_role(session, staff):
    with pytest.raises(NotAllowed, match="cannot remove your own staff role"):
        members.set_roles(session=session, actor=staff, member_id=staff.member_id, roles=(Role.MEMBER,))
    assert roles_of(session, staff.member_id) == {Role.STAFF}
    members.set_roles(session=session, actor=staff, member_id=staff.member_id, roles=(Role.STAFF, Role.MEMBER))
    assert roles_of(session, staff.member_id) == {Role.STAFF, Role.MEMBER}
    # Another staff member can take it away.
    other = f.account(session, Role.STAFF)
    members.set_roles(session=session, actor=other, member_id=staff.member_id, roles=(Role.MEMBER,))
    assert roles_of(session, staff.member_id) == {Role.MEMBER}


def test_staff_list_accounts_and_search_by_name_email_or_member_id(session, staff):
    grace = create(session, staff)
    create(session, staff, new=NewMember("Ada Lovelace", "ada@example.test", "ada.l"))
    assert [r.full_name for r in members.list_members(session=session, actor=staff)] == \
        ["Ada Lovelace", "Grace Hopper", "Hal Staff"]
    for query in ("HOPPER", "grace.hopper@", grace.member_number):
        assert [r.id for r in members.list_members(session=session, actor=staff, query=query)] == [grace.id], query
    assert members.list_members(session=session, actor=staff, query="nobody at all") == []
    assert members.list_members(session=session, actor=staff, query="%") != []  # a wildcard is not an error


# --- the first staff account ----------------------------------------------------------------------------


def test_create_first_staff_can_sign_in(session):
    f.program(session)
    first = members.create_first_staff(session=session, full_name="Hal Staff", email="hal@example.test",
                                       username="hal.staff", password="first-staff-secret")
    assert first.password_hash.startswith("$argon2id$")
    signed_in = sessions.authenticate(session=session, identifier="HAL.STAFF", password="first-staff-secret", now=NOW)
    assert signed_in.id == first.id
    assert roles_of(session, first.id) == {Role.STAFF}


@pytest.mark.parametrize("password, message", [
    ("short-9", "at least 10"),
    ("HAL@example.test", "must not be your email"),
    ("HAL.STAFF.ADMIN", "must not be your email, username"),
])
def test_create_first_staff_applies_the_password_policy(session, password, message):
    f.program(session)
    with pytest.raises(Invalid, match=message):
        members.create_first_staff(session=session, full_name="Hal Staff", email="hal@example.test",
                                   username="hal.staff.admin", password=password)
    assert session.exec(select(Member)).all() == []


# --- the member's own profile (R000-11) -----------------------------------------------------------------


def test_r000_11_profile_shows_the_members_own_five_year_term(session, staff):
    grace = create(session, staff)  # certified on 1 March 2024
    profile = members.profile(session=session, actor=load_actor(session, grace.id))
    assert (profile.full_name, profile.member_number, profile.email, profile.username) == \
        ("Grace Hopper", grace.member_number, "grace.hopper@example.test", "ghopper")
    assert profile.roles == ("member",)
    assert profile.program_name == "Certified Medical Illustrator" and profile.status == "active"
    # Five years, ending the day before the fifth anniversary (2029 has no 29 February).
    assert (profile.term_starts_on, profile.term_ends_on) == (date(2024, 3, 1), date(2029, 2, 28))


@pytest.mark.parametrize("certified_on, ends_on", [
    (date(2025, 6, 15), date(2030, 6, 14)),
    (date(2026, 1, 1), date(2030, 12, 31)),
])
def test_r000_11_a_term_ends_the_day_before_the_fifth_anniversary(session, staff, certified_on, ends_on):
    member = f.account(session, certified_on=certified_on)
    profile = members.profile(session=session, actor=member)
    assert (profile.term_starts_on, profile.term_ends_on) == (certified_on, ends_on)


def test_profile_without_a_term_and_only_ever_ones_own(session, staff):
    grace = create(session, staff, new=replace(GRACE, certified_on=None))
    profile = members.profile(session=session, actor=load_actor(session, grace.id))
    assert profile.full_name == "Grace Hopper"
    assert (profile.program_name, profile.status, profile.term_starts_on, profile.term_ends_on) == (None,) * 4
    staff_profile = members.profile(session=session, actor=staff)
    assert (staff_profile.full_name, staff_profile.roles) == ("Hal Staff", ("staff",))


@pytest.mark.parametrize("new, kind, field", [
    (NewMember(["Grace"], "g@example.test", "ghopper"), "not_text", "full_name"),
    (NewMember("Grace Hopper", None, "ghopper"), "invalid", "email"),
    (NewMember("Grace Hopper", "g@example.test", "ghopper", certified_on="²"), "not_date", "certified_on"),
    (NewMember("Grace Hopper", "g@example.test", "ghopper", certified_on="2024-02-30"), "not_date", "certified_on"),
    (NewMember("Grace Hopper", "g@example.test", "ghopper", roles=("wizard",)), "invalid", "roles"),
])
def test_browser_shaped_member_input_is_refused_with_a_kind_not_a_crash(session, staff, new, kind, field):
    """A page may pass what the browser sent; before services/inputs a list as a name raised AttributeError."""
    before = counts(session)
    with pytest.raises(Invalid) as refused:
        create(session, staff, new=new)
    assert (refused.value.kind, refused.value.field) == (kind, field)
    assert counts(session) == before


def test_a_certification_date_may_come_as_typed(session, staff):
    member = create(session, staff, new=replace(GRACE, certified_on="2024-01-15"))
    assert session.exec(select(CertificationTerm).where(CertificationTerm.member_id == member.id)).one().starts_on \
        == date(2024, 1, 15)


# --- the certification date as the page sends it (the service parses it, never the page) --------------

@pytest.mark.parametrize("typed", ["2024-03-01", " 2024-03-01 "])
def test_r002_03_the_certification_date_typed_as_text_opens_the_term(session, staff, typed):
    member = create(session, staff, new=replace(GRACE, certified_on=typed))
    term = session.exec(select(CertificationTerm).where(CertificationTerm.member_id == member.id)).one()
    assert term.starts_on == date(2024, 3, 1)


@pytest.mark.parametrize("typed", ["", "   "])
def test_a_blank_certification_date_opens_no_term(session, staff, typed):
    member = create(session, staff, new=replace(GRACE, certified_on=typed))
    assert session.exec(select(CertificationTerm).where(CertificationTerm.member_id == member.id)).first() is None


@pytest.mark.parametrize("typed", ["٢٠٢٤-٠٣-٠١", "２０２４-03-01", "2024-3-1", "March 1", "2024-02-30"])
def test_a_certification_date_in_other_digits_or_spellings_gets_the_one_date_message(session, staff, typed):
    with pytest.raises(Invalid) as refused:
        create(session, staff, new=replace(GRACE, certified_on=typed))
    assert (refused.value.kind, refused.value.field) == ("not_date", "certified_on")
    assert refused.value.message == "Enter the certification date as a date, such as 2026-10-08."
