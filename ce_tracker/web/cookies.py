"""The session cookie: its name, and reading it from a raw Cookie header."""

from __future__ import annotations

from http.cookies import CookieError, SimpleCookie

SESSION_COOKIE = "ce_session"


def token_from_header(cookie_header: str | None) -> str | None:
    """The session token in a raw ``Cookie`` header, if any."""
    if not cookie_header:
        return None
    jar = SimpleCookie()
    try:
        jar.load(cookie_header)
    except CookieError:
        return None
    morsel = jar.get(SESSION_COOKIE)
    return morsel.value if morsel else None
