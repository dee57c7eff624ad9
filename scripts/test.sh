#!/usr/bin/env bash
# Set up and run every test: rules, services (on SQLite and PostgreSQL), HTTP routes, browser end-to-end,
# scale-out; then the end-to-end suite once more on PostgreSQL + Redis with two backend workers.
#   bash scripts/test.sh                 everything (what CI runs)
#   bash scripts/test.sh [pytest args]   just what you ask for, e.g. tests/rules -q
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh" --test
if [[ $# -gt 0 ]]; then
  exec python -m pytest "$@"
fi
python -m pytest
echo "==> The end-to-end suite again on the scale-out stack (PostgreSQL, Redis, two backend workers)"
CE_E2E_STACK=scaled python -m pytest tests/e2e
