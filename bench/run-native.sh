#!/usr/bin/env bash
# Native reference: compiles each workload with gcc -O2 into the small timing driver (src/main/c/driver.c),
# checks its checksum against workloads.csv and writes results/native.csv:
#   name,n,checksum,ns_per_call,calls
# Usage: run-native.sh [MIN_MS_PER_WORKLOAD]   (default 1000)
set -euo pipefail
cd "$(dirname "$0")"
MIN_MS=${1:-1000}
SRC=src/main/c
BUILD=target/native
mkdir -p "$BUILD" results
out=results/native.csv
echo "name,n,checksum,ns_per_call,calls" > "$out.tmp"
tail -n +2 src/main/resources/workloads/workloads.csv | while IFS=, read -r name n expected; do
  gcc -O2 -fno-math-errno -ffp-contract=off -o "$BUILD/$name" "$SRC/driver.c" "$SRC/$name.c" -lm
  line=$("$BUILD/$name" "$name" "$n" "$MIN_MS")
  got=$(echo "$line" | cut -d, -f3)
  if [ "$got" != "$expected" ]; then
    echo "error: native $name gave checksum $got, workloads.csv says $expected (rerun build-workloads.sh?)" >&2
    exit 1
  fi
  echo "$line" >> "$out.tmp"
  echo "$line"
done
mv "$out.tmp" "$out"
