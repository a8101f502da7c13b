#!/bin/sh
# Rebuilds alert.wasm from alert.c with Debian's clang and wasi-libc (apt-get install clang lld wasi-libc
# libclang-rt-dev-wasm32). The .wasm is committed so the build and tests need no C toolchain.
set -eu
cd "$(dirname "$0")"
clang --target=wasm32-wasi -O2 -mexec-model=reactor -I ../../include -Wl,--strip-debug alert.c -o alert.wasm
echo "alert.wasm: $(wc -c < alert.wasm) bytes"
