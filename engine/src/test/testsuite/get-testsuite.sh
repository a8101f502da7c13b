#!/usr/bin/env bash
# get-testsuite.sh [DEST [CHECKOUT]]: builds the WebAssembly spec test suite that the tests read
# (-Dpinion.testsuite, by default ../shared/testsuite beside the checkout), from the official scripts.
#
#   DEST      where to write it; default: ../shared/testsuite beside this checkout, where the build looks
#   CHECKOUT  an existing checkout of https://github.com/WebAssembly/testsuite at the pinned commit; without
#             it, the script clones one (needs git and network)
#
# Layout written: DEST/core/NAME/{NAME.wast, NAME.json, NAME.N.wasm, NAME.N.wat} and the same under
# DEST/proposals/PROPOSAL/NAME/ for the proposals the runner knows. Needs wabt's wast2json: Debian's 1.0.32
# (`apt install wabt`) converts every core script of the pinned commit; newer commits use syntax it cannot read.
set -euo pipefail

commit=3a04b2cf93bd8fce277458d419eea8d9c326345c   # 2022-11-09, spec 1831a388: the Wasm 2.0 feature set
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
dest=${1:-$here/../../../../shared/testsuite}
checkout=${2:-}

command -v wast2json >/dev/null || { echo "get-testsuite: wast2json not found (Debian: apt install wabt)" >&2; exit 1; }
if [[ -z $checkout ]]; then
    checkout=$(mktemp -d)
    trap 'rm -rf "$checkout"' EXIT
    git clone --quiet https://github.com/WebAssembly/testsuite "$checkout"
    git -C "$checkout" checkout --quiet "$commit"
fi
[[ -d $checkout ]] || { echo "get-testsuite: no such checkout: $checkout" >&2; exit 1; }
mkdir -p "$dest"
dest=$(cd "$dest" && pwd)

# convert DIR FLAGS... : every NAME.wast in the checkout's DIR to DEST/DIR/NAME/, converted inside that folder
# so the JSON names its module files without a path, as the runner expects.
convert() {
    local from=$1 to=$2 wast name count=0
    shift 2
    for wast in "$checkout/$from"/*.wast; do
        [[ -e $wast ]] || continue
        name=$(basename "$wast" .wast)
        mkdir -p "$dest/$to/$name"
        cp "$wast" "$dest/$to/$name/"
        (cd "$dest/$to/$name" && wast2json "$@" "$name.wast" -o "$name.json")
        count=$((count + 1))
    done
    echo "get-testsuite: $to: $count scripts"
}

convert . core
for proposal in tail-call:--enable-tail-call extended-const:--enable-extended-const \
                multi-memory:--enable-multi-memory memory64:--enable-memory64 \
                exception-handling:--enable-exceptions threads:--enable-threads; do
    name=${proposal%%:*}
    [[ -d $checkout/proposals/$name ]] && convert "proposals/$name" "proposals/$name" "${proposal#*:}"
done
[[ -f $checkout/LICENSE ]] && cp "$checkout/LICENSE" "$dest/"
echo "get-testsuite: done; run the tests with -Dpinion.testsuite=$dest (the default when it is ../shared/testsuite)"
