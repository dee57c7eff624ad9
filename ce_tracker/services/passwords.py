"""Password hashing (argon2id through passlib) and the password policy."""

from __future__ import annotations

from passlib.context import CryptContext

from ce_tracker.services.errors import Invalid

_context = CryptContext(schemes=["argon2"], deprecated="auto")
MIN_LENGTH = 10
MAX_LENGTH = 256
# Verified against when an identifier matches nobody, so both paths take as long.
_DUMMY_HASH = _context.hash("not-a-real-password")


def hash_password(password: str) -> str:
    """An argon2id hash of ``password``."""
    return _context.hash(password)


def verify_password(password: str, password_hash: str | None) -> bool:
    """Constant-effort check; an unusable or missing hash never matches."""
    if not password_hash or not password_hash.startswith("$argon2"):
        _context.verify(password, _DUMMY_HASH)
        return False
    return _context.verify(password, password_hash)


def check_policy(password: str, *, identifiers: tuple[str, ...] = ()) -> None:
    """Refuse passwords that are too short, too long, or the person's own identifiers."""
    if len(password) < MIN_LENGTH:
        raise Invalid(f"Choose a password of at least {MIN_LENGTH} characters.")
    if len(password) > MAX_LENGTH:
        raise Invalid(f"Choose a password of at most {MAX_LENGTH} characters.")
    if password.strip().lower() in {i.lower() for i in identifiers if i}:
        raise Invalid("Your password must not be your email, username or member ID.")


UNUSABLE = "!unusable"
"""Stored for accounts whose owner has not yet chosen a password."""
