#!/usr/bin/env bash
# Set up and run every test: rules, services (on SQLite and PostgreSQL), HTTP routes, browser end-to-end,
# scale-out, in parallel worker processes (pytest-xdist, a file per worker at a time, each worker with its own
# databases, ports, app and browser); beside them, in one more process, every end-to-end flow once more on
# PostgreSQL + Redis with two backend workers (the tests marked scaled_flow; its report follows the others').
# Each run ends with its 25 slowest tests.
#   bash scripts/test.sh                 everything (what CI runs)
#   bash scripts/test.sh [pytest args]   just what you ask for, e.g. tests/rules -q
#   TEST_WORKERS=1 bash scripts/test.sh  one process, as before (default: 4 workers)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh" --test
if [[ $# -gt 0 ]]; then
  exec python -m pytest "$@"
fi
start=$SECONDS
workers="${TEST_WORKERS:-4}"
parallel=(-n "$workers" --dist loadfile)
[[ "$workers" == 1 ]] && parallel=(-p no:xdist)
echo "==> The front end, built once for this run (every test process reuses this build)"
python -m tests.e2e.server
export CE_E2E_PREBUILT=1
status=0 scaled_status=0
scaled_run() { CE_E2E_STACK=scaled python -m pytest tests/e2e -m scaled_flow -n 1 --durations=10; }
scaled_title="==> Every end-to-end flow again on the scale-out stack (PostgreSQL, Redis, two backend workers)"
if [[ "$workers" == 1 ]]; then  # one process rewrites the shared build in place: nothing may copy it meanwhile
  python -m pytest "${parallel[@]}" --durations=25 || status=$?
  echo "$scaled_title"
  scaled_run || status=$?
else
  # The scale-out run beside the main one, in one more process (xdist's, so it copies the shared build), fills
  # the cores while the main run's workers wait on their browsers and apps.
  scaled_log="$(mktemp)"
  scaled_run >"$scaled_log" 2>&1 &
  scaled=$!
  trap 'kill "$scaled" 2>/dev/null || true' EXIT
  python -m pytest "${parallel[@]}" --durations=25 || status=$?
  wait "$scaled" || scaled_status=$?
  echo "$scaled_title"
  cat "$scaled_log" && rm -f "$scaled_log"
  [[ $scaled_status == 0 ]] || status=$scaled_status
fi
echo "==> All tests in $(( (SECONDS - start) / 60 )) min $(( (SECONDS - start) % 60 )) s"
exit "$status"
