#!/usr/bin/env bash
# One command for the demo: installs what is needed (Debian packages), builds, makes a demo
# landlord with a year of cases on the embedded SQLite database, and serves it on
# http://127.0.0.1:${PORT:-8080}. Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
exec build/charter demo --db "${DEMO_DB:-charter-demo.db}" --port "${PORT:-8080}" \
  --policy policies/example-000-001.toml "$@"
