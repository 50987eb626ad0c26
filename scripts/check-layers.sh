#!/usr/bin/env bash
# The folders of src/ are layers: each folder's CMakeLists.txt names the folders it builds on
# (haven_library(NAME DEPENDS ...)). This fails when a source file includes a header from a
# folder its own folder does not name, or when the named folders form a cycle. CI runs it.
set -euo pipefail
cd "$(dirname "$0")/../src"
status=0
edges=$(mktemp)
trap 'rm -f "$edges"' EXIT
for dir in */; do
  folder=${dir%/}
  [ -f "$folder/CMakeLists.txt" ] || continue
  # The DEPENDS list: the words after DEPENDS up to the next keyword or the closing parenthesis.
  declared=$(tr '\n' ' ' < "$folder/CMakeLists.txt" |
    sed -nE "s/.*haven_library\($folder DEPENDS([^)]*)\).*/\1/p" |
    sed -E 's/(PUBLIC_LIBS|PRIVATE_LIBS|EXTRA_SOURCES).*//')
  for dep in $declared; do echo "$dep $folder" >> "$edges"; done
  echo "$folder $folder" >> "$edges"
  used=$(grep -rhoE '^#include "[a-z_]+/' "$folder" --include='*.cpp' --include='*.hpp' |
    sed -E 's/#include "([a-z_]+)\//\1/' | sort -u)
  for dep in $used; do
    [ "$dep" = "$folder" ] && continue
    [ -d "$dep" ] || continue
    if ! grep -qw -- "$dep" <<< "$declared"; then
      echo "src/$folder includes src/$dep, which src/$folder/CMakeLists.txt does not name in DEPENDS:" >&2
      grep -rlE "^#include \"$dep/" "$folder" --include='*.cpp' --include='*.hpp' | sed 's|^|  src/|' >&2
      status=1
    fi
  done
done
# The database library is the store's own: nothing above it names SOCI.
if grep -rlE '^#include (<soci/|"store/(statements|connection)\.hpp")' . --include='*.cpp' --include='*.hpp' |
    grep -v '^\./store/' >&2; then
  echo "the files above include SOCI, which only src/store may use (run queries with store/rows.hpp)" >&2
  status=1
fi
if ! order=$(tsort "$edges" 2>&1); then
  echo "the folders of src/ depend on each other in a cycle:" >&2
  echo "$order" | grep -i loop -A50 >&2 || true
  status=1
fi
[ "$status" -eq 0 ] && echo "layers: $(tsort "$edges" | tr '\n' ' ')"
exit "$status"
