"""Browser form values made safe to pass on: what the browser sent, bounded, before a service types it."""

from __future__ import annotations

from typing import Any

from ce_tracker.services import inputs


def text(form: Any, key: str, limit: int = 500) -> str:
    """A form field as a string of at most ``limit`` characters, whatever the browser sent."""
    value = form.get(key, "") if isinstance(form, dict) else ""
    return value[:limit] if isinstance(value, str) else ""


browser_int = inputs.browser_int  # a browser-sent id as an int, or None; "²" and "٣" are no number


def first_file(files: Any) -> Any | None:
    """The first uploaded file, or None when the browser (or a forged event) sent anything but files."""
    if isinstance(files, list) and files and callable(getattr(files[0], "read", None)):
        return files[0]
    return None


async def read_upload(file: Any, limit: int) -> bytes | None:
    """An uploaded file's bytes, or None when it is larger than ``limit``.

    Never reads more than ``limit`` + 1 bytes (one over is enough to know), so a huge file costs no memory;
    a size the browser declared over the limit is refused before a byte is read.
    """
    size = getattr(file, "size", None)
    if isinstance(size, int) and size > limit:
        return None
    data = await file.read(limit + 1)
    return None if len(data) > limit else data
