"""The session cookie: its name, and reading it from a raw Cookie header."""

from __future__ import annotations

from http.cookies import CookieError, SimpleCookie

from ce_tracker.config import settings


# Over HTTPS the cookie is Secure and named with the __Host- prefix: browsers then refuse it unless it came from
# this exact host over HTTPS with Path=/ and no Domain, so a sibling subdomain or a plain-HTTP page cannot plant
# or overwrite it (a session-fixation route). Browsers ignore the prefix's rules on plain HTTP, hence the switch.
def session_cookie_name(secure: bool) -> str:
    return "__Host-ce_session" if secure else "ce_session"


SESSION_COOKIE = session_cookie_name(settings.secure_cookies)


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
