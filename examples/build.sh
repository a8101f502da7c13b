#!/usr/bin/env bash
# Rebuilds the example modules (the .wasm files are committed, so the build and CI need no compiler).
#   C:    Debian's clang, lld, wasi-libc, libclang-rt-dev-wasm32
#         (apt-get install -y clang lld wasi-libc libclang-rt-dev-wasm32)
#   Rust: Debian's rustc and its wasm32-wasi std (apt-get install -y rustc libstd-rust-dev-wasm32); /usr/bin/rustc
#         explicitly, since a rustup toolchain on the PATH would lack that std.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
for src in c/*.c; do
    out=${src%.c}.wasm
    clang --target=wasm32-wasi -O2 -Wall -Wextra -Werror -I ../include -Wl,--strip-debug "$src" -o "$out"
    echo "built $out ($(stat -c %s "$out") bytes)"
done
RUSTC=${RUSTC:-/usr/bin/rustc}
for src in rust/*.rs; do
    out=${src%.rs}.wasm
    "$RUSTC" --edition 2021 --target wasm32-wasi -C opt-level=2 -C strip=debuginfo -o "$out" "$src"
    echo "built $out ($(stat -c %s "$out") bytes)"
done
