#!/usr/bin/env bash
# Set up marsad with its test dependencies in .venv (and node_modules) and run the whole test suite.
# Tests that need ../shared (corpus, gazetteers, gold) skip with a reason when it is
# absent; PostgreSQL tests use the local server on 127.0.0.1:5432 (started here when
# it is installed but not running).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e ".[dev]" >/dev/null
# the npm packages (package-lock.json): the web app's map and font, and the data the
# shipped map layers are built from; without npm the tests that need them skip and say why
if command -v npm >/dev/null 2>&1; then
  npm ci --no-audit --no-fund --silent >/dev/null
fi
# Debian's Chromium for the web app's browser tests (never a browser a tool downloads)
if ! command -v chromium >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver) \
    >/dev/null 2>&1 || echo "warning: could not install chromium with apt: the browser tests will skip" >&2
fi
if command -v pg_ctlcluster >/dev/null 2>&1 && ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  for v in /etc/postgresql/*; do
    pg_ctlcluster --skip-systemctl-redirect "$(basename "$v")" main start 2>/dev/null || true
  done
  for _ in $(seq 1 20); do pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null && break; sleep 0.5; done
fi
exec .venv/bin/python -m pytest "$@"
