"""The society's OpenID Provider for trying single sign-on locally (scripts/run-with-sso.sh): the same
`oidc-provider` the tests run, with society accounts for the demo's people.

    python -m tests.oidc.demo PORT APP_URL      runs until stopped; prints the settings CE Tracker needs

Its keys and files live in data/sso-demo/ (not in git). The accounts, all with the password below:

- ``maya``: Maya Castillo, the demo member: linked by her email on her first sign-in;
- ``helen``: Helen Marsh, whose membership lapsed: let in to see her record (CE_OIDC_LAPSED=allow);
- ``nia``: certified, but unknown to CE Tracker: gets an account (CE_OIDC_CREATE_ACCOUNTS=1);
- ``stranger``: no certification, unknown to CE Tracker: told whom to contact.
"""

from __future__ import annotations

import json
import signal
import sys
from pathlib import Path

from tests.oidc.server import CLIENT_SECRET  # noqa: F401 (scripts/run-with-sso.sh reads it from here)
from tests.oidc.server import CLIENT_ID, Account, OpenIdProvider, client, signing_key

PASSWORD = "ami-demo-2026"
HOME = Path(__file__).resolve().parents[2] / "data" / "sso-demo"


def people() -> list[Account]:
    def person(sub: str, username: str, name: str, email: str, **claims) -> Account:
        return Account(sub, username, PASSWORD, {"name": name, "email": email, "email_verified": True,
                                                 "membership_status": "active", **claims})

    return [person("ami-1001", "maya", "Maya Castillo", "member@demo.test"),
            person("ami-1002", "helen", "Helen Marsh", "helen.marsh@demo.test", membership_status="lapsed"),
            person("ami-1003", "nia", "Nia Newcomer", "nia.newcomer@demo.test", member_number="AMI-1003",
                   certified_on="2025-09-15"),
            person("ami-1004", "stranger", "Sam Stranger", "sam.stranger@demo.test")]


def keys() -> list[dict]:
    """The provider's signing key, made once and kept, so a restart does not invalidate its sessions' tokens."""
    path = HOME / "signing-key.json"
    if not path.exists():
        path.write_text(json.dumps(signing_key("demo-1")))
        path.chmod(0o600)
    return [json.loads(path.read_text())]


def main(port: int, app_url: str) -> None:
    HOME.mkdir(parents=True, exist_ok=True)
    provider = OpenIdProvider(HOME, port=port, society="AMI", accounts=people(), keys=keys(),
                              clients=[client(f"{app_url}/auth/sso/callback", f"{app_url}/auth/sso/signed-out")])
    # The provider runs in its own process group: end it whenever this process is told to stop.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    provider.start()
    print(f"==> The AMI's demo OpenID Provider at {provider.issuer} (client {CLIENT_ID}); society accounts "
          f"maya, helen, nia, stranger, password {PASSWORD}", flush=True)
    try:
        provider.process.wait()
    finally:
        provider.stop()


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit("python -m tests.oidc.demo PORT APP_URL")
    main(int(sys.argv[1]), sys.argv[2])
