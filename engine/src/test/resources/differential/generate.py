#!/usr/bin/env python3
"""Regenerates the differential-test corpus (DifferentialTest) with binaryen's translate-to-fuzz mode.

Each module is wasm-opt -ttf over seeded pseudo-random bytes, so the corpus is reproducible for a given
binaryen version (the committed one was made with binaryen 108, Debian bookworm). Features are limited to what
Pinion implements: MVP + mutable globals, sign-ext, non-trapping float-to-int, multi-value, bulk memory and
reference types; no SIMD, threads, exceptions, tail calls, GC or memory64.

binaryen 108 does not keep to those flags: with reference types on it often emits typed function references
(non-nullable `ref $t`, byte 0x6b) or anyref subtyping that Wasm 2.0 rejects. Every output is therefore checked
with wabt's wasm-validate (an independent Wasm 2.0 validator): valid modules go to fuzz-NNN.wasm (the
differential corpus) with binaryen's --fuzz-exec-before output beside each as fuzz-NNN.txt (a third
opinion, read by the test), and the first few invalid ones to invalid/ (Pinion must reject them too).

With --simd, the modules also use SIMD (--enable-simd) and reference types are left out (binaryen 108 makes
most reference-typed modules invalid); they go to simd/ (SimdDifferentialTest), with no invalid/ folder.

Usage: python3 generate.py [--simd] [count [out-dir]]   (out-dir defaults to this directory, or simd/ with --simd;
needs wasm-opt and wasm-validate on PATH; the build needs neither)
"""
import os
import random
import shutil
import subprocess
import sys
import tempfile

FEATURES = ["-mvp", "--enable-mutable-globals", "--enable-sign-ext", "--enable-nontrapping-float-to-int",
            "--enable-multivalue", "--enable-bulk-memory", "--enable-reference-types"]

SIMD_FEATURES = ["-mvp", "--enable-mutable-globals", "--enable-sign-ext", "--enable-nontrapping-float-to-int",
                 "--enable-multivalue", "--enable-bulk-memory", "--enable-simd"]

INVALID_KEPT = 30


def write_fuzz_exec(wasm, txt):
    """binaryen's own interpreter as a third opinion: the calls, logs, results and traps of --fuzz-exec-before."""
    run = subprocess.run(["wasm-opt", wasm, *FEATURES, "--fuzz-exec-before"], check=True,
                         capture_output=True, text=True)
    kept = [line for line in (run.stdout + run.stderr).splitlines() if line.startswith(FUZZ_EXEC_LINES)]
    with open(txt, "w") as f:
        f.write("".join(line + "\n" for line in kept))


FUZZ_EXEC_LINES = ("[fuzz-exec] calling ", "[fuzz-exec] note result: ", "[LoggingExternalInterface ", "[trap ",
                   "[host limit")


def main():
    global FEATURES
    args = sys.argv[1:]
    simd = "--simd" in args
    args = [a for a in args if a != "--simd"]
    if simd:
        FEATURES = SIMD_FEATURES
    count = int(args[0]) if len(args) > 0 else 150
    default_dir = os.path.dirname(os.path.abspath(__file__))
    if simd:
        default_dir = os.path.join(default_dir, "simd")
    here = os.path.abspath(args[1]) if len(args) > 1 else default_dir
    os.makedirs(here, exist_ok=True)
    invalid_dir = os.path.join(here, "invalid")
    os.makedirs(invalid_dir, exist_ok=True)
    for folder in (here, invalid_dir):
        for old in os.listdir(folder):
            if old.endswith((".wasm", ".txt")):
                os.remove(os.path.join(folder, old))
    valid = invalid = 0
    seed = 0
    with tempfile.TemporaryDirectory() as tmp:
        seed_file = os.path.join(tmp, "in.dat")
        out = os.path.join(tmp, "out.wasm")
        while valid < count:
            rng = random.Random(seed)
            # A few KB of input keeps each module small (a few KB) but still varied.
            with open(seed_file, "wb") as f:
                f.write(bytes(rng.getrandbits(8) for _ in range(rng.randint(800, 3000))))
            subprocess.run(["wasm-opt", seed_file, "-ttf", *FEATURES, "-o", out], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if subprocess.run(["wasm-validate", out], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL).returncode == 0:
                shutil.copy(out, os.path.join(here, "fuzz-%03d.wasm" % valid))
                write_fuzz_exec(out, os.path.join(here, "fuzz-%03d.txt" % valid))
                valid += 1
            elif invalid < INVALID_KEPT and not simd:
                shutil.copy(out, os.path.join(invalid_dir, "seed-%04d.wasm" % seed))
                invalid += 1
            seed += 1
    if simd:
        os.rmdir(invalid_dir)
    else:
        with open(os.path.join(invalid_dir, "index.txt"), "w") as index:
            index.write("".join(n + "\n" for n in sorted(os.listdir(invalid_dir)) if n.endswith(".wasm")))
    print("%d valid modules from %d seeds" % (valid, seed))


if __name__ == "__main__":
    main()
