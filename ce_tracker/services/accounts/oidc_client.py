"""CE Tracker as a client of the society's OpenID Provider (R000-27), through Authlib: discovery, the
authorization request with PKCE, the code exchange on the server, and every check of the answer.

What the answer must pass before anyone is signed in (each has a test in tests/web/test_sso_protocol.py):

- the ``iss`` parameter of the authorization response (RFC 9207) is the configured issuer, and is present
  whenever the provider says it sends one (a mix-up with another provider is refused);
- the code is exchanged at the token endpoint with the client's secret and the PKCE verifier (S256), from
  the server: no provider token is ever sent to the browser;
- the id_token's signature verifies against the provider's JWKS, with an asymmetric algorithm the provider
  announced ("none" and shared-secret algorithms never); an unknown key id fetches the JWKS again once, so
  the provider may rotate its keys at any time;
- its issuer is the configured one, its audience holds our client id (and ``azp`` is ours when there are
  several), its nonce is the one this sign-in sent, it has not expired and was not issued in the future,
  within the configured clock skew (at most five minutes);
- userinfo, when the provider offers it, is about the same subject.

``now`` is passed in, so the tests control the clock. Nothing here touches the database: ``oidc`` holds the
sign-ins sent and the linking rules.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx2
from authlib.common.errors import AuthlibBaseError
from authlib.common.urls import add_params_to_uri
from authlib.integrations.httpx_client import AsyncOAuth2Client
from authlib.oidc.core import CodeIDToken
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet
from joserfc.jws import JWSRegistry

from ce_tracker.config import OidcSettings
from ce_tracker.services.accounts.oidc import Returned, SignInRefused, Started

DISCOVERY_TTL = timedelta(hours=1)  # the discovery document and JWKS are fetched again after this
TIMEOUT = httpx2.Timeout(10.0)
ASYMMETRIC = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA")
RESPONSE_LIMIT = 256 * 1024  # no discovery document, key set or token response is larger


@dataclass(frozen=True)
class Provider:
    """The parts of the provider's discovery document we use."""

    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    userinfo_endpoint: str | None
    end_session_endpoint: str | None
    sends_iss: bool  # authorization_response_iss_parameter_supported (RFC 9207)
    algorithms: tuple[str, ...]


@dataclass(frozen=True)
class Answer:
    """The verified id_token's claims merged with userinfo's: all we keep of the provider's answer."""

    claims: dict


def _endpoint(document: dict, name: str, required: bool = True) -> str | None:
    value = document.get(name)
    if isinstance(value, str) and value.startswith(("https://", "http://127.0.0.1:", "http://localhost:")):
        return value
    if required:
        raise SignInRefused("unavailable", f"The provider's discovery document has no usable {name}.")
    return None


class OidcClient:
    """One provider's client, with its discovery document and keys cached for this process."""

    def __init__(self, config: OidcSettings, *, redirect_uri: str) -> None:
        self.config = config
        self.redirect_uri = redirect_uri
        self._provider: Provider | None = None
        self._fetched_at: datetime | None = None
        self._keys: KeySet | None = None
        self._lock = asyncio.Lock()

    # --- Discovery and keys ----------------------------------------------------------------------------

    async def _get_json(self, url: str) -> dict:
        try:
            async with httpx2.AsyncClient(timeout=TIMEOUT, follow_redirects=False) as http:
                response = await http.get(url, headers={"accept": "application/json"})
        except httpx2.HTTPError as error:
            raise SignInRefused("unavailable", f"{url}: {error.__class__.__name__}") from error
        if response.status_code != 200 or len(response.content) > RESPONSE_LIMIT:
            raise SignInRefused("unavailable", f"{url} answered {response.status_code}")
        try:
            document = response.json()
        except ValueError as error:
            raise SignInRefused("unavailable", f"{url} sent no JSON") from error
        if not isinstance(document, dict):
            raise SignInRefused("unavailable", f"{url} sent no JSON object")
        return document

    async def provider(self, now: datetime) -> Provider:
        """The discovery document, fetched at most once an hour; its issuer must be ours exactly (OIDC
        Discovery 4.3), or another provider could speak for the society's."""
        async with self._lock:
            if self._provider is None or self._fetched_at is None or now - self._fetched_at > DISCOVERY_TTL:
                document = await self._get_json(f"{self.config.issuer.rstrip('/')}/.well-known/openid-configuration")
                if document.get("issuer") != self.config.issuer:
                    raise SignInRefused("unavailable", "The discovery document names another issuer.")
                offered = document.get("id_token_signing_alg_values_supported") or ["RS256"]
                algorithms = tuple(a for a in ASYMMETRIC if a in offered)
                if not algorithms:
                    raise SignInRefused("unavailable", "The provider signs id_tokens with no algorithm we accept.")
                self._provider = Provider(
                    issuer=document["issuer"],
                    authorization_endpoint=_endpoint(document, "authorization_endpoint"),
                    token_endpoint=_endpoint(document, "token_endpoint"),
                    jwks_uri=_endpoint(document, "jwks_uri"),
                    userinfo_endpoint=_endpoint(document, "userinfo_endpoint", required=False),
                    end_session_endpoint=_endpoint(document, "end_session_endpoint", required=False),
                    sends_iss=document.get("authorization_response_iss_parameter_supported") is True,
                    algorithms=algorithms)
                self._fetched_at, self._keys = now, None
            return self._provider

    async def _key_set(self, provider: Provider, *, refresh: bool = False) -> KeySet:
        if self._keys is None or refresh:
            document = await self._get_json(provider.jwks_uri)
            try:
                self._keys = KeySet.import_key_set(document)
            except (JoseError, ValueError, TypeError, KeyError) as error:
                raise SignInRefused("unavailable", "The provider's JWKS could not be read.") from error
        return self._keys

    # --- The request --------------------------------------------------------------------------------------

    def _oauth(self) -> AsyncOAuth2Client:
        return AsyncOAuth2Client(client_id=self.config.client_id, client_secret=self.config.client_secret,
                                 redirect_uri=self.redirect_uri, scope=" ".join(self.config.scopes),
                                 code_challenge_method="S256", timeout=TIMEOUT)

    async def authorization_url(self, started: Started, now: datetime) -> str:
        """Where the browser goes to sign in: code flow, our state and nonce, the S256 challenge of the verifier."""
        provider = await self.provider(now)
        async with self._oauth() as oauth:
            url, _ = oauth.create_authorization_url(provider.authorization_endpoint, state=started.state,
                                                    code_verifier=started.code_verifier, nonce=started.nonce)
        return url

    # --- The answer ---------------------------------------------------------------------------------------

    def check_response_issuer(self, provider: Provider, iss: object) -> None:
        """RFC 9207: the authorization response names its issuer; it must be ours, and present when promised."""
        if iss is None and not provider.sends_iss:
            return
        if iss != provider.issuer:
            raise SignInRefused("invalid", "The answer came from another issuer (iss).")

    async def exchange(self, provider: Provider, *, code: str, code_verifier: str) -> dict:
        """Trade the code for tokens at the token endpoint, with the client secret and the PKCE verifier.

        A code already used, expired, issued to another client or for another verifier is refused by the
        provider (invalid_grant), and so by us."""
        if not isinstance(code, str) or not 1 <= len(code) <= 2048:
            raise SignInRefused("invalid", "The answer carries no code.")
        try:
            async with self._oauth() as oauth:
                token = await oauth.fetch_token(provider.token_endpoint, grant_type="authorization_code",
                                                code=code, code_verifier=code_verifier)
        except AuthlibBaseError as error:
            kind = "expired" if getattr(error, "error", "") == "invalid_grant" else "invalid"
            raise SignInRefused(kind, f"The token endpoint refused the code: {error}") from error
        except (httpx2.HTTPError, ValueError) as error:
            raise SignInRefused("unavailable", f"The token endpoint failed: {error}") from error
        if not isinstance(token.get("id_token"), str):
            raise SignInRefused("invalid", "The token response has no id_token.")
        return dict(token)

    async def verify_id_token(self, provider: Provider, id_token: str, *, nonce: str, now: datetime,
                              access_token: str | None = None) -> dict:
        """The id_token's claims once its signature, issuer, audience, nonce and times are checked."""
        registry = JWSRegistry(algorithms=list(provider.algorithms))
        keys = await self._key_set(provider)
        try:
            try:
                token = jwt.decode(id_token, keys, registry=registry)
            except InvalidKeyIdError:  # the provider rotated its keys since we fetched them
                token = jwt.decode(id_token, await self._key_set(provider, refresh=True), registry=registry)
            claims = CodeIDToken(token.claims, token.header,
                                 {"iss": {"essential": True, "value": provider.issuer},
                                  "aud": {"essential": True, "value": self.config.client_id},
                                  "nonce": {"essential": True, "value": nonce}},
                                 {"nonce": nonce, "client_id": self.config.client_id,
                                  **({"access_token": access_token} if access_token else {})})
            claims.validate(now=int(now.timestamp()), leeway=self.config.clock_skew_seconds)
        except (JoseError, ValueError, TypeError) as error:
            raise SignInRefused("invalid", f"The id_token was refused: {error.__class__.__name__}: {error}") from error
        return dict(claims)

    async def userinfo(self, provider: Provider, *, access_token: str, subject: str) -> dict:
        """The userinfo claims, about the id_token's subject only (OIDC Core 5.3.2)."""
        if not provider.userinfo_endpoint or not access_token:
            return {}
        try:
            async with httpx2.AsyncClient(timeout=TIMEOUT, follow_redirects=False) as http:
                response = await http.get(provider.userinfo_endpoint,
                                          headers={"authorization": f"Bearer {access_token}",
                                                   "accept": "application/json"})
        except httpx2.HTTPError as error:
            raise SignInRefused("unavailable", f"userinfo failed: {error}") from error
        if response.status_code != 200 or len(response.content) > RESPONSE_LIMIT:
            raise SignInRefused("invalid", f"userinfo answered {response.status_code}")
        try:
            info = response.json()
        except ValueError as error:
            raise SignInRefused("invalid", "userinfo sent no JSON (signed userinfo is not supported)") from error
        if not isinstance(info, dict) or info.get("sub") != subject:
            raise SignInRefused("invalid", "userinfo is about another subject.")
        return info

    async def answer(self, *, code: object, iss: object, returned: Returned, now: datetime) -> Answer:
        """Everything the provider's answer must pass, in order; the merged claims of a verified sign-in."""
        provider = await self.provider(now)
        self.check_response_issuer(provider, iss)
        token = await self.exchange(provider, code=code, code_verifier=returned.code_verifier)
        claims = await self.verify_id_token(provider, token["id_token"], nonce=returned.nonce, now=now,
                                            access_token=token.get("access_token"))
        info = await self.userinfo(provider, access_token=token.get("access_token") or "", subject=claims["sub"])
        # The id_token's own claims win: they are signed; userinfo only adds what the id_token left out.
        return Answer(claims={**info, **claims})

    async def end_session_url(self, *, post_logout_redirect_uri: str, now: datetime) -> str | None:
        """Where to send the browser to end the provider's session too (RP-initiated logout), if it offers that."""
        if not self.config.provider_logout:
            return None
        try:
            provider = await self.provider(now)
        except SignInRefused:
            return None  # our session is over either way; the provider is not reachable to end its own
        if not provider.end_session_endpoint:
            return None
        return add_params_to_uri(provider.end_session_endpoint, {
            "client_id": self.config.client_id, "post_logout_redirect_uri": post_logout_redirect_uri})


_clients: dict[tuple[str, str, str], OidcClient] = {}


def client_for(config: OidcSettings, redirect_uri: str) -> OidcClient:
    """This process's client for the configured provider (its discovery document and keys are cached in it)."""
    key = (config.issuer, config.client_id, redirect_uri)
    if key not in _clients or _clients[key].config != config:
        _clients[key] = OidcClient(config, redirect_uri=redirect_uri)
    return _clients[key]
