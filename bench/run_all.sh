#!/usr/bin/env bash
# Every benchmark with its defaults, one after the other, then docs/benchmarks.md's figures table rewritten from what
# they printed (bench/figures.py). The outputs stay in bench/results/. About 25 minutes on the 2-core machine
# (see bench/README.md); run it on a quiet machine, e.g. through the shared lock:
#   flock /tmp/ce-e2e.lock bash bench/run_all.sh
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$PWD/.venv/bin:$PATH" REFLEX_USE_NPM=1 REFLEX_CHECK_LATEST_VERSION=0 PYTHONUNBUFFERED=1
out=bench/results
mkdir -p "$out"
start=$SECONDS
stamp="$(date -u '+%Y-%m-%d %H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg) as it started"
status=0
run() {  # name, then the command
  local name=$1; shift
  echo "==> $name: $*"
  local t0=$SECONDS
  "$@" 2>&1 | tee "$out/$name.txt"
  local rc=${PIPESTATUS[0]}
  echo "(exit $rc, $((SECONDS - t0)) s)" | tee -a "$out/$name.txt"
  [[ $rc == 0 ]] || status=1
}
run bench_rules python bench/bench_rules.py
run service_writes python bench/service_writes.py
run event_roundtrip python bench/event_roundtrip.py
run protocol_load python bench/protocol_load.py --surge --idle 2000 --scaleout --pin
run faults python bench/faults.py
run round_trips python bench/round_trips.py
run conference_surge python bench/conference_surge.py
run society_scale python bench/society_scale.py
run calendar_feed python bench/calendar_feed.py
run planner python bench/planner.py
echo "one bash bench/run_all.sh, $stamp; took $(( (SECONDS - start) / 60 )) min" > "$out/run_all.txt"
python bench/figures.py
exit $status
