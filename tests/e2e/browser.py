"""Find a Chromium for Playwright: its own build where installed, else Debian's."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]


def chromium_path(playwright) -> str | None:
    """Playwright's Chromium if it was downloaded, else the system one (None: use Playwright's default)."""
    try:
        own = Path(playwright.chromium.executable_path)
        if own.exists():
            return None
    except Exception:  # noqa: BLE001 - Playwright raises when its browser is absent
        pass
    for candidate in (os.environ.get("CE_CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and Path(candidate).exists():
            return candidate
    raise RuntimeError("No Chromium found: run `bash scripts/test.sh` (it installs one) or set CE_CHROMIUM.")
