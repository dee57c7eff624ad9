"""Find a Chromium for Playwright: its own build where installed, else Debian's; and which device a test runs on."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

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


def one_device(name: str):
    """Run a test on one of the two devices (``"desktop"`` or ``"phone"``) instead of both (tests/e2e/conftest.py).

    For tests whose steps and checks are about what the server does (a crash, its log, a file's signature, a
    feed, an import) and whose pages do nothing of their own on the other device: the second run only repeated
    them. Every page they pass through is still checked at both widths by the every-page sweeps (R000-19).
    """
    return pytest.mark.parametrize("device", [name], indirect=True)
