"""The one place the app reads the clock.

Rules never read it and services take ``now`` as an argument, so tests control time by passing it; only the
outermost layers (a page's event, an HTTP route, the scheduler, the CLI) call ``utcnow()``.
"""

from __future__ import annotations

from datetime import datetime, timezone


def utcnow() -> datetime:
    """The current instant, timezone-aware in UTC (the database stores instants as UTC)."""
    return datetime.now(timezone.utc)
