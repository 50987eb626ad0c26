#!/usr/bin/env bash
# Installs, from Debian's packages, everything Haven needs to build and run; with --for-tests,
# also what its tests need (Chromium for the browser tests, a PostgreSQL server).
# Safe to run again: apt-get skips what is already installed.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsoci-dev libsqlite3-dev sqlite3 libpq-dev
  libsodium-dev libssl-dev
  libtomlplusplus-dev libcli11-dev libspdlog-dev libfmt-dev
  libhowardhinnant-date-dev tzdata
  libkainjow-mustache-dev liboath-dev libhpdf-dev libqrencode-dev libicu-dev libcurl4-openssl-dev poppler-utils
  libgtest-dev libgmock-dev libbenchmark-dev openssl curl
)

if [ "${1:-}" = "--for-tests" ]; then packages+=(chromium postgresql); fi
as_root=()
if [ "$(id -u)" -ne 0 ]; then as_root=(sudo); fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

# Node.js runs the front-end tooling (npm ci); any installed Node.js with npm will do.
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)

if [ "${#missing[@]}" -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${as_root[@]}" apt-get update -qq
  "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
