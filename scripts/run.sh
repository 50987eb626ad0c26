#!/usr/bin/env bash
# Fresh Debian 12 machine -> Haven serving ./haven.db (a demo centre) on http://127.0.0.1:8080.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh release
haven=build/release/haven
if [ ! -f haven.db ]; then
  "$haven" demo --db haven.db
fi
"$haven" status --db haven.db
exec "$haven" serve --db haven.db --listen "${HAVEN_LISTEN:-127.0.0.1:8080}"
