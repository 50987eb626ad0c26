#!/usr/bin/env bash
# Fresh Debian 12 machine -> every Haven test passed (or a non-zero exit).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --for-tests
npm ci --no-audit --no-fund
scripts/check-layers.sh  # the folders of src/ are layers: fail fast on an upward include or a cycle
scripts/build.sh debug
# Benchmarks run in a short mode first, so a change that breaks them fails the run.
build/debug/bench/haven_bench --benchmark_min_time=0.01 >/dev/null 2>&1
build/debug/bench/haven_latency_bench 50 500 >/dev/null 2>&1
echo "benchmarks: ran in short mode"
# The whole suite runs again against a real PostgreSQL server on loopback (ctest's postgresql_suite).
HAVEN_TEST_POSTGRES="$(scripts/start-postgres.sh)"
export HAVEN_TEST_POSTGRES
ctest --preset debug
