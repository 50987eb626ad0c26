#!/usr/bin/env bash
# Starts Debian's PostgreSQL on loopback (creating its cluster if the package did not) and makes
# sure a `haven` role and a `haven_test` database exist. Prints the connection URI for the tests
# (HAVEN_TEST_POSTGRES) as its only line on standard output; everything else goes to standard
# error. Safe to run again.
set -euo pipefail
exec 3>&1 1>&2
as_root=()
if [ "$(id -u)" -ne 0 ]; then as_root=(sudo); fi
version=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | grep -q "^$version main"; then
  "${as_root[@]}" pg_createcluster "$version" main >/dev/null
fi
if ! pg_lsclusters -h | grep -q "^$version main .* online"; then
  # The server must not hold this script's standard output open, or a caller's $(...) never ends.
  "${as_root[@]}" pg_ctlcluster "$version" main start >&2 3>&-
fi
as_postgres() { "${as_root[@]}" su postgres -s /bin/sh -c "$1"; }
as_postgres "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname = 'haven'\"" | grep -q 1 ||
  as_postgres "psql -qc \"CREATE ROLE haven LOGIN PASSWORD 'haven' CREATEDB\""
as_postgres "psql -qtAc \"SELECT 1 FROM pg_database WHERE datname = 'haven_test'\"" | grep -q 1 ||
  as_postgres "createdb -O haven haven_test"
port=$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { print $3 }')
echo "postgresql://haven:haven@127.0.0.1:${port}/haven_test" >&3
