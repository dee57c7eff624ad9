"""Random tokens handed to browsers, and the hashes we keep of them."""

from __future__ import annotations

import hashlib
import secrets


def new_token() -> str:
    """256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


def digest(token: str) -> str:
    """What the database keeps: a leaked table does not give working tokens."""
    return hashlib.sha256(token.encode()).hexdigest()
