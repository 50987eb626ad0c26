#!/usr/bin/env bash
# Audit verification against the machine's raw SHA-256 rate, in one run: entries verified a
# second, in wall time (BM_AuditVerifyPerEntry: a chain of 1,000 and one of 20,000 entries read
# back, every entry re-hashed and linked, every checkpoint's signature checked) against SHA-256
# hashes a second of 256-byte inputs from `openssl speed` (an entry's hashed input is about that
# size). Verification can go no faster than
# the hashing it does; the ratio says how much of the machine's hashing rate it reaches.
# Usage: bench/verify_vs_sha256.sh. Needs a release build (scripts/build.sh release) and openssl.
set -euo pipefail
cd "$(dirname "$0")/.."
bench=build/release/bench/haven_bench
[ -x "$bench" ] || { echo "build first: scripts/build.sh release" >&2; exit 2; }
command -v openssl >/dev/null || { echo "openssl is not installed (apt-get install openssl)" >&2; exit 2; }

rate() {  # entries a second of BM_AuditVerifyPerEntry on a chain of $1 entries
  "$bench" --benchmark_filter="^BM_AuditVerifyPerEntry/entries:$1/real_time\$" --benchmark_min_time=2 \
    --benchmark_format=json 2>/dev/null | sed -n 's/.*"items_per_second": *\([0-9.e+]*\).*/\1/p' | head -1
}
short=$(rate 1000)
long=$(rate 20000)
# The last line of `openssl speed` is "sha256  <rate at each size>k"; -bytes 256 gives one size.
kbytes=$(openssl speed -seconds 3 -bytes 256 sha256 2>/dev/null | awk '/^sha256/ {sub(/k$/, "", $NF); print $NF}')
[ -n "$short" ] && [ -n "$long" ] && [ -n "$kbytes" ] || { echo "a measurement failed" >&2; exit 1; }
awk -v s="$short" -v l="$long" -v k="$kbytes" 'BEGIN {
  hashes = k * 1000 / 256
  printf "raw SHA-256:                 %.0f hashes/s of 256 bytes (openssl speed)\n", hashes
  printf "audit verify, 1,000 entries:  %.0f entries/s, %.0f%% of the raw hashing rate\n", s, 100 * s / hashes
  printf "audit verify, 20,000 entries: %.0f entries/s, %.0f%% of the raw hashing rate\n", l, 100 * l / hashes
}'
