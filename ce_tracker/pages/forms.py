"""Small helpers for the state side of forms: untrusted browser input made safe to pass on."""

from __future__ import annotations

from typing import Any


def text(form: Any, key: str, limit: int = 500) -> str:
    """A form field as a string of at most ``limit`` characters, whatever the browser sent."""
    value = form.get(key, "") if isinstance(form, dict) else ""
    return value[:limit] if isinstance(value, str) else ""
