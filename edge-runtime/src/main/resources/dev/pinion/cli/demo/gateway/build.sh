#!/bin/sh
# Rebuilds the gateway demo's modules (pinion demo) from their C sources with Debian's clang and wasi-libc
# (apt-get install clang lld wasi-libc libclang-rt-dev-wasm32). The .wasm files are committed, so building
# Pinion needs no C toolchain.
set -eu
cd "$(dirname "$0")"
include=../../../../../../../../../include
for c in thermometer light_switch status runaway; do
    clang --target=wasm32-wasi -O2 -mexec-model=reactor -I "$include" -Wl,--strip-debug "$c.c" -o "$c.wasm"
    echo "$c.wasm: $(wc -c < "$c.wasm") bytes"
done
cp ../../../../../../../../../examples/alert/alert.wasm alert.wasm
echo "alert.wasm: copied from examples/alert"
