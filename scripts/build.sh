#!/usr/bin/env bash
# Configures and builds Haven with the CMake preset named in $1 (default: release).
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-release}"
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset"
