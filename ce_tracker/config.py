"""Settings read once from the environment, so every part agrees on them.

Nothing else in the package reads ``os.environ``: tests and deployments change
behaviour by setting variables before start-up, never by editing code.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _default_database_url() -> str:
    # An absolute path: a relative SQLite URL has put tables in a file other
    # than the one the app read (it resolves against the working directory).
    return f"sqlite:///{ROOT / 'data' / 'ce_tracker.db'}"


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
    # The certification lifecycle (issue 14): when applying opens, how to pay, where a lapsed member goes next.
    renewal_window_months: int = 12  # a member may apply this many months before the term ends
    fee_instructions: str = ("Pay by cheque or bank transfer to headquarters, quoting your reference. "
                             "Staff record the payment when it arrives.")
    exam_url: str = "https://www.ami.org/certification"  # where a lapsed member applies to retake the exam
    board_email: str = "board@ce-tracker.local"  # the Board of Certification's contact
    reminders_enabled: bool = True  # the in-app scheduler sends reminders (cron may use the CLI instead)

    @property
    def secure_cookies(self) -> bool:
        """Mark the session cookie Secure whenever the site is served over HTTPS."""
        return self.public_url.startswith("https://")


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


def _months(text: str) -> int:
    """The renewal window in whole months, 0 to 60 (a window longer than a term is a configuration mistake)."""
    value = int(text)
    if not 0 <= value <= 60:
        raise ValueError(f"CE_RENEWAL_WINDOW_MONTHS must be 0 to 60, not {text!r}")
    return value


def load_settings() -> Settings:
    """Read the environment; called at import and again by tests after they set it."""
    env = os.environ.get
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
        api_url=(env("CE_API_URL") or f"http://localhost:{backend_port}").rstrip("/"),
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
        renewal_window_months=_months(env("CE_RENEWAL_WINDOW_MONTHS", "12")),
        fee_instructions=env("CE_FEE_INSTRUCTIONS") or Settings.fee_instructions,
        exam_url=env("CE_EXAM_URL") or Settings.exam_url,
        board_email=env("CE_BOARD_EMAIL") or Settings.board_email,
        reminders_enabled=env("CE_REMINDERS", "1") != "0",
    )


settings = load_settings()
