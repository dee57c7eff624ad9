"""Signing in with the society's account over HTTP, against a real OpenID Provider (R000-27): every check of the
provider's answer, each refused with a clear word, and sign-out at both ends.

The provider is `oidc-provider` from npm (OpenID Certified) on loopback (tests/oidc); our routes run in-process
on the test database. A second provider with the same keys but another issuer stands in for "another issuer";
a second client at the same provider for "another client". The browser's side is tests/e2e/test_sso_e2e.py.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from urllib.parse import urlencode, urlsplit

import httpx2
import pytest
from joserfc import jwt
from joserfc.jwk import RSAKey
from sqlmodel import select
from starlette.testclient import TestClient

import ce_tracker.db as db
from ce_tracker.config import OidcSettings, load_settings
from ce_tracker.models import Member, OidcRequest
from ce_tracker.services.accounts import sessions
from ce_tracker.services.accounts.oidc import SignInRefused, Started
from ce_tracker.services.accounts.oidc_client import OidcClient
from ce_tracker.services.tokens import new_token
from ce_tracker.web import routes, sso
from ce_tracker.web.cookies import SESSION_COOKIE
from tests.oidc.server import CLIENT_ID, CLIENT_SECRET, Account, OpenIdProvider, client, query, sign_in_at, signing_key
from tests.utils import factories as f

APP = "http://localhost:3000"
REDIRECT = f"{APP}/auth/sso/callback"
AFTER_LOGOUT = f"{APP}/auth/sso/signed-out"
OTHER_CLIENT, OTHER_SECRET, OTHER_REDIRECT = "other-tool", "other-tool-secret-0123456789", "http://localhost:3001/cb"
MAYA = Account("ami-0001", "maya", "maya-at-the-society", {
    "email": "maya@ami.example", "email_verified": True, "name": "Maya Castillo", "member_number": "AMI-0001",
    "membership_status": "active"})
JWT = r"eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+"


def config_for(provider: OpenIdProvider, **changes) -> OidcSettings:
    return OidcSettings(
        issuer=provider.issuer, client_id=CLIENT_ID, client_secret=CLIENT_SECRET,
        scopes=("openid", "email", "profile", "membership"), member_number_claim="member_number",
        email_claim="email", status_claim="membership_status", current_statuses=frozenset({"active"}),
        lapsed="refuse", lapsed_message="Your AMI membership has lapsed.", button_label="Sign in with your AMI account",
        groups_claim="groups", group_roles=(), create_accounts=False, certified_claim="certified_on",
        clock_skew_seconds=60, password_help_url=f"{provider.issuer}/forgot", provider_logout=True) if not changes \
        else replace(config_for(provider), **changes)


def _provider(tmp_path_factory, name: str, **kwargs) -> OpenIdProvider:
    return OpenIdProvider(tmp_path_factory.mktemp(name), accounts=[MAYA], clients=[
        client(REDIRECT, AFTER_LOGOUT), client(OTHER_REDIRECT, client_id=OTHER_CLIENT, secret=OTHER_SECRET,
                                               name="Another tool")], **kwargs)


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    with _provider(tmp_path_factory, "provider") as running:
        yield running


@pytest.fixture(scope="module")
def other_issuer(tmp_path_factory, provider):
    """Another provider (another issuer) signing with the very same keys: only the issuer tells them apart."""
    with _provider(tmp_path_factory, "other-issuer", keys=provider.keys) as running:
        yield running


@pytest.fixture
def app_settings(provider, monkeypatch):
    configured = replace(load_settings(), public_url=APP, api_url=APP, oidc=config_for(provider))
    for module in (sso, routes):
        monkeypatch.setattr(module, "settings", configured)
    return configured


@pytest.fixture
def browser(engine, monkeypatch, app_settings):
    """One browser's cookie jar on our routes (in-process, on the test database)."""
    monkeypatch.setattr(db, "get_engine", lambda: engine)
    return TestClient(routes.security_headers(routes.api), base_url=APP)


@pytest.fixture
def maya(units):
    with units() as session:
        actor = f.person(session, name="Maya Castillo")
        member = session.get(Member, actor.member_id)
        member.member_number = "AMI-0001"
        return actor.member_id


def run(coroutine):
    """Run the client's coroutine on a loop of its own (a browser test in the same process may hold the main
    thread's loop)."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, coroutine).result()


def now() -> datetime:
    return datetime.now(timezone.utc)


def started() -> Started:
    return Started(state=new_token(), nonce=new_token(), code_verifier=new_token() + new_token(),
                   browser_key=new_token())


def tokens(provider: OpenIdProvider, *, client_id: str = CLIENT_ID, secret: str = CLIENT_SECRET,
           redirect: str = REDIRECT) -> tuple[dict, Started, OidcClient]:
    """A real token response from ``provider`` for ``client_id``, after Maya signs in with its own form."""
    oidc_client = OidcClient(config_for(provider, client_id=client_id, client_secret=secret), redirect_uri=redirect)
    sent = started()
    back = sign_in_at(run(oidc_client.authorization_url(sent, now())), MAYA.username, MAYA.password, until=redirect)
    assert query(back)["state"] == sent.state
    found = run(oidc_client.provider(now()))
    return run(oidc_client.exchange(found, code=query(back)["code"], code_verifier=sent.code_verifier)), sent, oidc_client


def refused_kind(coroutine) -> str:
    with pytest.raises(SignInRefused) as caught:
        run(coroutine)
    return caught.value.kind


def start(browser: TestClient, next_path: str = "/home") -> str:
    response = browser.get(f"/auth/sso/start?next={next_path}", follow_redirects=False)
    assert response.status_code == 303, response.text
    return response.headers["location"]


def back_from_provider(browser: TestClient, next_path: str = "/home") -> str:
    """Start at our route, sign in at the provider; the callback address the provider sends the browser to."""
    return sign_in_at(start(browser, next_path), MAYA.username, MAYA.password, until=REDIRECT)


def with_params(url: str, **changes: str | None) -> str:
    """``url`` with some query parameters changed (None: left out)."""
    params = {k: v for k, v in {**query(url), **changes}.items() if v is not None}
    return f"{url.split('?')[0]}?{urlencode(params)}"


def answer(browser: TestClient, callback_url: str):
    parts = urlsplit(callback_url)
    return browser.get(f"{parts.path}?{parts.query}", follow_redirects=False)


def refusal(response) -> str:
    assert response.status_code == 303 and SESSION_COOKIE not in response.headers.get("set-cookie", "")
    location = response.headers["location"]
    assert location.startswith(f"{APP}/login?sso="), location
    return location.rsplit("=", 1)[1]


# --- The whole answer ----------------------------------------------------------------------------------------

def test_r000_27_pkce_state_and_nonce_go_out_and_only_our_session_cookie_comes_back(browser, maya, units):
    authorization = start(browser, "/cme/3")
    sent = query(authorization)
    assert authorization.startswith(f"{sso.settings.oidc.issuer}/auth?")
    assert sent["response_type"] == "code" and sent["code_challenge_method"] == "S256"
    assert sent["redirect_uri"] == REDIRECT and "nonce" in sent and "state" in sent
    with units() as session:
        verifier = session.exec(select(OidcRequest.code_verifier)).one()
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    assert sent["code_challenge"] == challenge and verifier not in authorization
    cookie = browser.cookies.jar
    assert [(c.name, c.path) for c in cookie] == [("ce_sso", "/auth/sso")]

    callback = sign_in_at(authorization, MAYA.username, MAYA.password, until=REDIRECT)
    response = answer(browser, callback)
    assert response.status_code == 303 and response.headers["location"] == f"{APP}/cme/3"
    set_cookie = response.headers.get_list("set-cookie")
    ours = next(c for c in set_cookie if c.startswith(f"{SESSION_COOKIE}="))
    assert "HttpOnly" in ours and "SameSite=lax" in ours
    assert any(c.startswith('ce_sso=""') for c in set_cookie)  # the binding cookie is gone
    # No provider token reaches the browser: not in a header, a cookie, the address or the body.
    everything = json.dumps([list(response.headers.items()), response.text])
    assert not re.search(JWT, everything) and "access_token" not in everything and "code=" not in everything
    token = ours.split(";")[0].split("=", 1)[1]
    with units() as session:
        assert sessions.actor_for_token(session=session, token=token, now=now()).member_id == maya


def test_r000_27_the_return_address_is_only_ever_one_of_our_own_pages(browser, maya):
    for elsewhere in ("//evil.example/x", "https://evil.example", "/\\evil.example"):
        response = answer(browser, back_from_provider(browser, elsewhere))
        assert response.headers["location"] == f"{APP}/home"


# --- Refusals ------------------------------------------------------------------------------------------------

def test_r000_27_a_replayed_answer_and_a_replayed_code_are_refused(browser, maya, provider):
    callback = back_from_provider(browser)
    assert answer(browser, callback).status_code == 303
    assert refusal(answer(browser, callback)) == "expired"
    # The code itself, spent at the provider, is refused there too (invalid_grant): a copy of it is worthless.
    oidc_client = OidcClient(config_for(provider), redirect_uri=REDIRECT)
    sent, found = started(), run(oidc_client.provider(now()))
    back = sign_in_at(run(oidc_client.authorization_url(sent, now())), MAYA.username, MAYA.password, until=REDIRECT)
    code = query(back)["code"]
    assert "id_token" in run(oidc_client.exchange(found, code=code, code_verifier=sent.code_verifier))
    assert refused_kind(oidc_client.exchange(found, code=code, code_verifier=sent.code_verifier)) == "expired"


def test_r000_27_an_answer_carried_to_another_browser_is_refused_and_spent(browser, maya, engine):
    other = TestClient(routes.security_headers(routes.api), base_url=APP)
    theirs = back_from_provider(other)
    start(browser)  # this browser has a sign-in of its own under way: its cookie is not theirs
    assert refusal(answer(browser, theirs)) == "invalid"
    assert refusal(answer(other, theirs)) == "expired"  # spent: its own browser cannot use it now either


def test_r000_27_pkce_a_code_with_another_verifier_is_refused_by_the_provider(provider):
    oidc_client = OidcClient(config_for(provider), redirect_uri=REDIRECT)
    sent = started()
    back = sign_in_at(run(oidc_client.authorization_url(sent, now())), MAYA.username, MAYA.password, until=REDIRECT)
    found = run(oidc_client.provider(now()))
    assert refused_kind(oidc_client.exchange(found, code=query(back)["code"], code_verifier=new_token() * 2)) \
        in ("expired", "invalid")
    # The right verifier would have worked, had the code not been spent by the wrong one.
    again = sign_in_at(run(oidc_client.authorization_url(sent, now())), MAYA.username, MAYA.password, until=REDIRECT)
    assert "id_token" in run(oidc_client.exchange(found, code=query(again)["code"], code_verifier=sent.code_verifier))


def test_r000_27_the_iss_response_parameter_must_name_our_provider(browser, maya, other_issuer):
    assert refusal(answer(browser, with_params(back_from_provider(browser), iss=other_issuer.issuer))) == "invalid"
    # The provider promises iss (RFC 9207), so an answer without it is refused too.
    assert refusal(answer(browser, with_params(back_from_provider(browser), iss=None))) == "invalid"


def test_r000_27_an_id_token_from_another_issuer_or_for_another_client_is_refused(provider, other_issuer):
    ours = OidcClient(config_for(provider), redirect_uri=REDIRECT)
    found = run(ours.provider(now()))
    elsewhere, sent, _ = tokens(other_issuer)  # same keys, same client id, another issuer
    assert refused_kind(ours.verify_id_token(found, elsewhere["id_token"], nonce=sent.nonce, now=now())) == "invalid"
    theirs, sent, _ = tokens(provider, client_id=OTHER_CLIENT, secret=OTHER_SECRET, redirect=OTHER_REDIRECT)
    assert jwt.decode(theirs["id_token"], RSAKey.import_key(provider.keys[0])).claims["aud"] == OTHER_CLIENT
    assert refused_kind(ours.verify_id_token(found, theirs["id_token"], nonce=sent.nonce, now=now())) == "invalid"
    mine, sent, _ = tokens(provider)
    assert run(ours.verify_id_token(found, mine["id_token"], nonce=sent.nonce, now=now()))["sub"] == MAYA.sub


def test_r000_27_the_signature_the_algorithm_and_the_nonce_are_checked(provider):
    ours = OidcClient(config_for(provider), redirect_uri=REDIRECT)
    found = run(ours.provider(now()))
    token, sent, _ = tokens(provider)
    id_token = token["id_token"]
    header, payload, signature = id_token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))

    def encoded(value: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

    tampered = ".".join([header, encoded({**claims, "sub": "someone-else"}), signature])
    unsigned = ".".join([encoded({"alg": "none", "typ": "JWT"}), encoded(claims), ""])
    stranger = signing_key(json.loads(base64.urlsafe_b64decode(header + "=="))["kid"])  # same kid, not their key
    forged = jwt.encode({"alg": "RS256", "kid": stranger["kid"]}, claims, RSAKey.import_key(stranger))
    for bad in (tampered, unsigned, forged):
        assert refused_kind(ours.verify_id_token(found, bad, nonce=sent.nonce, now=now())) == "invalid"
    assert refused_kind(ours.verify_id_token(found, id_token, nonce=new_token(), now=now())) == "invalid"
    assert run(ours.verify_id_token(found, id_token, nonce=sent.nonce, now=now()))["sub"] == MAYA.sub


def test_r000_27_expiry_and_the_clock_skew_allowed_are_bounded(provider):
    ours = OidcClient(config_for(provider, clock_skew_seconds=60), redirect_uri=REDIRECT)
    found = run(ours.provider(now()))
    token, sent, _ = tokens(provider)
    claims = jwt.decode(token["id_token"], RSAKey.import_key(provider.keys[0])).claims
    expires, issued = (datetime.fromtimestamp(claims[k], timezone.utc) for k in ("exp", "iat"))

    def verdict(at: datetime) -> str:
        try:
            run(ours.verify_id_token(found, token["id_token"], nonce=sent.nonce, now=at))
            return "accepted"
        except SignInRefused as refused:
            return refused.kind

    assert verdict(expires + timedelta(seconds=30)) == "accepted"  # their clock a little behind ours
    assert verdict(expires + timedelta(seconds=61)) == "invalid"  # expired beyond the skew
    assert verdict(issued - timedelta(seconds=30)) == "accepted"  # their clock a little ahead
    assert verdict(issued - timedelta(seconds=61)) == "invalid"  # issued in our future beyond the skew


def test_r000_27_a_key_rotation_at_the_provider_is_followed(tmp_path_factory):
    with _provider(tmp_path_factory, "rotating") as rotating:
        ours = OidcClient(config_for(rotating), redirect_uri=REDIRECT)
        found = run(ours.provider(now()))
        token, sent, _ = tokens(rotating)
        assert run(ours.verify_id_token(found, token["id_token"], nonce=sent.nonce, now=now()))
        old = rotating.keys[0]
        rotating.restart(keys=[signing_key("second"), old])  # the new key signs; the old one is still published
        token, sent, _ = tokens(rotating)
        assert json.loads(base64.urlsafe_b64decode(token["id_token"].split(".")[0] + "=="))["kid"] == "second"
        assert run(ours.verify_id_token(found, token["id_token"], nonce=sent.nonce, now=now()))["sub"] == MAYA.sub
        rotating.restart(keys=[signing_key("third")])  # the old keys withdrawn
        token, sent, _ = tokens(rotating)
        assert run(ours.verify_id_token(found, token["id_token"], nonce=sent.nonce, now=now()))["sub"] == MAYA.sub


def test_r000_27_a_cancelled_sign_in_and_an_unreachable_provider_are_told_plainly(browser, maya, app_settings,
                                                                                 monkeypatch):
    state = query(start(browser))["state"]
    assert refusal(browser.get(f"/auth/sso/callback?error=access_denied&state={state}",
                               follow_redirects=False)) == "denied"
    gone = replace(app_settings, oidc=replace(app_settings.oidc, issuer="http://127.0.0.1:9"))
    monkeypatch.setattr(sso, "settings", gone)
    assert refusal(browser.get("/auth/sso/start", follow_redirects=False)) == "unavailable"


def test_r000_27_an_unlinked_person_and_a_closed_account_are_refused(browser, maya, units):
    with units() as session:
        session.get(Member, maya).member_number = "100999"  # nothing links Maya's society account now
    assert refusal(answer(browser, back_from_provider(browser))) == "unknown"
    with units() as session:
        member = session.get(Member, maya)
        member.member_number, member.is_active = "AMI-0001", False
    assert refusal(answer(browser, back_from_provider(browser))) == "inactive"


# --- Sign-out at both ends -------------------------------------------------------------------------------------

def test_r000_27_signing_out_of_a_provider_session_ends_the_providers_too(browser, maya, provider, units):
    answer(browser, back_from_provider(browser))
    response = browser.post("/auth/logout", follow_redirects=False)
    assert response.status_code == 303
    end_session = response.headers["location"]
    assert end_session.startswith(f"{provider.issuer}/session/end?")
    assert query(end_session) == {"client_id": CLIENT_ID, "post_logout_redirect_uri": AFTER_LOGOUT}
    # The provider accepts that request as registered (its page goes on to ask its member to confirm).
    with httpx2.Client() as http:
        confirm = http.get(end_session)
    assert confirm.status_code == 200 and "/session/end/confirm" in confirm.text, confirm.text
    assert browser.get("/auth/sso/signed-out", follow_redirects=False).headers["location"] == \
        f"{APP}/login?signed_out=1"
    # A password session signs out here only.
    with units() as session:
        code = sessions.issue_handoff(session=session, member=session.get(Member, maya), now=now())
    browser.post("/auth/session", data={"code": code}, follow_redirects=False)
    assert browser.post("/auth/logout", follow_redirects=False).headers["location"] == f"{APP}/login?signed_out=1"


def test_r000_27_the_provider_may_be_the_target_of_the_sign_out_post(app_settings, provider):
    """Browsers apply form-action to the redirects after a form post: the provider's origin must be allowed."""
    assert f"form-action 'self' {APP} {provider.issuer}" in routes.content_security_policy()
