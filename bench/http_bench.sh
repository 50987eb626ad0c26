#!/usr/bin/env bash
# Throughput of Haven's API under wrk on loopback, in one run:
#   bare:    GET /api/v1/health       (Beast + router, no sign-in, no database)
#   audited: GET /api/v1/families/F0001 as the coordinator (session lookup, a decision per
#            item, decryption of every sealed field, audit entries appended and committed)
#   write:   POST /api/v1/families as the coordinator (a decision, a new family key, the row,
#            the audit entry, one committed transaction under the write lock)
# and the ratios between them.
# Usage: bench/http_bench.sh [seconds per run, default 10] [postgresql://... URI]
# HAVEN_BENCH_SERVE_ARGS adds options to `haven serve` (say "--workers 4").
# HAVEN_BENCH_PROCESSES=N (default 1) runs N `haven serve` processes on the one database, each
# driven by its own wrk at the same time, and reports the sum: how the service scales out.
# With a URI the records database is a fresh schema (haven_bench) on that PostgreSQL server;
# without, a fresh SQLite file. Needs a release build (scripts/build.sh release), wrk and, for
# PostgreSQL, psql.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-10}"
postgres="${2:-}"
haven=build/release/haven
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 2; }
[ -x "$haven" ] || { echo "build first: scripts/build.sh release" >&2; exit 2; }

processes="${HAVEN_BENCH_PROCESSES:-1}"
work=$(mktemp -d)
port=$((20000 + RANDOM % 20000))
servers=()
trap 'kill "${servers[@]}" 2>/dev/null || true; rm -rf "$work"' EXIT
if [ -n "$postgres" ]; then
  psql -q "$postgres" -c "SET client_min_messages = warning; DROP SCHEMA IF EXISTS haven_bench CASCADE; CREATE SCHEMA haven_bench"
  separator='?'; [[ "$postgres" == *\?* ]] && separator='&'
  export HAVEN_DB="$postgres${separator}options=-csearch_path%3Dhaven_bench"
  backend="PostgreSQL"
else
  export HAVEN_DB="$work/haven.db"
  backend="SQLite"
fi
export HAVEN_KEYS="$work/haven.keys" HAVEN_MASTER_KEY="$work/haven.master"
"$haven" demo >/dev/null
ports=()
for i in $(seq 0 $((processes - 1))); do
  ports+=($((port + i)))
  # shellcheck disable=SC2086 # HAVEN_BENCH_SERVE_ARGS is split into words on purpose
  "$haven" serve --listen "127.0.0.1:$((port + i))" ${HAVEN_BENCH_SERVE_ARGS:-} >/dev/null &
  servers+=($!)
  for _ in $(seq 50); do curl -sf "http://127.0.0.1:$((port + i))/api/v1/health" >/dev/null && break; sleep 0.1; done
done

login=$(curl -s -D "$work/headers" -H 'Content-Type: application/json' \
  -d '{"handle":"coord.amy","password":"haven-demo-password"}' "http://127.0.0.1:$port/api/v1/login")
HAVEN_COOKIE=$(sed -n 's/^[Ss]et-[Cc]ookie: \([^;]*\).*/\1/p' "$work/headers")
HAVEN_CSRF=$(echo "$login" | sed -n 's/.*"csrf_token":"\([^"]*\)".*/\1/p')
export HAVEN_COOKIE HAVEN_CSRF
[ -n "$HAVEN_COOKIE" ] && [ -n "$HAVEN_CSRF" ] || { echo "sign-in failed" >&2; exit 1; }

rate() {  # requests per second reported by wrk, summed over one wrk per process: rate PATH [wrk options]
  local path=$1
  shift
  for p in "${ports[@]}"; do
    wrk -t1 -c8 -d"${seconds}s" "$@" "http://127.0.0.1:$p$path" | awk '/Requests\/sec/ {print $2}' &
  done | awk '{ sum += $1 } END { printf "%.0f", sum }'
}
bare=$(rate /api/v1/health)
audited=$(rate /api/v1/families/F0001 -H "Cookie: $HAVEN_COOKIE")
write=$(rate /api/v1/families -s bench/post_family.lua)
entries=$("$haven" audit verify --json)

echo "backend:             $backend, $processes haven serve process(es)"
echo "bare route:          $bare requests/s"
echo "audited family read: $audited requests/s"
echo "family created:      $write requests/s"
awk -v b="$bare" -v a="$audited" -v w="$write" \
  'BEGIN { printf "ratios bare : audited read : write = %.1f : %.1f : 1\n", b / w, a / w
           printf "bare route : audited read = %.1f : 1\n", b / a }'
echo "audit chain after the run: $entries"
