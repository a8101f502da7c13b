#!/bin/sh
# Rebuilds the committed CLI test modules that have a source here, so the Maven build needs no compiler.
# Needs wabt, and Debian's clang, lld and wasi-libc. Run from anywhere: sh .../cli/modules/build.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
wat2wasm --no-check "$here/type-mismatch.wat" -o "$here/type-mismatch.wasm"
wat2wasm "$here/runaway.wat" -o "$here/runaway.wasm"
clang --target=wasm32-wasi -O2 -g0 -Wall -Wl,--strip-debug -o "$here/environ.wasm" "$here/environ.c"
