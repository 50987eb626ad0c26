#!/usr/bin/env bash
# Runs a test command (the GoogleTest suite, a browser test) with every workspace on the
# PostgreSQL server named by HAVEN_TEST_POSTGRES (scripts/start-postgres.sh prints one);
# skipped (77) when none is named.
set -euo pipefail
if [ -z "${HAVEN_TEST_POSTGRES:-}" ]; then
  echo "HAVEN_TEST_POSTGRES is not set: no PostgreSQL server to run the suite against"
  exit 77
fi
exec "$@"
