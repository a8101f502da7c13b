#!/bin/sh
# Rebuilds the committed test modules and their native golden outputs, so the Maven build needs no compiler.
# Needs Debian's clang, lld, wasi-libc and libclang-rt-dev-wasm32 (apt-get install -y clang lld wasi-libc
# libclang-rt-dev-wasm32) and gcc. Run from anywhere: sh wasi-iot/src/test/c/build.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out="$here/../resources/wasm"
mkdir -p "$out"
for src in hello args_env files clocks_random stdin_stats exit_code trap sandbox sleep; do
    clang --target=wasm32-wasi -O2 -g0 -Wall -o "$out/$src.wasm" "$here/$src.c"
done
clang --target=wasm32-wasi -O2 -mexec-model=reactor -Wall -o "$out/reactor.wasm" "$here/reactor.c"
# Every SIMD instruction through clang's intrinsics; its golden output is V8's (Node 20), not a native build.
clang --target=wasm32-wasi -O1 -msimd128 -Wall -Wl,--strip-debug -o "$out/simd_ops.wasm" "$here/simd_ops.c"
node --no-warnings "$here/run-v8.mjs" "$out/simd_ops.wasm" > "$out/simd_ops.v8.txt"

# Rust std on WASI, with Debian's rustc and its wasm32-wasi std (apt-get install -y rustc libstd-rust-dev-wasm32;
# /usr/bin/rustc explicitly, a rustup toolchain on the PATH would lack that std).
RUSTC=${RUSTC:-/usr/bin/rustc}
"$RUSTC" --target wasm32-wasi -C opt-level=2 -C strip=debuginfo -o "$out/std_tour.wasm" "$here/../rust/std_tour.rs"

# Golden outputs from the same C compiled natively: what a POSIX system prints.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for src in hello args_env files clocks_random stdin_stats; do gcc -O2 -o "$tmp/$src" "$here/$src.c"; done
"$tmp/hello" > "$out/hello.native.txt"
PINION_A=1 PINION_B='two words' "$tmp/args_env" -x --flag 'with space' > "$out/args_env.native.txt"
mkdir "$tmp/base" && "$tmp/files" "$tmp/base" > "$out/files.native.txt"
"$tmp/clocks_random" > "$out/clocks_random.native.txt"
printf 'one\ntwo words\nthree' | "$tmp/stdin_stats" > "$out/stdin_stats.native.txt"
"$RUSTC" -O -o "$tmp/std_tour" "$here/../rust/std_tour.rs"
mkdir "$tmp/tour" && printf 'ab\ncd' | TOUR_X=1 TOUR_Y='y y' "$tmp/std_tour" "$tmp/tour" 7 > "$out/std_tour.native.txt" || test $? = 7
