#!/usr/bin/env bash
# Installs the web's npm packages (npm ci: exactly package-lock.json) and copies the assets
# `charter serve` serves under /assets into ${BUILD_DIR:-build}/assets: GOV.UK Frontend's css,
# js, fonts and images, and Charter's own web/charter.css and web/charter.js.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
# npm ci again only when package-lock.json changed since the last install.
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
src=node_modules/govuk-frontend/dist/govuk
out="$BUILD_DIR/assets"
mkdir -p "$out"
cp "$src/govuk-frontend.min.css" "$src/govuk-frontend.min.js" "$out/"
cp -r "$src/assets/fonts" "$src/assets/images" "$out/"
cp web/charter.css web/charter.js "$out/"
