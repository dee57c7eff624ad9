"""Slowing down guesses without letting a stranger lock anyone out.

Every guess worth counting (a password check, a reset request, a certificate check) is a ``LoginAttempt`` row
keyed by kind, account and client. Three limits apply to sign-ins:

* per account and client, a delay that doubles with each failure after a few free ones, up to a ceiling. The
  owner on their own device is a different client, so an attacker's failures never delay them; on the same
  network they wait at most the ceiling, and a successful reset clears every client's failures;
* per client over all accounts, a ceiling on failures per window: one address spraying one password over many
  accounts stops after that many;
* over the whole site, when failures in the window pass a ceiling (spraying from many addresses), a client that
  has failed at all in the window must wait for the window to pass; a client that types the right password
  first time is never refused.

Unknown accounts are keyed by a hash of what was typed and throttled exactly like real ones, so the answer never
tells whether an account exists. Clients are kept as a hash of the address, never the address itself.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from sqlalchemy import bindparam, func, insert, update
from sqlmodel import Session, select

from ce_tracker.config import Settings
from ce_tracker.models import LoginAttempt
from ce_tracker.models.types import UTCDateTime
from ce_tracker.services.errors import Throttled

LOGIN, CLEAR, RESET, VERIFY = "login", "clear", "reset", "verify"


def client_key(address: str | None) -> str:
    """A stable, non-reversible name for a client address ("" when the address is unknown)."""
    return hashlib.sha256(f"client:{address}".encode()).hexdigest()[:32] if address else ""


def account_key(*, member_id: int | None = None, identifier: str = "") -> str:
    """``m<id>`` for a real account; a hash of the normalised identifier for one that does not exist."""
    if member_id is not None:
        return f"m{member_id}"
    return "u" + hashlib.sha256(identifier.strip().lower().encode()).hexdigest()[:32]


_INSERT = insert(LoginAttempt.__table__)
_SUCCEEDED_NOW = (update(LoginAttempt.__table__).where(LoginAttempt.__table__.c.id == bindparam("attempt"))
                  .values(succeeded=True))


def record(session: Session, *, kind: str, account: str, client: str, now: datetime, succeeded: bool,
           member_id: int | None = None) -> int:
    """Count one attempt; its id. (Core statements built once: every sign-in writes here.)"""
    result = session.execute(_INSERT, {"kind": kind, "account_key": account, "client": client, "at": now,
                                       "succeeded": succeeded, "member_id": member_id})
    return result.inserted_primary_key[0]


def mark_succeeded(session: Session, attempt_id: int) -> None:
    """An attempt recorded as failed turned out right (its password matched)."""
    session.execute(_SUCCEEDED_NOW, {"attempt": attempt_id})


def _count(session: Session, *conditions) -> int:
    return session.exec(select(func.count()).select_from(LoginAttempt).where(*conditions)).one()


def _latest(session: Session, *conditions) -> datetime | None:
    return session.exec(select(func.max(LoginAttempt.at)).where(*conditions)).one()


def _failures(kind: str, since: datetime):
    return (LoginAttempt.kind == kind, LoginAttempt.succeeded.is_(False), LoginAttempt.at > since)


_A = LoginAttempt
_FAILED_LOGIN = (_A.kind == LOGIN, _A.succeeded.is_(False), _A.at > bindparam("since", type_=UTCDateTime))
_CLEARED = select(func.max(_A.at)).where(_A.account_key == bindparam("account"), _A.kind == CLEAR)
_SUCCEEDED = select(func.max(_A.at)).where(_A.account_key == bindparam("account"), _A.client == bindparam("client"),
                                           _A.kind == LOGIN, _A.succeeded.is_(True))
# What every sign-in asks first, in one statement built once: this client's failures in the window, and this
# client's failures on this account since the later of the window's start, a reset and its last success.
_SIGN_IN_FACTS = select(
    select(func.count()).select_from(_A).where(*_FAILED_LOGIN, _A.client == bindparam("client"))
    .scalar_subquery().label("by_client"),
    select(func.count()).select_from(_A).where(
        *_FAILED_LOGIN, _A.account_key == bindparam("account"), _A.client == bindparam("client"),
        _A.at > func.coalesce(_CLEARED.scalar_subquery(), bindparam("since", type_=UTCDateTime)),
        _A.at > func.coalesce(_SUCCEEDED.scalar_subquery(), bindparam("since", type_=UTCDateTime)))
    .scalar_subquery().label("mine"))


def login_wait(session: Session, *, account: str, client: str, now: datetime, settings: Settings) -> int:
    """Seconds before this client may try this account again (0: now). Same rules for real and unknown accounts."""
    window = timedelta(minutes=settings.login_window_minutes)
    since = now - window
    facts = session.execute(_SIGN_IN_FACTS, {"since": since, "client": client, "account": account}).one()
    by_client = _failures(LOGIN, since) + (LoginAttempt.client == client,)
    # A caller that cannot name the client ("") gets only the per-account delay: lumping every such caller
    # together would let one of them exhaust the client and site-wide allowances for all the others.
    if client and facts.by_client >= settings.login_client_limit:
        oldest = session.exec(select(LoginAttempt.at).where(*by_client).order_by(LoginAttempt.at.desc())
                              .offset(settings.login_client_limit - 1).limit(1)).first()
        return _seconds(oldest + window - now)
    if (client and facts.by_client > 0
            and _count(session, *_failures(LOGIN, since)) >= settings.login_global_limit):
        latest = _latest(session, *by_client)
        return _seconds(latest + window - now)
    failures = facts.mine
    if failures < settings.login_free_failures:
        return 0
    cleared = session.execute(_CLEARED, {"account": account}).scalar()
    succeeded = session.execute(_SUCCEEDED, {"account": account, "client": client}).scalar()
    start = max([t for t in (since, cleared, succeeded) if t is not None])
    mine = _failures(LOGIN, start) + (LoginAttempt.account_key == account, LoginAttempt.client == client)
    delay = min(settings.login_max_delay_seconds,
                settings.login_delay_seconds * 2 ** min(failures - settings.login_free_failures, 30))
    return _seconds(_latest(session, *mine) + timedelta(seconds=delay) - now)


def _seconds(span: timedelta) -> int:
    return max(0, int(span.total_seconds() + 0.999))


def refuse_if_waiting(session: Session, *, account: str, client: str, now: datetime, settings: Settings) -> None:
    wait = login_wait(session, account=account, client=client, now=now, settings=settings)
    if wait > 0:
        when = f"{wait} second{'' if wait == 1 else 's'}" if wait < 90 else f"{(wait + 59) // 60} minutes"
        raise Throttled(f"Too many sign-in attempts. Wait {when} and try again, or reset your password.")


def clear_failures(session: Session, *, member_id: int, now: datetime) -> None:
    """A reset proves the owner: every client's earlier failures on the account stop counting."""
    record(session, kind=CLEAR, account=account_key(member_id=member_id), client="", now=now, succeeded=True,
           member_id=member_id)


def within(session: Session, *, kind: str, now: datetime, window: timedelta, limit: int,
           account: str | None = None, client: str | None = None, failures_only: bool = False) -> bool:
    """Whether fewer than ``limit`` attempts of ``kind`` (by this account and/or client) fall in the window."""
    conditions = [LoginAttempt.kind == kind, LoginAttempt.at > now - window]
    if account is not None:
        conditions.append(LoginAttempt.account_key == account)
    if client is not None:
        conditions.append(LoginAttempt.client == client)
    if failures_only:
        conditions.append(LoginAttempt.succeeded.is_(False))
    return _count(session, *conditions) < limit
