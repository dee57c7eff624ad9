"""Settings read once from the environment, so every part agrees on them.

Nothing else in the package reads ``os.environ``: tests and deployments change
behaviour by setting variables before start-up, never by editing code.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent


def _default_database_url() -> str:
    # An absolute path: a relative SQLite URL has put tables in a file other
    # than the one the app read (it resolves against the working directory).
    return f"sqlite:///{ROOT / 'data' / 'ce_tracker.db'}"


GRANTABLE_ROLES = ("reviewer", "staff", "board")  # what a provider's groups may grant; "member" stays ours
MAX_CLOCK_SKEW_SECONDS = 300


@dataclass(frozen=True)
class OidcSettings:
    """The society's OpenID Provider and how its claims are read (docs/single-sign-on.md)."""

    issuer: str  # exactly as the provider's discovery document names it; the document is at issuer + /.well-known/
    client_id: str
    client_secret: str
    scopes: tuple[str, ...]
    member_number_claim: str  # the claim carrying the society's member number (matched to our member ID)
    email_claim: str
    status_claim: str  # the membership-status claim; "" when the society sends none
    current_statuses: frozenset[str]  # status values (lower case) that mean a current member
    lapsed: str  # "allow" (a lapsed member sees their record) or "refuse" (with ``lapsed_message``)
    lapsed_message: str
    button_label: str  # "Sign in with your AMI account"
    groups_claim: str
    group_roles: tuple[tuple[str, str], ...]  # (group, role) pairs, only when the society maps them explicitly
    create_accounts: bool  # an unknown person whose claims say they are certified gets an account
    certified_claim: str  # the claim carrying the date (YYYY-MM-DD) the person was certified
    clock_skew_seconds: int  # how far the provider's clock may be from ours when its tokens are checked
    password_help_url: str  # the society's own "forgot password" page, for when member passwords are off
    provider_logout: bool  # signing out also ends the provider's session, when it offers that


@dataclass(frozen=True)
class Settings:
    """Everything configurable, with defaults that run on one machine."""

    database_url: str
    db_pool_size: int  # connections each backend worker keeps open to PostgreSQL
    db_max_overflow: int  # extra connections a worker may open under a burst
    redis_url: str | None
    backend_workers: int | None  # several workers need Redis (they share state through it)
    log_events: bool  # log which backend worker handled each event (never who or with what)
    public_url: str
    api_url: str
    session_hours: int
    reset_minutes: int
    smtp_host: str | None
    smtp_port: int
    smtp_security: str  # "none", "starttls" or "ssl"
    smtp_user: str | None
    smtp_password: str | None
    mail_from: str
    support_email: str
    society_name: str
    committee_email: str
    renewal_fee_cents: int  # the renewal fee a member is asked to pay, in cents
    currency: str
    attachment_max_bytes: int  # largest agenda or certificate a member may attach to a request
    # Hardening limits; every one is documented in docs/security.md.
    upload_max_bytes: int  # largest request body the upload route accepts, checked before it is stored
    trusted_proxy_hops: int  # reverse proxies in front of the app whose X-Forwarded-* headers are believed
    hsts_seconds: int  # Strict-Transport-Security max-age when served over HTTPS (0 turns it off)
    login_free_failures: int  # failed sign-ins per account and client before any delay
    login_delay_seconds: int  # the first delay; it doubles with each further failure
    login_max_delay_seconds: int  # the delay never grows beyond this
    login_window_minutes: int  # failures older than this are forgotten
    login_client_limit: int  # failed sign-ins one client may make (over all accounts) per window
    login_global_limit: int  # failed sign-ins over the whole site per window before clients with failures wait
    reset_account_limit: int  # reset emails per account per hour
    reset_client_limit: int  # reset requests per client per hour
    verify_client_limit: int  # failed certificate checks per client per hour
    password_min_score: int  # zxcvbn score (0-4) a new password must reach
    mail_retry_seconds: int  # first wait after a failed send; it doubles with each failure
    mail_max_attempts: int  # sends tried before a message is reported as given up
    # The society's own words: names members know from its instructions, and whom to ask.
    society_short_name: str  # "AMI": in "My AMI CMEs and Events"
    credential_name: str  # "Certified Medical Illustrator": in "Certified Medical Illustrator Renewal"
    credential_abbreviation: str  # "CMI": in "CMI CE Eligibility Form"
    committee_chair: tuple[str, str]  # (name or role, email); an empty email means "not shown"
    committee_vice_chair: tuple[str, str]
    membership_email: str  # whom to ask about CME credits and accounts
    designated_meetings: str  # "the AMI and GNSI meetings": whose designated sessions are pre-approved
    signing_key_file: str | None = None  # the society's Ed25519 key for verifiable credentials (outside the DB)
    # The certification lifecycle: when applying opens, how to pay, where a lapsed member goes next.
    renewal_window_months: int = 12  # a member may apply this many months before the term ends
    fee_instructions: str = ("Pay by cheque or bank transfer to headquarters, quoting your reference. "
                             "Staff record the payment when it arrives.")
    exam_url: str = "https://www.ami.org/certification"  # where a lapsed member applies to retake the exam
    board_email: str = "board@ce-tracker.local"  # the Board of Certification's contact
    reminders_enabled: bool = True  # the in-app scheduler sends reminders (cron may use the CLI instead)
    # Whether the operator named the addresses (CE_PUBLIC_URL, CE_API_URL or Reflex's own REFLEX_API_URL): then
    # rxconfig.py hands them to Reflex, which bakes the API address into the front end (see ``reflex_urls``).
    urls_configured: tuple[bool, bool] = (False, False)
    # The society's look: its logo (a file under assets/ or an https address) and accent colour (a Radix
    # Themes colour name), in the header, on the PDFs and in the mail.
    logo_url: str = ""
    accent_color: str = "indigo"
    # Single sign-on with the society's own account (R000-27): None unless CE_OIDC_ISSUER is set.
    oidc: OidcSettings | None = None
    member_passwords: bool = True  # False: members sign in only with the society's account; staff keep passwords

    @property
    def secure_cookies(self) -> bool:
        """Mark the session cookie Secure whenever the site is served over HTTPS."""
        return self.public_url.startswith("https://")

    @property
    def allowed_origins(self) -> tuple[str, ...]:
        """The origins browsers may call the backend from: the app's own pages and backend, nothing else.

        With neither URL configured (a developer's machine) the 127.0.0.1 spelling of localhost is allowed too.
        """
        origins = [origin_of(self.public_url), origin_of(self.api_url)]
        if self.public_url.startswith("http://localhost:") or self.api_url.startswith("http://localhost:"):
            origins += [o.replace("//localhost:", "//127.0.0.1:", 1) for o in origins if "//localhost:" in o]
        return tuple(dict.fromkeys(origins))


def reflex_urls(settings: Settings) -> dict[str, str]:
    """``api_url`` and ``deploy_url`` for ``rx.Config``: one source for the app's links and Reflex's front end.

    Reflex reads its API address (where the browser opens the websocket) from ``api_url`` or REFLEX_API_URL,
    never from our CE_API_URL; left alone it bakes ``http://localhost:<backend port>`` into the bundle, which
    no browser behind a proxy can reach. Only addresses the operator configured are passed: otherwise Reflex's
    own default follows the ``--backend-port`` given on its command line, as ours does on a developer's machine.
    """
    public, api = settings.urls_configured
    return {**({"deploy_url": settings.public_url} if public else {}),
            **({"api_url": settings.api_url} if api else {})}


def origin_of(url: str) -> str:
    """``scheme://host[:port]`` of a URL, as browsers send it in the Origin header."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def normalise_database_url(url: str) -> str:
    """PostgreSQL always through psycopg 3, whichever spelling the operator used."""
    for prefix in ("postgresql+psycopg2://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _cents(amount: str) -> int:
    """"150" or "150.00" as 15000; a fee with fractions of a cent is a configuration mistake."""
    value = Decimal(amount) * 100
    if value != value.to_integral_value() or value < 0:
        raise ValueError(f"CE_RENEWAL_FEE must be an amount like 150.00, not {amount!r}")
    return int(value)


NAME_LIMIT = 80  # a configured label or contact name is cut to this many characters
EMAIL_LIMIT = 254


def _label(value: str | None, default: str) -> str:
    """A configured label on one line, at most NAME_LIMIT characters; blank means the default."""
    text = " ".join((value or "").split())[:NAME_LIMIT]
    return text or default


def _email(value: str | None) -> str:
    """A configured address, or "" when it does not look like one (then the contact is left out, not linked)."""
    text = (value or "").strip()
    local, _, domain = text.partition("@")
    if len(text) > EMAIL_LIMIT or not local or "." not in domain or "@" in domain:
        return ""
    return "" if any(c in text for c in ' <>"\\?&,;:/') else text


def _initials(name: str) -> str:
    """"Association of Medical Illustrators" -> "AMI": the capitalised words' first letters."""
    return "".join(word[0] for word in name.split() if word[:1].isupper()) or name


def _society_words(env) -> dict:
    """The names and contacts the society's own instructions use (see docs/features.md, "The society's own words")."""
    from ce_tracker.rules import CMI  # the program the app installs: its name is the credential's

    society = _label(env("CE_SOCIETY_NAME"), "Association of Medical Illustrators")
    short = _label(env("CE_SOCIETY_SHORT_NAME"), _initials(society))[:20]
    # The seed society's words by default; another society names its own meetings.
    meetings = "the AMI and GNSI meetings" if not env("CE_SOCIETY_NAME") else f"the {short} meetings"
    committee = _email(env("CE_COMMITTEE_EMAIL", "ce-committee@ce-tracker.local"))
    return {
        "society_short_name": short,
        "designated_meetings": _label(env("CE_DESIGNATED_MEETINGS"), meetings),
        "credential_name": _label(env("CE_CREDENTIAL_NAME"), CMI.name),
        "credential_abbreviation": _label(env("CE_CREDENTIAL_ABBREVIATION"), CMI.code)[:20],
        "committee_chair": (_label(env("CE_COMMITTEE_CHAIR_NAME"), "CE Committee Chair"),
                            _email(env("CE_COMMITTEE_CHAIR_EMAIL", committee))),
        "committee_vice_chair": (_label(env("CE_COMMITTEE_VICE_CHAIR_NAME"), "CE Committee Vice Chair"),
                                 _email(env("CE_COMMITTEE_VICE_CHAIR_EMAIL", committee))),
        "membership_email": _email(env("CE_MEMBERSHIP_EMAIL")
                                   or env("CE_SUPPORT_EMAIL", "membership@ce-tracker.local")),
    }
def _months(text: str) -> int:
    """The renewal window in whole months, 0 to 60 (a window longer than a term is a configuration mistake)."""
    value = int(text)
    if not 0 <= value <= 60:
        raise ValueError(f"CE_RENEWAL_WINDOW_MONTHS must be 0 to 60, not {text!r}")
    return value


def _api_url(env, backend_port: str) -> str:
    """CE_API_URL, else Reflex's own REFLEX_API_URL (one address for both; two different ones are a mistake)."""
    ours, reflex = (env("CE_API_URL") or "").rstrip("/"), (env("REFLEX_API_URL") or "").rstrip("/")
    if ours and reflex and ours != reflex:
        raise ValueError(f"CE_API_URL ({ours}) and REFLEX_API_URL ({reflex}) differ: set CE_API_URL only")
    return ours or reflex or f"http://localhost:{backend_port}"


ACCENT_COLORS = ("gray", "gold", "bronze", "brown", "yellow", "amber", "orange", "tomato", "red", "ruby", "crimson",
                 "pink", "plum", "purple", "violet", "iris", "indigo", "blue", "cyan", "teal", "jade", "green",
                 "grass", "lime", "mint", "sky")


def _accent(name: str) -> str:
    """A Radix Themes accent colour by name: the whole palette (hover, focus, contrast) follows from it."""
    if name not in ACCENT_COLORS:
        raise ValueError(f"CE_ACCENT_COLOR must be one of {', '.join(ACCENT_COLORS)}, not {name!r}")
    return name


def _logo(value: str) -> str:
    """The logo's address: a path served from assets/ ("/society-logo.svg") or an https address."""
    value = value.strip()
    if value and not (value.startswith("/") and not value.startswith("//") or value.startswith("https://")):
        raise ValueError(f"CE_SOCIETY_LOGO must be a path under assets/ (/logo.svg) or an https address, not {value!r}")
    return value


def _flag(env, name: str, default: str) -> bool:
    value = (env(name) or default).strip().lower()
    if value not in ("0", "1", "true", "false", "yes", "no", "on", "off"):
        raise ValueError(f"{name} must be 1 or 0, not {value!r}")
    return value in ("1", "true", "yes", "on")


def _group_roles(text: str) -> tuple[tuple[str, str], ...]:
    """"ce-committee=reviewer, hq=staff" as pairs; a role outside GRANTABLE_ROLES is a configuration mistake."""
    pairs = []
    for item in filter(None, (part.strip() for part in text.split(","))):
        group, _, role = (piece.strip() for piece in item.rpartition("="))
        if not group or role.lower() not in GRANTABLE_ROLES:
            raise ValueError(f"CE_OIDC_GROUP_ROLES: {item!r} must be group=role, the role one of "
                             f"{', '.join(GRANTABLE_ROLES)}")
        pairs.append((group, role.lower()))
    return tuple(pairs)


def oidc_settings(env, short_name: str) -> OidcSettings | None:
    """The provider's settings, or None when CE_OIDC_ISSUER is unset (then the login page has no society button)."""
    issuer = (env("CE_OIDC_ISSUER") or "").strip()
    if not issuer:
        return None
    if not issuer.startswith(("https://", "http://127.0.0.1:", "http://localhost:")):
        raise ValueError("CE_OIDC_ISSUER must be an https:// address (plain http only on this machine)")
    client_id, secret = env("CE_OIDC_CLIENT_ID") or "", env("CE_OIDC_CLIENT_SECRET") or ""
    if not client_id or not secret:
        raise ValueError("CE_OIDC_ISSUER needs CE_OIDC_CLIENT_ID and CE_OIDC_CLIENT_SECRET")
    skew = int(env("CE_OIDC_CLOCK_SKEW_SECONDS", "60"))
    if not 0 <= skew <= MAX_CLOCK_SKEW_SECONDS:
        raise ValueError(f"CE_OIDC_CLOCK_SKEW_SECONDS must be 0 to {MAX_CLOCK_SKEW_SECONDS}, not {skew}")
    lapsed = (env("CE_OIDC_LAPSED") or "allow").strip().lower()
    if lapsed not in ("allow", "refuse"):
        raise ValueError(f"CE_OIDC_LAPSED must be allow or refuse, not {lapsed!r}")
    scopes = tuple(dict.fromkeys(["openid", *(env("CE_OIDC_SCOPES") or "openid email profile").split()]))
    create = _flag(env, "CE_OIDC_CREATE_ACCOUNTS", "0")
    if create and not env("CE_OIDC_CERTIFIED_CLAIM"):
        raise ValueError("CE_OIDC_CREATE_ACCOUNTS needs CE_OIDC_CERTIFIED_CLAIM (the claim with the certification date)")
    return OidcSettings(
        issuer=issuer, client_id=client_id, client_secret=secret, scopes=scopes,
        member_number_claim=(env("CE_OIDC_MEMBER_NUMBER_CLAIM") or "member_number").strip(),
        email_claim=(env("CE_OIDC_EMAIL_CLAIM") or "email").strip(),
        status_claim=(env("CE_OIDC_STATUS_CLAIM") or "").strip(),
        current_statuses=frozenset(s.strip().lower() for s in (env("CE_OIDC_CURRENT_STATUSES") or "active,current")
                                   .split(",") if s.strip()),
        lapsed=lapsed,
        lapsed_message=" ".join((env("CE_OIDC_LAPSED_MESSAGE") or
                                 f"Your {short_name} membership is not current, so CE Tracker is closed to you for "
                                 f"now. Renew your membership with the {short_name}, then sign in again.").split()),
        button_label=_label(env("CE_OIDC_BUTTON"), f"Sign in with your {short_name} account"),
        groups_claim=(env("CE_OIDC_GROUPS_CLAIM") or "groups").strip(),
        group_roles=_group_roles(env("CE_OIDC_GROUP_ROLES") or ""),
        create_accounts=create,
        certified_claim=(env("CE_OIDC_CERTIFIED_CLAIM") or "").strip(),
        clock_skew_seconds=skew,
        password_help_url=(env("CE_OIDC_PASSWORD_HELP_URL") or issuer).strip(),
        provider_logout=_flag(env, "CE_OIDC_PROVIDER_LOGOUT", "1"),
    )


def load_settings() -> Settings:
    """Read the environment; called at import and again by tests after they set it."""
    env = os.environ.get
    words = _society_words(env)
    oidc = oidc_settings(env, words["society_short_name"])
    member_passwords = _flag(env, "CE_MEMBER_PASSWORDS", "1")
    if not member_passwords and oidc is None:
        raise ValueError("CE_MEMBER_PASSWORDS=0 needs CE_OIDC_ISSUER: members would have no way to sign in")
    frontend_port = env("REFLEX_FRONTEND_PORT", "3000")
    backend_port = env("REFLEX_BACKEND_PORT", "8000")
    return Settings(
        database_url=normalise_database_url(env("CE_DATABASE_URL") or _default_database_url()),
        db_pool_size=int(env("CE_DB_POOL_SIZE", "5")),
        db_max_overflow=int(env("CE_DB_MAX_OVERFLOW", "10")),
        redis_url=env("CE_REDIS_URL") or None,
        backend_workers=int(env("CE_BACKEND_WORKERS")) if env("CE_BACKEND_WORKERS") else None,
        log_events=env("CE_LOG_EVENTS", "") == "1",
        public_url=(env("CE_PUBLIC_URL") or f"http://localhost:{frontend_port}").rstrip("/"),
        api_url=_api_url(env, backend_port),
        session_hours=int(env("CE_SESSION_HOURS", "12")),
        reset_minutes=int(env("CE_RESET_MINUTES", "60")),
        smtp_host=env("CE_SMTP_HOST") or None,
        smtp_port=int(env("CE_SMTP_PORT", "25")),
        smtp_security=env("CE_SMTP_SECURITY", "none"),
        smtp_user=env("CE_SMTP_USER") or None,
        smtp_password=env("CE_SMTP_PASSWORD") or None,
        mail_from=env("CE_MAIL_FROM", "CE Tracker <no-reply@ce-tracker.local>"),
        support_email=env("CE_SUPPORT_EMAIL", "membership@ce-tracker.local"),
        society_name=env("CE_SOCIETY_NAME", "Association of Medical Illustrators"),
        committee_email=env("CE_COMMITTEE_EMAIL", "ce-committee@ce-tracker.local"),
        renewal_fee_cents=_cents(env("CE_RENEWAL_FEE", "150.00")),
        currency=env("CE_CURRENCY", "USD"),
        attachment_max_bytes=int(env("CE_ATTACHMENT_MAX_MB", "5")) * 1024 * 1024,
        upload_max_bytes=int(env("CE_UPLOAD_MAX_MB", "9")) * 1024 * 1024,
        trusted_proxy_hops=int(env("CE_TRUSTED_PROXY_HOPS", "0")),
        hsts_seconds=int(env("CE_HSTS_SECONDS", "31536000")),
        login_free_failures=int(env("CE_LOGIN_FREE_FAILURES", "3")),
        login_delay_seconds=int(env("CE_LOGIN_DELAY_SECONDS", "2")),
        login_max_delay_seconds=int(env("CE_LOGIN_MAX_DELAY_SECONDS", "900")),
        login_window_minutes=int(env("CE_LOGIN_WINDOW_MINUTES", "15")),
        login_client_limit=int(env("CE_LOGIN_CLIENT_LIMIT", "50")),
        login_global_limit=int(env("CE_LOGIN_GLOBAL_LIMIT", "1000")),
        reset_account_limit=int(env("CE_RESET_ACCOUNT_LIMIT", "3")),
        reset_client_limit=int(env("CE_RESET_CLIENT_LIMIT", "10")),
        verify_client_limit=int(env("CE_VERIFY_CLIENT_LIMIT", "30")),
        password_min_score=int(env("CE_PASSWORD_MIN_SCORE", "3")),
        mail_retry_seconds=int(env("CE_MAIL_RETRY_SECONDS", "60")),
        mail_max_attempts=int(env("CE_MAIL_MAX_ATTEMPTS", "8")),
        signing_key_file=env("CE_SIGNING_KEY_FILE") or None,
        **words,
        renewal_window_months=_months(env("CE_RENEWAL_WINDOW_MONTHS", "12")),
        fee_instructions=env("CE_FEE_INSTRUCTIONS") or Settings.fee_instructions,
        exam_url=env("CE_EXAM_URL") or Settings.exam_url,
        board_email=env("CE_BOARD_EMAIL") or Settings.board_email,
        reminders_enabled=env("CE_REMINDERS", "1") != "0",
        urls_configured=(bool(env("CE_PUBLIC_URL")), bool(env("CE_API_URL") or env("REFLEX_API_URL"))),
        logo_url=_logo(env("CE_SOCIETY_LOGO", "")),
        accent_color=_accent(env("CE_ACCENT_COLOR", "indigo")),
        oidc=oidc,
        member_passwords=member_passwords,
    )


settings = load_settings()
