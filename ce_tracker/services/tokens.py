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


def seal(secret: str, key: str) -> str:
    """``secret`` (a token) hidden under ``key`` (another token), for a row that must not reveal it alone.

    A one-time pad from SHA-512 of the key: a 256-bit random key is used once, so the row without the key
    (which the database keeps only as a hash) says nothing of the secret.
    """
    data = secret.encode()
    if len(data) > 64:
        raise ValueError("a sealed token is at most 64 bytes")
    pad = hashlib.sha512(b"ce-tracker seal\x00" + key.encode()).digest()
    return bytes(a ^ b for a, b in zip(data, pad)).hex()


def unseal(sealed: str, key: str) -> str | None:
    """The token ``seal`` hid under ``key``, or None if the row is not a sealed token."""
    try:
        data = bytes.fromhex(sealed)
    except ValueError:
        return None
    pad = hashlib.sha512(b"ce-tracker seal\x00" + key.encode()).digest()
    try:
        return bytes(a ^ b for a, b in zip(data, pad)).decode("ascii")
    except UnicodeDecodeError:
        return None
