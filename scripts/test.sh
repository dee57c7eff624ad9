#!/usr/bin/env bash
# Set up and run every test: rules, services, state handlers, browser end-to-end, scale-out.
#   bash scripts/test.sh [pytest arguments]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh" --test
exec python -m pytest "$@"
