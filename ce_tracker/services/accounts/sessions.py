"""Signing in and out, login sessions, password resets and changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, func, insert, or_, update
from sqlmodel import Session, select

from ce_tracker import routes
from ce_tracker.config import Settings
from ce_tracker.config import settings as default_settings
from ce_tracker.models import LoginHandoff, LoginSession, Member, PasswordReset, Role, RoleGrant
from ce_tracker.services import audit, mail, throttle
from ce_tracker.services.accounts.actors import Actor
from ce_tracker.services.accounts.passwords import check_policy, hash_password, verify_password
from ce_tracker.services.errors import Invalid
from ce_tracker.services.tokens import digest, new_token, seal, unseal

HANDOFF_LIFETIME = timedelta(minutes=2)
BAD_LOGIN = "That email, member ID or username and password do not match an account."
WRONG_CURRENT = "Your current password is not correct."


def bad_login_message(settings: Settings) -> str:
    """The one answer to any failed password sign-in; with member passwords off it says where members go.

    The same words for every identifier, so the form does not tell who has an account or which kind.
    """
    if settings.member_passwords or settings.oidc is None:
        return BAD_LOGIN
    return (f"{BAD_LOGIN} Members sign in with “{settings.oidc.button_label}” above: "
            "passwords here are for headquarters staff only.")


def password_allowed(session: Session, member_id: int, settings: Settings) -> bool:
    """Whether this account may use a CE Tracker password: always, unless member passwords are off (R000-27);
    then only staff keep one (the fallback when the society's provider is down)."""
    if settings.member_passwords:
        return True
    return session.exec(select(RoleGrant.id).where(RoleGrant.member_id == member_id,
                                                   RoleGrant.role == Role.STAFF)).first() is not None


# Served by the lower() indexes on the three columns (models.accounts.SIGN_IN_INDEXES); built once.
BY_IDENTIFIER = select(Member).where(or_(*(func.lower(column) == bindparam("key")
                                           for column in (Member.email, Member.username, Member.member_number))))


def find_by_identifier(session: Session, identifier: str) -> Member | None:
    """The account whose email, member ID or username is ``identifier`` (any case)."""
    key = identifier.strip().lower()
    if not key or len(key) > 254:
        return None
    return session.exec(BY_IDENTIFIER, params={"key": key}).first()


@dataclass(frozen=True)
class SignIn:
    """A sign-in whose password is still to be checked; its attempt is already recorded as failed."""

    attempt_id: int
    member_id: int | None  # a real, active account; None for an unknown or inactive one
    password_hash: str | None


def begin_sign_in(*, session: Session, identifier: str, now: datetime, client: str = "",
                  settings: Settings | None = None) -> SignIn:
    """The first half of a sign-in: refuse a client that must wait, and record the attempt as failed.

    The password check (argon2id, a fifth of a CPU-second) then runs outside any transaction and off the
    event loop (``Work.off_loop``); ``finish_sign_in`` records the outcome. Recording the attempt as failed
    first keeps the throttle exact: guesses sent in parallel each find the others already counted.
    Guessing is slowed, never locked (services/throttle.py): after a few failures this client must
    wait a doubling delay before trying this account again; a refused attempt is not counted, so waiting is
    always enough, and the owner on another device is not delayed at all. Real and unknown accounts are
    throttled and answered alike. ``client`` is ``throttle.client_key`` of the caller's address.
    """
    settings = settings or default_settings
    member = find_by_identifier(session, identifier)
    real = member is not None and member.is_active
    key = throttle.account_key(member_id=member.id if real else None, identifier=identifier)
    throttle.refuse_if_waiting(session, account=key, client=client, now=now, settings=settings)
    attempt_id = throttle.record(session, kind=throttle.LOGIN, account=key, client=client, now=now,
                                 succeeded=False, member_id=member.id if real else None)
    # With member passwords off a member's password matches nothing: the dummy hash is checked in its place.
    usable = real and password_allowed(session, member.id, settings)
    return SignIn(attempt_id, member.id if real else None, member.password_hash if usable else None)


def finish_sign_in(*, session: Session, sign_in: SignIn, ok: bool) -> Member | None:
    """The second half: the member if the password matched (the attempt becomes a success), else None."""
    if not ok or sign_in.member_id is None or sign_in.password_hash is None:
        if sign_in.member_id is not None:
            audit.record(session, actor_id=None, action="login_failed", entity="member",
                         entity_id=sign_in.member_id)
        return None
    throttle.mark_succeeded(session, sign_in.attempt_id)
    return session.get(Member, sign_in.member_id)


def authenticate(*, session: Session, identifier: str, password: str, now: datetime, client: str = "",
                 settings: Settings | None = None) -> Member | None:
    """The member whose credentials these are, or None (the attempt is recorded either way), in one
    transaction: for callers without an event loop to keep free. Returns None instead of raising so the
    caller's unit of work commits the failed attempt."""
    sign_in = begin_sign_in(session=session, identifier=identifier, now=now, client=client, settings=settings)
    return finish_sign_in(session=session, sign_in=sign_in, ok=verify_password(password, sign_in.password_hash))


def issue_handoff(*, session: Session, member: Member, now: datetime, session_token: str | None = None) -> str:
    """A one-use code the browser trades at ``/auth/session`` for its session cookie.

    With ``session_token`` (a session the sign-in already opened), the cookie will be that session: the row
    keeps the token sealed under the code, which only the browser has (the row keeps the code's hash).
    """
    code = new_token()
    session.add(LoginHandoff(member_id=member.id, code_hash=digest(code), expires_at=now + HANDOFF_LIFETIME,
                             session_seal=seal(session_token, code) if session_token else None))
    return code


def open_signed_in(*, session: Session, member: Member, now: datetime, lifetime: timedelta) -> tuple[str, str]:
    """A checked sign-in's session, and the one-use code the page trades for its cookie: (token, code).

    The page's own connection is signed in to the token (kept as its hash); the cookie set for the code is the
    same session, so one sign-in is one session and one "login" audit row.
    """
    token = open_session(session=session, member_id=member.id, now=now, lifetime=lifetime)
    return token, issue_handoff(session=session, member=member, now=now, session_token=token)


_HANDOFF = LoginHandoff.__table__.c
# A sign-in's cookie route runs these once per sign-in: built once, Core (no ORM objects).
_CLAIM_HANDOFF = (update(LoginHandoff.__table__)
                  .where(_HANDOFF.code_hash == bindparam("code"), _HANDOFF.used_at.is_(None),
                         _HANDOFF.expires_at > bindparam("now"))
                  .values(used_at=bindparam("used"), session_seal=None))
_HANDOFF_ROW = select(LoginHandoff.member_id, LoginHandoff.session_seal).where(
    LoginHandoff.code_hash == bindparam("code"))
_NEW_SESSION = insert(LoginSession.__table__)


def exchange_handoff(*, session: Session, code: str, now: datetime, lifetime: timedelta) -> str | None:
    """Use a handoff code once; returns the session token for the cookie, or None if the code is spent or stale.

    The session the sign-in opened, if it sealed one in the handoff (and it is still live); else a new one.
    The seal is wiped with the claim, so the code is worth nothing afterwards.
    """
    code_hash = digest(code)
    row = session.execute(_HANDOFF_ROW, {"code": code_hash}).first()
    claimed = session.execute(_CLAIM_HANDOFF, {"code": code_hash, "now": now, "used": now})
    if row is None or claimed.rowcount != 1:
        return None
    if row.session_seal is None:
        return open_session(session=session, member_id=row.member_id, now=now, lifetime=lifetime)
    token = unseal(row.session_seal, code)
    return token if actor_for_token(session=session, token=token, now=now) is not None else None


def open_session(*, session: Session, member_id: int, now: datetime, lifetime: timedelta, sso: bool = False) -> str:
    """A new login session for a member whose sign-in was checked; returns the token for the HttpOnly cookie.

    ``sso``: the society's provider signed the member in, so signing out ends the provider's session too.
    """
    token = new_token()
    session.execute(_NEW_SESSION, {"member_id": member_id, "token_hash": digest(token), "created_at": now,
                                   "expires_at": now + lifetime, "revoked_at": None, "sso": sso})
    audit.record(session, actor_id=member_id, action="login", entity="member", entity_id=member_id,
                 **({"with": "society account"} if sso else {}))
    return token


# Every page event asks this, so it is one statement, built once: the live session, its active member and
# the member's roles (a row per role; one row with no role for a member without any).
_LIVE_ACTOR = (select(Member.id, Member.full_name, Member.member_number, RoleGrant.role)
               .select_from(LoginSession)
               .join(Member, Member.id == LoginSession.member_id)
               .outerjoin(RoleGrant, RoleGrant.member_id == Member.id)
               .where(LoginSession.token_hash == bindparam("token_hash"), LoginSession.revoked_at.is_(None),
                      LoginSession.expires_at > bindparam("now"), Member.is_active))


def actor_for_token(*, session: Session, token: str | None, now: datetime) -> Actor | None:
    """The signed-in actor for a cookie's token, if the session is live and the account active."""
    if not token or len(token) > 200:
        return None
    return actor_for_token_hash(session=session, token_hash=digest(token), now=now)


def actor_for_token_hash(*, session: Session, token_hash: str, now: datetime) -> Actor | None:
    """The same, for a session known by its hash (a connection that signed in keeps only that)."""
    rows = session.execute(_LIVE_ACTOR, {"token_hash": token_hash, "now": now}).all()
    if not rows:
        return None
    return Actor(member_id=rows[0].id, full_name=rows[0].full_name,
                 roles=frozenset(Role(row.role) for row in rows if row.role is not None),
                 member_number=rows[0].member_number)


def logout(*, session: Session, token: str | None, now: datetime, token_hash: str | None = None) -> bool:
    """End the session the token (or the hash a connection kept) belongs to; an unknown one is a no-op.

    Returns whether the society's provider opened that session (ended now or earlier): then the provider's
    own session is ended too, when it offers that (RP-initiated logout)."""
    if token_hash is None:
        if not token or len(token) > 200:
            return False
        token_hash = digest(token)
    row = session.exec(select(LoginSession).where(LoginSession.token_hash == token_hash)).first()
    if row is not None and row.revoked_at is None:
        row.revoked_at = now
        audit.record(session, actor_id=row.member_id, action="logout", entity="member", entity_id=row.member_id)
    return row is not None and row.sso


def _revoke_all_sessions(session: Session, member_id: int, now: datetime) -> None:
    session.execute(update(LoginSession).where(LoginSession.member_id == member_id,
                                            LoginSession.revoked_at.is_(None)).values(revoked_at=now))


def _spend_other_resets(session: Session, member_id: int, now: datetime) -> None:
    """A new password makes every reset link still in someone's inbox worthless."""
    session.execute(update(PasswordReset).where(PasswordReset.member_id == member_id,
                                                PasswordReset.used_at.is_(None)).values(used_at=now))


def _reset_link(settings: Settings, token: str) -> str:
    return settings.public_url + routes.reset_password(token)


def issue_reset(session: Session, *, member: Member, now: datetime, settings: Settings,
                lifetime: timedelta, welcome: bool = False) -> None:
    """Queue an email with a single-use link to choose a password."""
    token = new_token()
    session.add(PasswordReset(member_id=member.id, token_hash=digest(token), created_at=now,
                              expires_at=now + lifetime))
    minutes = int(lifetime.total_seconds() // 60)
    validity = f"{minutes // 60} hours" if minutes >= 120 else f"{minutes} minutes"
    if welcome:
        subject = f"Your {settings.society_name} CE Tracker account"
        opening = (f"Hello {member.full_name},\n\nAn account was created for you (member ID "
                   f"{member.member_number}, username {member.username}). Choose your password here:")
    else:
        subject = "Reset your CE Tracker password"
        opening = (f"Hello {member.full_name},\n\nSomeone (we hope you) asked to reset the password "
                   "for your CE Tracker account. Choose a new password here:")
    body = (f"{opening}\n\n{_reset_link(settings, token)}\n\nThe link works once and expires in {validity}. "
            f"If you did not ask for this, ignore this email; your password stays as it is.\n\n"
            f"Questions: {settings.support_email}\n")
    # The body is the only place the live token exists; it is scrubbed once sent or once the link has expired.
    mail.queue(session, to=member.email, subject=subject, body=body, scrub_at=now + lifetime)


RESET_WINDOW = timedelta(hours=1)


def request_reset(*, session: Session, identifier: str, now: datetime, settings: Settings, client: str = "") -> None:
    """Email a reset link if the identifier names an account; silent either way.

    The caller shows the same answer whether or not the account exists, so the
    form cannot be used to learn who has an account. Requests are limited per
    account (CE_RESET_ACCOUNT_LIMIT an hour: nobody's inbox is flooded) and per
    client (CE_RESET_CLIENT_LIMIT an hour); over a limit nothing is sent, and the
    answer is still the same.
    """
    member = find_by_identifier(session, identifier)
    real = member is not None and member.is_active
    key = throttle.account_key(member_id=member.id if real else None, identifier=identifier)
    allowed = (throttle.within(session, kind=throttle.RESET, now=now, window=RESET_WINDOW,
                               limit=settings.reset_client_limit, client=client)
               and throttle.within(session, kind=throttle.RESET, now=now, window=RESET_WINDOW,
                                   limit=settings.reset_account_limit, account=key))
    throttle.record(session, kind=throttle.RESET, account=key, client=client, now=now, succeeded=allowed,
                    member_id=member.id if real else None)
    if not real or not allowed or not password_allowed(session, member.id, settings):
        return
    issue_reset(session, member=member, now=now, settings=settings,
                lifetime=timedelta(minutes=settings.reset_minutes))
    audit.record(session, actor_id=None, action="password_reset_requested", entity="member", entity_id=member.id)


def _live_reset(session: Session, token: str, now: datetime) -> PasswordReset | None:
    if not token or len(token) > 200:
        return None
    row = session.exec(select(PasswordReset).where(PasswordReset.token_hash == digest(token))).first()
    if row is None or row.used_at is not None or row.expires_at <= now:
        return None
    return row


def reset_is_valid(*, session: Session, token: str, now: datetime) -> bool:
    """Whether the link can still be used (the page says so before asking for a password)."""
    return _live_reset(session, token, now) is not None


def reset_password(*, session: Session, token: str, new_password: str, now: datetime) -> None:
    """Set a new password through a reset link; the link is then spent and every session ends."""
    row = _live_reset(session, token, now)
    if row is None:
        raise Invalid("This reset link has expired or was already used. Ask for a new one.")
    member = session.get(Member, row.member_id)
    check_policy(new_password, identifiers=(member.email, member.username, member.member_number))
    claimed = session.execute(update(PasswordReset).where(PasswordReset.id == row.id,
                                                       PasswordReset.used_at.is_(None)).values(used_at=now))
    if claimed.rowcount != 1:
        raise Invalid("This reset link has expired or was already used. Ask for a new one.")
    member.password_hash = hash_password(new_password)
    _revoke_all_sessions(session, member.id, now)
    _spend_other_resets(session, member.id, now)
    throttle.clear_failures(session, member_id=member.id, now=now)
    audit.record(session, actor_id=member.id, action="password_reset", entity="member", entity_id=member.id)


def change_password(*, session: Session, actor: Actor, current: str, new_password: str,
                    now: datetime, client: str = "", settings: Settings | None = None) -> str | None:
    """Change one's own password; ends every session and returns a handoff code for a fresh one.

    A wrong current password returns None and counts as a failed sign-in, so a
    borrowed session cannot be used to guess the password any faster than the
    login form allows.
    """
    settings = settings or default_settings
    member = session.get(Member, actor.member_id)
    if not password_allowed(session, member.id, settings):
        raise Invalid(f"You sign in with your {settings.society_short_name} account, so CE Tracker keeps no "
                      f"password for you: change it with the {settings.society_short_name}.")
    key = throttle.account_key(member_id=member.id)
    throttle.refuse_if_waiting(session, account=key, client=client, now=now, settings=settings)
    if not verify_password(current, member.password_hash):
        throttle.record(session, kind=throttle.LOGIN, account=key, client=client, now=now, succeeded=False,
                        member_id=member.id)
        return None
    if current == new_password:
        raise Invalid("Choose a password different from your current one.")
    check_policy(new_password, identifiers=(member.email, member.username, member.member_number))
    member.password_hash = hash_password(new_password)
    _revoke_all_sessions(session, member.id, now)
    _spend_other_resets(session, member.id, now)
    audit.record(session, actor_id=member.id, action="password_changed", entity="member", entity_id=member.id)
    return issue_handoff(session=session, member=member, now=now)
