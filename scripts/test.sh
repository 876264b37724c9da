#!/usr/bin/env bash
# One command for every test: installs what is needed (Debian packages), builds, and runs the
# unit, store, HTTP and end-to-end tests through CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
ROOT=$(pwd)
cd "${BUILD_DIR:-build}"
# A throw-away PostgreSQL for the both-backends tier (CHARTER_PG_DSN); see with-postgres.sh.
bash "$ROOT/scripts/with-postgres.sh" ctest --output-on-failure -j "${JOBS:-2}" --timeout 900
