#!/usr/bin/env bash
# Set up, migrate, add demo data to an empty database, and run CE Tracker on one port.
#   bash scripts/run.sh            -> http://localhost:3000 (CE_PORT to change)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
PORT="${CE_PORT:-3000}"
export CE_PUBLIC_URL="${CE_PUBLIC_URL:-http://localhost:$PORT}" CE_API_URL="${CE_API_URL:-http://localhost:$PORT}"
# The credential signing key, outside the database (data/ is not in git); made once.
export CE_SIGNING_KEY_FILE="${CE_SIGNING_KEY_FILE:-$PWD/data/signing-key.pem}"
[ -f "$CE_SIGNING_KEY_FILE" ] || python -m ce_tracker keygen "$CE_SIGNING_KEY_FILE"
python -m ce_tracker migrate
python -m ce_tracker demo
echo "==> CE Tracker at $CE_PUBLIC_URL  (member@demo.test / demo-pass-2026)"
exec reflex run --env prod --single-port --frontend-port "$PORT" --backend-port "$PORT" --backend-host 127.0.0.1
