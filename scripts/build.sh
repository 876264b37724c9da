#!/usr/bin/env bash
# Configures and builds Charter into build/ (Release with debug info, Ninja, ccache).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
# Let ccache reuse objects across clones in other folders (CI builds a fresh clone).
export CCACHE_BASEDIR=$PWD CCACHE_NOHASHDIR=true
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=${BUILD_TYPE:-RelWithDebInfo} >/dev/null
cmake --build "$BUILD_DIR" -j "${JOBS:-$(nproc)}"
# The web assets (GOV.UK Frontend from npm, Charter's css/js) that charter serve serves.
BUILD_DIR="$BUILD_DIR" bash scripts/web-assets.sh
