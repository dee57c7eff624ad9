#!/usr/bin/env bash
# The demo of scripts/run.sh with single sign-on: the society's OpenID Provider (the one the tests run,
# tests/oidc: oidc-provider from npm, with the project's Node) on http://127.0.0.1:3001 with demo society
# accounts, and CE Tracker configured for it. The plain demo (scripts/run.sh) needs none of this.
#   bash scripts/run-with-sso.sh   -> http://localhost:3000, "Sign in with your AMI account"
#                                     (society accounts maya, helen, nia, stranger; password ami-demo-2026)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh --sso
PORT="${CE_PORT:-3000}" PROVIDER_PORT="${CE_SSO_PORT:-3001}"
APP_URL="http://localhost:$PORT"
python -m tests.oidc.demo "$PROVIDER_PORT" "$APP_URL" &
provider=$!
trap 'kill "$provider" 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  python -c "import urllib.request as u; u.urlopen('http://127.0.0.1:$PROVIDER_PORT/.well-known/openid-configuration')" \
    2>/dev/null && break
  kill -0 "$provider" 2>/dev/null || { echo "The demo OpenID Provider did not start" >&2; exit 1; }
  sleep 0.2
done
export CE_OIDC_ISSUER="http://127.0.0.1:$PROVIDER_PORT" CE_OIDC_CLIENT_ID=ce-tracker \
       CE_OIDC_CLIENT_SECRET="$(python -c 'from tests.oidc.demo import CLIENT_SECRET; print(CLIENT_SECRET)')" \
       CE_OIDC_SCOPES="openid email profile membership" CE_OIDC_STATUS_CLAIM=membership_status \
       CE_OIDC_CREATE_ACCOUNTS=1 CE_OIDC_CERTIFIED_CLAIM=certified_on
bash scripts/run.sh
