"""Small helpers for the state side of forms: untrusted browser input made safe to pass on."""

from __future__ import annotations

from typing import Any


def text(form: Any, key: str, limit: int = 500) -> str:
    """A form field as a string of at most ``limit`` characters, whatever the browser sent."""
    value = form.get(key, "") if isinstance(form, dict) else ""
    return value[:limit] if isinstance(value, str) else ""


def browser_int(value: object) -> int | None:
    """A browser-sent id as an int, or None (the service then refuses it)."""
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) < 12:  # not "²"
        return int(value)
    return None
