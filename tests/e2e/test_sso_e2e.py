"""A member signs in with the society's own account (R000-27), in a real browser, against a real OpenID Provider
(`oidc-provider` from npm, tests/oidc) on a desktop and on a 360 px phone: the society button, the provider's
own sign-in form, back on Home as the right member, sign-out at both ends; first sign-ins linking by member ID
and by email; an unknown person, a lapsed membership, a closed account; a replayed and a swapped answer;
member passwords off, with staff keeping theirs and undoing a link.

One provider and one app (configured for it, on its own database) serve the whole module; the protocol's own
checks are tests/web/test_sso_protocol.py, the linking rules tests/services/test_oidc_linking.py.
"""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace

import httpx2
import pytest
from playwright.sync_api import Page, expect
from sqlmodel import select

from ce_tracker.clock import utcnow
from ce_tracker.config import load_settings, oidc_settings
from ce_tracker.db import make_engine
from ce_tracker.models import AuditEntry, Member, Role
from ce_tracker.services.accounts import oidc
from tests.e2e.server import ROOT, AppServer, private_web_dir
from tests.oidc.server import Account, OpenIdProvider, client, sign_in_at
from tests.utils import factories as f
from tests.utils.db import units_for
from tests.utils.ui import assert_accessible, log_in

SOCIETY_CONTACT = "membership@ami.example"
LAPSED_WORDS = "Your AMI membership has lapsed. Renew it at ami.example/renew, then sign in again."
FORGOT_AT_THE_SOCIETY = "https://ami.example/forgot-password"
JWT = re.compile(r"eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}")
PHONE = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
_numbers = itertools.count(1)


@pytest.fixture(scope="module")
def sso(tmp_path_factory, inbox) -> Iterator[tuple[AppServer, OpenIdProvider]]:
    """The app with single sign-on configured (member passwords off), and the society's provider."""
    workdir = tmp_path_factory.mktemp("sso")
    app = AppServer(workdir, {"CE_DATABASE_URL": f"sqlite:///{workdir / 'sso.db'}", "CE_SMTP_HOST": "127.0.0.1",
                              "CE_SMTP_PORT": str(inbox.port)}, web_dir=private_web_dir(workdir))
    provider = OpenIdProvider(workdir / "provider", society="AMI", accounts=[], clients=[
        client(f"{app.url}/auth/sso/callback", f"{app.url}/auth/sso/signed-out")])
    provider.start()
    app.env.update({
        "CE_OIDC_ISSUER": provider.issuer, "CE_OIDC_CLIENT_ID": "ce-tracker",
        "CE_OIDC_CLIENT_SECRET": provider.clients[0]["client_secret"],
        "CE_OIDC_SCOPES": "openid email profile membership", "CE_OIDC_MEMBER_NUMBER_CLAIM": "member_number",
        "CE_OIDC_STATUS_CLAIM": "membership_status", "CE_OIDC_LAPSED": "refuse",
        "CE_OIDC_LAPSED_MESSAGE": LAPSED_WORDS, "CE_MEMBER_PASSWORDS": "0",
        "CE_OIDC_PASSWORD_HELP_URL": FORGOT_AT_THE_SOCIETY, "CE_MEMBERSHIP_EMAIL": SOCIETY_CONTACT})
    subprocess.run([sys.executable, "-m", "ce_tracker", "migrate"], cwd=ROOT, env=app.env, check=True,
                   capture_output=True)
    app.db_url = app.env["CE_DATABASE_URL"]
    try:
        app.start()
        yield app, provider
    finally:
        app.stop()
        provider.stop()


@pytest.fixture(scope="module")
def sso_units(sso):
    engine = make_engine(sso[0].db_url)
    yield units_for(engine)
    engine.dispose()


@pytest.fixture
def open_page(browser):
    """Pages on a desktop or a phone, each in its own browser context (its own cookies)."""
    contexts = []

    def opened(device: dict) -> Page:
        context = browser.new_context(**device)
        context.set_default_timeout(20_000)
        contexts.append(context)
        return context.new_page()

    yield opened
    for context in contexts:
        context.close()


def society_member(provider: OpenIdProvider, units, *, in_ce_tracker: bool = True, by: str = "member_number",
                   status: str = "active") -> tuple[Account, Member | None]:
    """A person at the society (username and password there) and, unless not, their CE Tracker account, which
    the first sign-in finds by member ID or by email."""
    n = next(_numbers)
    member = None
    if in_ce_tracker:
        with units() as session:
            actor = f.person(session, name=f"Society Member {n}")
            member = session.get(Member, actor.member_id)
    claims = {"email": member.email if member and by == "email" else f"someone{n}@ami.example",
              "email_verified": True, "name": f"Society Member {n}", "membership_status": status,
              "member_number": member.member_number if member and by == "member_number" else f"AMI-{n:05}"}
    account = Account(f"ami-subject-{n}", f"society.member{n}", f"society-password-{n}", claims)
    provider.add(account)
    return account, member


def sign_in_at_the_society(page: Page, app: AppServer, provider: OpenIdProvider, account: Account) -> None:
    """The society button on our login page, then the provider's own form on the provider's own site."""
    page.goto(f"{app.url}/login")
    page.get_by_role("button", name="Sign in with your AMI account").click()
    page.wait_for_url(re.compile(re.escape(provider.issuer) + r"/interaction/"))
    page.get_by_label("AMI username").fill(account.username)
    page.get_by_label("AMI password").fill(account.password)
    page.get_by_role("button", name="Sign in").click()


def no_provider_token_in(page: Page) -> None:
    """Nothing the browser keeps or was sent to on our site holds an id_token or access token."""
    kept = page.evaluate("JSON.stringify([document.cookie, Object.entries(localStorage),"
                         " Object.entries(sessionStorage), location.href])")
    cookies = [c for c in page.context.cookies() if "localhost" in c["domain"]]
    assert not JWT.search(kept) and not JWT.search(str(cookies))
    assert {c["name"] for c in cookies} == {"ce_session"}  # ours only: the sign-in's binding cookie is gone


@pytest.mark.parametrize("device", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_r000_27_a_member_signs_in_with_the_society_account_and_out_at_both_ends(sso, sso_units, open_page, device):
    app, provider = sso
    account, member = society_member(provider, sso_units)
    page = open_page(device)
    page.goto(f"{app.url}/login")
    button = page.get_by_role("button", name="Sign in with your AMI account")
    expect(button).to_be_visible()
    box, password_box = button.bounding_box(), page.get_by_label("Password").bounding_box()
    assert box["y"] < password_box["y"] and box["height"] >= 44  # first on the page, a full touch target
    expect(page.get_by_text("Headquarters staff: log in with your CE Tracker password.")).to_be_visible()
    assert_accessible(page)

    sign_in_at_the_society(page, app, provider, account)
    page.wait_for_url(re.compile(r"localhost:\d+/home"))
    expect(page.get_by_role("heading", name="Home")).to_be_visible()
    expect(page.get_by_text(member.member_number)).to_be_visible()  # the right member, linked by member ID
    no_provider_token_in(page)

    page.get_by_role("button", name="Account menu").click()
    expect(page.get_by_role("menuitem", name="Change password")).to_have_count(0)  # no password of ours
    page.get_by_role("menuitem", name="Log out").click()
    page.wait_for_url(re.compile(re.escape(provider.issuer) + r"/session/end"))
    page.get_by_role("button", name="Yes, sign me out").click()  # the provider's own sign-out
    page.wait_for_url(re.compile(r"/login/?\?signed_out=1"))
    expect(page.get_by_text("You are logged out.")).to_be_visible()
    page.goto(f"{app.url}/home")
    page.wait_for_url(re.compile(r"/login"))
    # Signed out at the society too: the button leads to its sign-in form again, not straight back in.
    page.get_by_role("button", name="Sign in with your AMI account").click()
    expect(page.get_by_label("AMI password")).to_be_visible()


def test_r000_27_first_sign_in_links_by_a_verified_email(sso, sso_units, open_page):
    app, provider = sso
    account, member = society_member(provider, sso_units, by="email")
    page = open_page(PHONE)
    sign_in_at_the_society(page, app, provider, account)
    page.wait_for_url(re.compile(r"/home"))
    expect(page.get_by_text(member.member_number)).to_be_visible()
    with sso_units() as session:
        entry = session.exec(select(AuditEntry).where(AuditEntry.action == "sso_linked",
                                                      AuditEntry.entity_id == member.id)).one()
    assert entry.detail["linked_by"] == "email"


def test_r000_27_an_unknown_person_is_told_whom_to_contact(sso, sso_units, open_page):
    app, provider = sso
    account, _ = society_member(provider, sso_units, in_ce_tracker=False)
    page = open_page(PHONE)
    sign_in_at_the_society(page, app, provider, account)
    page.wait_for_url(re.compile(r"/login/?\?sso=unknown"))
    expect(page.get_by_role("alert")).to_contain_text("is not linked to a CE Tracker account")
    expect(page.get_by_role("alert")).to_contain_text(SOCIETY_CONTACT)
    assert_accessible(page)
    page.goto(f"{app.url}/home")
    page.wait_for_url(re.compile(r"/login"))  # not signed in


def test_r000_27_a_lapsed_membership_is_refused_in_the_societys_words(sso, sso_units, open_page):
    app, provider = sso
    account, _ = society_member(provider, sso_units, status="lapsed")
    page = open_page(DESKTOP)
    sign_in_at_the_society(page, app, provider, account)
    page.wait_for_url(re.compile(r"/login/?\?sso=lapsed"))
    expect(page.get_by_role("alert")).to_have_text(LAPSED_WORDS)


def test_r000_27_a_replayed_answer_a_swapped_answer_and_a_closed_account_are_refused(sso, sso_units, open_page):
    app, provider = sso
    callback = re.compile(re.escape(app.url) + r"/auth/sso/callback\?")
    account, member = society_member(provider, sso_units)
    page = open_page(DESKTOP)
    answers: list[str] = []
    page.on("request", lambda request: answers.append(request.url) if callback.match(request.url) else None)
    sign_in_at_the_society(page, app, provider, account)
    page.wait_for_url(re.compile(r"/home"))
    # The same answer again, from another browser that got hold of its address: already used.
    thief = open_page(DESKTOP)
    thief.goto(answers[0])
    thief.wait_for_url(re.compile(r"/login/?\?sso=expired"))
    expect(thief.get_by_role("alert")).to_contain_text("already used")

    # Someone else's answer (their own sign-in, finished at the provider but not yet used) delivered to a browser
    # that started a sign-in of its own: the login CSRF of signing a victim in as someone else. Refused, and spent.
    other_account, _ = society_member(provider, sso_units)
    with httpx2.Client(timeout=20) as someone:
        theirs = someone.get(f"{app.url}/auth/sso/start", follow_redirects=False).headers["location"]
        held = sign_in_at(theirs, other_account.username, other_account.password, until=f"{app.url}/auth/sso/")
        victim = open_page(DESKTOP)
        victim.goto(f"{app.url}/login")
        victim.get_by_role("button", name="Sign in with your AMI account").click()
        victim.wait_for_url(re.compile(re.escape(provider.issuer) + r"/interaction/"))
        victim.goto(held)
        victim.wait_for_url(re.compile(r"/login/?\?sso=invalid"))
        expect(victim.get_by_role("alert")).to_contain_text("could not verify")
        assert "sso=expired" in someone.get(held, follow_redirects=False).headers["location"]
        victim.goto(f"{app.url}/home")
        victim.wait_for_url(re.compile(r"/login"))  # not signed in as anybody

    # A closed account: the society still knows the person, CE Tracker does not let them in.
    with sso_units() as session:
        session.get(Member, member.id).is_active = False
    closed = open_page(DESKTOP)
    sign_in_at_the_society(closed, app, provider, account)
    closed.wait_for_url(re.compile(r"/login/?\?sso=inactive"))
    expect(closed.get_by_role("alert")).to_contain_text("Your CE Tracker account is closed")


def test_r000_27_member_passwords_off_staff_keep_theirs_and_undo_a_link(sso, sso_units, open_page):
    app, provider = sso
    account, member = society_member(provider, sso_units)
    app_settings = replace(load_settings(), oidc=oidc_settings(app.env.get, "AMI"))
    with sso_units() as session:  # the member signed in with the society's account once, linking it
        staff = session.get(Member, f.person(session, Role.STAFF, name="Hana Headquarters").member_id)
        oidc.sign_in(session=session, claims=oidc.Claims(issuer=provider.issuer, subject=account.sub,
                                                         member_number=member.member_number, status="active"),
                     now=utcnow(), settings=app_settings)
    page = open_page(DESKTOP)
    page.goto(f"{app.url}/login")
    expect(page.get_by_role("link", name="Forgot Password?")).to_have_attribute("href", FORGOT_AT_THE_SOCIETY)
    page.get_by_label("Email, member ID or username").fill(member.email)
    page.get_by_label("Password").fill(f.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_contain_text("Members sign in with “Sign in with your AMI account”")

    log_in(page, app, staff.email, f.PASSWORD)  # staff keep their password: the fallback
    page.goto(f"{app.url}/staff/members")
    page.get_by_label("Search accounts").fill(member.member_number)
    page.get_by_role("button", name="Search").click()
    card = page.get_by_role("group", name=member.full_name)
    expect(card).to_contain_text("Linked to the AMI account by member ID")
    card.get_by_role("button", name=f"Undo the AMI account link for {member.full_name}").click()
    expect(page.get_by_role("status").first).to_contain_text(f"link is undone for {member.full_name}")
    expect(card).not_to_contain_text("Linked to the AMI account")
    with sso_units() as session:
        undone = session.exec(select(AuditEntry).where(AuditEntry.action == "sso_unlinked")).one()
    assert (undone.actor_id, undone.entity_id) == (staff.id, member.id)

