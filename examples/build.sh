#!/usr/bin/env bash
# Rebuilds the example modules (the .wasm files are committed, so the build and CI need no clang).
# Needs Debian's clang, lld, wasi-libc and libclang-rt-dev-wasm32:
#   apt-get install -y clang lld wasi-libc libclang-rt-dev-wasm32
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
for src in c/*.c; do
    out=${src%.c}.wasm
    clang --target=wasm32-wasi -O2 -Wall -Wextra -Werror -I ../include -Wl,--strip-debug "$src" -o "$out"
    echo "built $out ($(stat -c %s "$out") bytes)"
done
