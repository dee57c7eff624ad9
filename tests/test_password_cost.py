"""The tests' process hashes passwords with light argon2 parameters (tests/conftest.py); the app must not."""

import subprocess
import sys

from tests.e2e.server import ROOT


def test_the_app_hashes_with_argon2id_at_full_cost():
    code = "from ce_tracker.services.accounts.passwords import hash_password; print(hash_password('a-long-password'))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert out.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
