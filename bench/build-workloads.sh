#!/usr/bin/env bash
# Rebuilds every benchmark module from source and records the native checksums the benchmarks verify against.
#   needs: clang, lld, wasi-libc, libclang-rt-dev-wasm32, gcc, wabt (wat2wasm), python3
#   (Debian: apt-get install -y clang lld wasi-libc libclang-rt-dev-wasm32 wabt)
#   bench/build-workloads.sh             everything
#   bench/build-workloads.sh programs    only the WASI command programs (src/main/c/programs.txt)
# Writes src/main/resources/workloads/*.wasm, src/main/resources/workloads/workloads.csv (name,n,checksum),
# src/main/resources/workloads/simd.csv (the SIMD pairs of simd_workloads.txt),
# src/main/resources/modules/{size}.wasm and hostcall.wasm, src/main/resources/programs/{workload}.wasm and
# programs.csv (name,args,expected output line). The outputs are committed, so a plain Maven build needs none of
# these tools.
set -euo pipefail
cd "$(dirname "$0")"
SRC=src/main/c
OUT=src/main/resources/workloads
MODS=src/main/resources/modules
PROGS=src/main/resources/programs
BUILD=target/native
mkdir -p "$OUT" "$MODS" "$PROGS" "$BUILD"

# Both compilers get the same float rules: no fused multiply-add, no errno from math (so sqrt is one instruction).
WASM_FLAGS=(--target=wasm32-wasi -O2 -fno-math-errno -ffp-contract=off -nostartfiles -Wl,--no-entry -Wl,--strip-debug)
NATIVE_FLAGS=(-O2 -fno-math-errno -ffp-contract=off)

# WASI command programs for the whole-process comparison (process.sh, arm-tiers.sh): each workload compiled on
# its own and linked with program_main.c (separate objects, no LTO: the repeats cannot be folded), plus the line
# it must print, taken from the native build of the same two files.
build_programs() {
  local csv=$PROGS/programs.csv name n repeat expected
  echo "name,args,expected" > "$csv.tmp"
  while read -r name n repeat; do
    [[ -z $name || $name == \#* ]] && continue
    clang --target=wasm32-wasi -O2 -fno-math-errno -ffp-contract=off -c -o "$BUILD/$name.wasm.o" "$SRC/$name.c"
    clang --target=wasm32-wasi -O2 -DWORKLOAD_NAME="\"$name\"" -c -o "$BUILD/${name}_main.wasm.o" "$SRC/program_main.c"
    clang --target=wasm32-wasi -O2 -Wl,--strip-debug -o "$PROGS/$name.wasm" "$BUILD/${name}_main.wasm.o" "$BUILD/$name.wasm.o"
    gcc "${NATIVE_FLAGS[@]}" -DWORKLOAD_NAME="\"$name\"" -o "$BUILD/${name}_program" "$SRC/program_main.c" "$SRC/$name.c" -lm
    expected=$("$BUILD/${name}_program" "$n" "$repeat")
    echo "$name,$n $repeat,$expected" >> "$csv.tmp"
    printf '%-14s %-12s %-40s %6d bytes\n' "$name" "$n $repeat" "$expected" "$(stat -c %s "$PROGS/$name.wasm")"
  done < "$SRC/programs.txt"
  mv "$csv.tmp" "$csv"
}
if [[ ${1:-} == programs ]]; then build_programs; exit 0; fi

csv="$OUT/workloads.csv"
echo "name,n,checksum" > "$csv.tmp"
grep -v '^#' "$SRC/workloads.txt" | while read -r name n; do
  [ -z "$name" ] && continue
  clang "${WASM_FLAGS[@]}" -Wl,--export=run -o "$OUT/$name.wasm" "$SRC/$name.c"
  if wasm-objdump -x -j Import "$OUT/$name.wasm" 2>/dev/null | grep -q ' <- '; then
    echo "error: $name.wasm imports something; workloads must run without WASI" >&2
    exit 1
  fi
  gcc "${NATIVE_FLAGS[@]}" -o "$BUILD/$name" "$SRC/driver.c" "$SRC/$name.c" -lm
  checksum=$("$BUILD/$name" "$name" "$n" 0 | cut -d, -f3)
  echo "$name,$n,$checksum" >> "$csv.tmp"
  printf '%-14s n=%-8s checksum=%-11s %6d bytes\n' "$name" "$n" "$checksum" "$(stat -c %s "$OUT/$name.wasm")"
done
mv "$csv.tmp" "$csv"

# SIMD pairs: the same C source without and with -msimd128 (auto-vectorised), for SimdBenchmark.
csv="$OUT/simd.csv"
echo "name,n,checksum" > "$csv.tmp"
grep -v '^#' "$SRC/simd_workloads.txt" | while read -r name n; do
  [ -z "$name" ] && continue
  clang "${WASM_FLAGS[@]}" -Wl,--export=run -o "$OUT/$name.wasm" "$SRC/$name.c"
  clang "${WASM_FLAGS[@]}" -msimd128 -Wl,--export=run -o "$OUT/${name}_simd.wasm" "$SRC/$name.c"
  gcc "${NATIVE_FLAGS[@]}" -o "$BUILD/$name" "$SRC/driver.c" "$SRC/$name.c" -lm
  checksum=$("$BUILD/$name" "$name" "$n" 0 | cut -d, -f3)
  echo "$name,$n,$checksum" >> "$csv.tmp"
  echo "${name}_simd,$n,$checksum" >> "$csv.tmp"
  simd=$(wasm-objdump -d "$OUT/${name}_simd.wasm" | grep -cE ' (v128|i8x16|i16x8|i32x4|i64x2|f32x4|f64x2)\.' || true)
  printf '%-14s n=%-8s checksum=%-11s %6d bytes, _simd %6d bytes (%d SIMD instructions)\n' "$name" "$n" \
    "$checksum" "$(stat -c %s "$OUT/$name.wasm")" "$(stat -c %s "$OUT/${name}_simd.wasm")" "$simd"
done
mv "$csv.tmp" "$csv"

# Cold-start modules of about 10 KB, 100 KB and 1 MB: generated functions behind one table.
for spec in small:58 medium:620 large:6200; do
  size=${spec%%:*} funcs=${spec##*:}
  python3 "$SRC/gen_sized.py" "$funcs" > "$BUILD/sized_$size.c"
  clang "${WASM_FLAGS[@]}" -Wl,--export=entry -o "$MODS/$size.wasm" "$BUILD/sized_$size.c"
  printf '%-14s %6d functions %8d bytes\n' "$size.wasm" "$funcs" "$(stat -c %s "$MODS/$size.wasm")"
done

wat2wasm -o "$MODS/hostcall.wasm" src/main/wat/hostcall.wat
wat2wasm -o "$MODS/devicecall.wasm" src/main/wat/devicecall.wat
echo "hostcall.wasm  $(stat -c %s "$MODS/hostcall.wasm") bytes"

build_programs
