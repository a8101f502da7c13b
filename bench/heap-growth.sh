#!/usr/bin/env bash
# What growing linear memory costs a whole `pinion run`: src/main/c/heap_growth.c mallocs 1 MiB blocks up to
# N MiB (default 256), which makes dlmalloc call memory.grow at almost every step. Prints wall and CPU time, the
# peak RSS of the process, the guest's final linear memory and the ratio of the two. With `touch` the guest
# writes every byte it allocates (by default only both ends of each block), so all of its memory is resident.
#   bench/heap-growth.sh [N_MIB [touch]]
# heap_growth.wasm is committed; rebuild: clang --target=wasm32-wasi -O2 -g0 -Wl,--strip-debug
#   -o src/main/resources/programs/heap_growth.wasm src/main/c/heap_growth.c
set -euo pipefail
cd "$(dirname "$0")"
n=${1:-256}
touch=${2:-}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
/usr/bin/time -f '%e %U %S %M' -o "$out" ../pinion run src/main/resources/programs/heap_growth.wasm "$n" $touch | tee "$out.guest"
read -r wall user sys rss_kib < "$out"
mem_mib=$(sed -n 's/.*linear memory \([0-9]*\) MiB.*/\1/p' "$out.guest")
rm -f "$out.guest"
awk -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss_kib" -v m="$mem_mib" 'BEGIN {
    printf "wall %.2f s (user %.2f s, sys %.2f s); peak RSS %d MiB; linear memory %d MiB; RSS / memory %.2f\n",
        w, u, s, r / 1024, m, (r / 1024) / m }'
