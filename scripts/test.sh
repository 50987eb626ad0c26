#!/usr/bin/env bash
# Fresh Debian 12 machine -> every Haven test passed (or a non-zero exit).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh debug
ctest --preset debug
# Benchmarks run in a short mode so a regression that breaks them is caught.
build/debug/bench/haven_bench --benchmark_min_time=0.01 >/dev/null
echo "benchmarks: ran in short mode"
