"""People, their roles, and how they prove who they are."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, Column, Index, UniqueConstraint, false, func
from sqlmodel import Field, SQLModel

from ce_tracker.clock import utcnow
from ce_tracker.models.types import UTCDateTime


class Role(str, enum.Enum):
    """What a person may do; one person may hold several."""

    MEMBER = "member"
    REVIEWER = "reviewer"
    STAFF = "staff"
    BOARD = "board"


class Member(SQLModel, table=True):
    """A person with an account: a certified member, a reviewer or staff."""

    id: int | None = Field(default=None, primary_key=True)
    member_number: str = Field(unique=True, index=True, max_length=20)
    username: str = Field(unique=True, index=True, max_length=60)
    email: str = Field(unique=True, index=True, max_length=254)
    full_name: str = Field(max_length=120)
    password_hash: str = Field(max_length=255)
    is_active: bool = True
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))


# Sign-in looks a person up by email, member ID or username in any case (``accounts.find_by_identifier``):
# without these, every sign-in read every member.
SIGN_IN_INDEXES = tuple(Index(f"ix_member_lower_{name}", func.lower(getattr(Member, name)))
                        for name in ("email", "username", "member_number"))


class RoleGrant(SQLModel, table=True):
    """One role held by one person."""

    __table_args__ = (UniqueConstraint("member_id", "role"),)

    id: int | None = Field(default=None, primary_key=True)
    member_id: int = Field(foreign_key="member.id", index=True)
    role: Role


class LoginSession(SQLModel, table=True):
    """A browser's signed-in session; only the token's hash is kept."""

    id: int | None = Field(default=None, primary_key=True)
    member_id: int = Field(foreign_key="member.id", index=True)
    token_hash: str = Field(unique=True, max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    expires_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    revoked_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))
    # Opened by a sign-in with the society's account: signing out then ends the provider's session too.
    sso: bool = Field(default=False, sa_column=Column(Boolean, nullable=False, default=False, server_default=false()))


class LoginHandoff(SQLModel, table=True):
    """A one-use, short-lived code that turns a checked password into a session cookie.

    The websocket cannot set an HttpOnly cookie, so the login handler issues this
    code and the browser exchanges it at an HTTP route that sets the cookie.
    """

    id: int | None = Field(default=None, primary_key=True)
    member_id: int = Field(foreign_key="member.id")
    code_hash: str = Field(unique=True, max_length=64)
    expires_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    used_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))
    # The session the sign-in opened, sealed under the code (services/tokens.seal); wiped when the code is used.
    session_seal: str | None = Field(default=None, max_length=128)


class LoginAttempt(SQLModel, table=True):
    """Each guess worth slowing down: a password check, a reset request, a certificate check.

    ``kind`` says which; ``account_key`` names the account guessed at (``m<id>`` for a real account, a hash of
    the identifier typed for an unknown one, so both are throttled alike and answer alike); ``client`` is a hash
    of the client's address (the address itself is not kept). ``member_id`` is set for real accounts only.
    """

    id: int | None = Field(default=None, primary_key=True)
    member_id: int | None = Field(default=None, foreign_key="member.id", index=True)
    kind: str = Field(default="login", max_length=12)
    account_key: str = Field(default="", max_length=40, index=True)
    client: str = Field(default="", max_length=40, index=True)
    at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False, index=True))
    succeeded: bool


class PasswordReset(SQLModel, table=True):
    """A single-use, expiring reset link; only the token's hash is kept."""

    id: int | None = Field(default=None, primary_key=True)
    member_id: int = Field(foreign_key="member.id", index=True)
    token_hash: str = Field(unique=True, max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    expires_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    used_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))


class OidcLink(SQLModel, table=True):
    """A person's account at the society's OpenID Provider, linked to their CE Tracker account (R000-27).

    The provider's subject identifier is what counts once linked: the email or member number it sends may
    change, the subject does not. One subject per member and one member per subject, at each issuer.
    """

    __table_args__ = (UniqueConstraint("issuer", "subject"), UniqueConstraint("issuer", "member_id"))

    id: int | None = Field(default=None, primary_key=True)
    issuer: str = Field(max_length=255)
    subject: str = Field(max_length=255)
    member_id: int = Field(foreign_key="member.id", index=True)
    linked_by: str = Field(max_length=20)  # "member_number", "email" or "new_account": how the first sign-in matched
    linked_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    last_sign_in_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))


class OidcRequest(SQLModel, table=True):
    """One sign-in sent to the society's provider and not yet back: what its answer must match.

    ``state`` is kept as a hash and is claimed once; ``browser_hash`` ties it to the browser that started it
    (a short-lived HttpOnly cookie), so an answer carried to another browser is refused. The nonce and the PKCE
    verifier are needed in clear when the answer comes; the verifier is wiped once used.
    """

    id: int | None = Field(default=None, primary_key=True)
    state_hash: str = Field(unique=True, max_length=64)
    browser_hash: str = Field(max_length=64)
    nonce: str = Field(max_length=64)
    code_verifier: str = Field(max_length=128)
    next_path: str = Field(max_length=300)
    created_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False, index=True))
    expires_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    used_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))
