#!/usr/bin/env bash
# One command for every test: installs what is needed (Debian packages), builds, and runs the
# unit, store, HTTP and end-to-end tests through CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
cd "${BUILD_DIR:-build}"
ctest --output-on-failure -j "${JOBS:-2}" --timeout 900
