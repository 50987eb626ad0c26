#!/usr/bin/env bash
# Throughput of Haven's API under wrk on loopback, in one run:
#   bare:    GET /api/v1/health       (Beast + router, no sign-in, no database)
#   audited: GET /api/v1/families/F0001 as the coordinator (session lookup, a decision per
#            item, decryption of every sealed field, audit entries appended and committed)
# and the ratio between them. Usage: bench/http_bench.sh [seconds per run, default 10]
# Needs a release build (scripts/build.sh release) and wrk (apt-get install wrk).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-10}"
haven=build/release/haven
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 2; }
[ -x "$haven" ] || { echo "build first: scripts/build.sh release" >&2; exit 2; }

work=$(mktemp -d)
port=$((20000 + RANDOM % 20000))
trap 'kill "${server:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
"$haven" demo --db "$work/haven.db" >/dev/null
"$haven" serve --db "$work/haven.db" --listen "127.0.0.1:$port" >/dev/null &
server=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/api/v1/health" >/dev/null && break; sleep 0.1; done

cookie=$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
  -d '{"handle":"coord.amy","password":"haven-demo-password"}' "http://127.0.0.1:$port/api/v1/login" |
  sed -n 's/^[Ss]et-[Cc]ookie: \([^;]*\).*/\1/p')
[ -n "$cookie" ] || { echo "sign-in failed" >&2; exit 1; }

rate() {  # requests per second reported by wrk
  wrk -t1 -c8 -d"${seconds}s" "$@" | awk '/Requests\/sec/ {print $2}'
}
bare=$(rate "http://127.0.0.1:$port/api/v1/health")
audited=$(rate -H "Cookie: $cookie" "http://127.0.0.1:$port/api/v1/families/F0001")
entries=$("$haven" audit verify --db "$work/haven.db" --json)

echo "bare route:          $bare requests/s"
echo "audited family read: $audited requests/s"
awk -v b="$bare" -v a="$audited" 'BEGIN { printf "ratio bare : audited = %.1f : 1\n", b / a }'
echo "audit chain after the run: $entries"
