#!/usr/bin/env bash
# Configures and builds Haven with the CMake preset named in $1 (default: release).
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-release}"
# GOV.UK Frontend (the web pages' styles and scripts) and Sass come from npm.
[ -d node_modules/govuk-frontend ] || npm ci --no-audit --no-fund
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset"
