"""Password hashing (argon2id through passlib) and the password policy."""

from __future__ import annotations

from passlib.context import CryptContext
from zxcvbn import zxcvbn

from ce_tracker.config import settings
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


GUESS_CHECK_CHARS = 100  # zxcvbn's matching grows fast with length; a longer password is never the weak kind


def check_policy(password: str, *, identifiers: tuple[str, ...] = (), min_score: int | None = None) -> None:
    """Refuse passwords that are too short, too long, the person's own identifiers, or easy to guess.

    "Easy to guess" is zxcvbn's estimate, offline: its own lists of common passwords, names and
    words, keyboard patterns, dates, repeats and l33t spellings, plus the person's identifiers. A score below
    CE_PASSWORD_MIN_SCORE (0-4, default 3: about 10^8 guesses) is refused with zxcvbn's reason.
    """
    if len(password) < MIN_LENGTH:
        raise Invalid(f"Choose a password of at least {MIN_LENGTH} characters.")
    if len(password) > MAX_LENGTH:
        raise Invalid(f"Choose a password of at most {MAX_LENGTH} characters.")
    if password.strip().lower() in {i.lower() for i in identifiers if i}:
        raise Invalid("Your password must not be your email, username or member ID.")
    needed = settings.password_min_score if min_score is None else min_score
    inputs = [part for i in identifiers if i for part in (i, *i.replace("@", " ").replace(".", " ").split())]
    result = zxcvbn(password[:GUESS_CHECK_CHARS], user_inputs=inputs)
    if result["score"] < needed:
        feedback = result["feedback"]
        reason = feedback.get("warning") or "It would be guessed quickly."
        advice = " ".join(feedback.get("suggestions") or ["Add another word or two; uncommon words are better."])
        raise Invalid(f"That password is too easy to guess. {reason.rstrip('.')}. {advice}")


UNUSABLE = "!unusable"
"""Stored for accounts whose owner has not yet chosen a password."""
