#!/bin/sh
# Rebuilds echo.wasm from echo.c with Debian's clang and wasi-libc (apt-get install clang lld wasi-libc
# libclang-rt-dev-wasm32). The .wasm is committed so the build and tests need no C toolchain.
set -eu
cd "$(dirname "$0")"
root=../../../../../../../..
clang --target=wasm32-wasi -O2 -mexec-model=reactor -I "$root/include" -Wl,--strip-debug echo.c -o echo.wasm
echo "echo.wasm: $(wc -c < echo.wasm) bytes"
