"""``python -m ce_tracker keygen PATH`` makes the society's signing key, private, never overwritten."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

from ce_tracker.services.credentials import signing

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _keygen(path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ce_tracker", "keygen", str(path)], cwd=ROOT, text=True,
                          capture_output=True)


def test_keygen_writes_a_private_key_and_refuses_to_overwrite_it(tmp_path):
    path = tmp_path / "keys" / "society.pem"
    done = _keygen(path)
    assert done.returncode == 0, done.stderr
    key = signing.load_key(str(path))
    assert signing.did_key(key.public_key()) in done.stdout
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    before = path.read_bytes()
    again = _keygen(path)
    assert again.returncode != 0 and "never overwritten" in again.stderr
    assert path.read_bytes() == before
