#!/usr/bin/env bash
# Set up and run every test: rules, services (on SQLite and PostgreSQL), HTTP routes, browser end-to-end,
# scale-out, in parallel worker processes (pytest-xdist, a file per worker at a time, each worker with its own
# databases, ports, app and browser); then every end-to-end flow once more on PostgreSQL + Redis with two
# backend workers (the tests marked scaled_flow). Each run ends with its 25 slowest tests.
#   bash scripts/test.sh                 everything (what CI runs)
#   bash scripts/test.sh [pytest args]   just what you ask for, e.g. tests/rules -q
#   TEST_WORKERS=1 bash scripts/test.sh  one process, as before (default: 3 workers)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh" --test
if [[ $# -gt 0 ]]; then
  exec python -m pytest "$@"
fi
start=$SECONDS
workers="${TEST_WORKERS:-3}"
parallel=(-n "$workers" --dist loadfile)
[[ "$workers" == 1 ]] && parallel=(-p no:xdist)
echo "==> The front end, built once for this run (every test process reuses this build)"
python -m tests.e2e.server
export CE_E2E_PREBUILT=1
status=0
python -m pytest "${parallel[@]}" --durations=25 || status=$?
echo "==> Every end-to-end flow again on the scale-out stack (PostgreSQL, Redis, two backend workers)"
CE_E2E_STACK=scaled python -m pytest tests/e2e -m scaled_flow -n 2 --dist loadfile --durations=10 || status=$?
echo "==> All tests in $(( (SECONDS - start) / 60 )) min $(( (SECONDS - start) % 60 )) s"
exit "$status"
