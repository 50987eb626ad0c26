#!/usr/bin/env bash
# Durable audited writes against unflushed ones, in one run, with 8 and with 16 writers: workers
# committing reads' audit entries as the server does (BM_ConcurrentReadAudits: handed in
# together, one transaction and one flush for each batch) against workers each committing an
# entry in a transaction of its own with synchronous=NORMAL and no flush
# (BM_ConcurrentAuditAppends/durability:2: how Haven committed before its writes were made
# durable, when a power cut could undo them). Also prints group commit of a transaction per entry
# (durability:0), as Haven's other writes commit.
# Usage: bench/durable_vs_unflushed.sh. Needs a release build (scripts/build.sh release).
set -euo pipefail
cd "$(dirname "$0")/.."
bench=build/release/bench/haven_bench
[ -x "$bench" ] || { echo "build first: scripts/build.sh release" >&2; exit 2; }

rate() {  # items a second of the benchmark named exactly $1
  "$bench" --benchmark_filter="^$1\$" --benchmark_min_time=2 --benchmark_format=json 2>/dev/null |
    sed -n 's/.*"items_per_second": *\([0-9.e+]*\).*/\1/p' | head -1
}
for writers in 8 16; do
  unflushed=$(rate "BM_ConcurrentAuditAppends/durability:2/real_time/threads:$writers")
  shared=$(rate "BM_ConcurrentReadAudits/real_time/threads:$writers")
  grouped=$(rate "BM_ConcurrentAuditAppends/durability:0/real_time/threads:$writers")
  [ -n "$unflushed" ] && [ -n "$shared" ] && [ -n "$grouped" ] || { echo "a measurement failed" >&2; exit 1; }
  awk -v n="$writers" -v u="$unflushed" -v s="$shared" -v g="$grouped" 'BEGIN {
    printf "%d writers\n", n
    printf "  unflushed, a transaction per entry (NORMAL):     %.0f entries/s\n", u
    printf "  durable, reads committed together:               %.0f entries/s (%.2fx unflushed)\n", s, s / u
    printf "  durable, a transaction per entry (group commit): %.0f entries/s (%.2fx unflushed)\n", g, g / u
  }'
done
