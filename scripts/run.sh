#!/usr/bin/env bash
# Fresh Debian 12 machine -> Haven running on ./haven.db with a demo centre.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh release
haven=build/release/haven
if [ ! -f haven.db ]; then
  "$haven" demo --db haven.db
fi
exec "$haven" status --db haven.db
