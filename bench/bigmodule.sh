#!/usr/bin/env bash
# A real 10 MB+ module reaching its first output: YoWASP's Yosys (the Verilog synthesis suite built for WASI
# preview1; its core module is ~30 MB of Wasm, 34,000 functions), from npm. For each command and runner: the
# time from process start to the first byte on stdout, and to exit, median of RUNS runs; then one run per
# Pinion tier of the prep command with -XX:NativeMemoryTracking=summary: Metaspace and classes at exit.
#
#   bench/bigmodule.sh [-n RUNS] [-r RUNNER,...] [--chicory] [--cache DIR]
#   -n RUNS     runs per runner and command (default 3)
#   -r RUNNERS  the timed runners (default pinion-interp,pinion-tiered,pinion-compiled): more runs of the two
#               that take seconds, without the compiled tier's half minute per run
#   --chicory   also Chicory 1.7.5's compiler (dev.pinion.bench.ChicoryRun; minutes for this module) and
#               Chicory's interpreter, once each, `yosys -V` only
#   --cache DIR where the npm package is kept (default $PINION_BENCH_CACHE or /var/tmp/pinion-bench-cache)
#
# Commands: `yosys -V` (prints its version: load, instantiate, libc and Yosys start-up, one line) and
# `yosys -p 'read_verilog counter.v; prep -top counter; stat'` (a small elaboration and optimisation run (prep) of
# src/main/verilog/counter.v, preopened with --dir). Runners: ./pinion run --tier interp|tiered|compiled.
# The package (@yowasp/yosys, pinned below) is fetched with `npm pack` into the cache, never committed; without
# npm or network the script says so in one line and exits 0. Writes results/bigmodule/{bigmodule.csv,nmt.csv,
# bigmodule.md} and the bigmodule section of bench/README.md.
set -euo pipefail
cd "$(dirname "$0")"
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA=$JAVA_HOME/bin/java
package=@yowasp/yosys@0.55.944
runs=3 chicory='' cache=${PINION_BENCH_CACHE:-/var/tmp/pinion-bench-cache}
runners=(pinion-interp pinion-tiered pinion-compiled)
while (($#)); do
    case $1 in
        -n) runs=$2; shift 2 ;;
        -r) IFS=, read -r -a runners <<<"$2"; shift 2 ;;
        --chicory) chicory=1; shift ;;
        --cache) cache=$2; shift 2 ;;
        -h | --help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "bigmodule.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done

dir=$cache/yosys
wasm=$dir/package/gen/yosys.core.wasm
if [[ ! -f $wasm ]]; then
    command -v npm >/dev/null || { echo "bigmodule.sh: skipped: no npm to fetch $package"; exit 0; }
    mkdir -p "$dir"
    if ! (cd "$dir" && npm pack --silent "$package" >/dev/null 2>&1); then
        echo "bigmodule.sh: skipped: npm pack $package failed (offline?)"; exit 0
    fi
    tar -C "$dir" -xzf "$dir"/yowasp-yosys-*.tgz package/gen/yosys.core.wasm package/package.json
fi
echo "== $package: $(stat -c %s "$wasm") bytes of Wasm; load average $(cut -d' ' -f1-3 /proc/loadavg)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp src/main/verilog/counter.v "$work/"

chicory_cp="target/chicory-cli/*:target/classes"
run_cmd() { # RUNNER COMMAND -> array cmd
    local runner=$1 what=$2
    local -a yargs
    if [[ $what == version ]]; then yargs=(-V); else yargs=(-p "read_verilog /work/counter.v; prep -top counter; stat"); fi
    case $runner in
        pinion-*) cmd=(../pinion run --tier "${runner#pinion-}" --dir "$work::/work" "$wasm" "${yargs[@]}") ;;
        chicory-compiler) cmd=("$JAVA" -XX:+UseSerialGC -XX:-UsePerfData -XX:CICompilerCount=3 -cp "$chicory_cp" dev.pinion.bench.ChicoryRun --dir "$work::/work" "$wasm" "${yargs[@]}") ;;
        chicory-interpreter) cmd=("$JAVA" -XX:+UseSerialGC -XX:-UsePerfData -XX:CICompilerCount=3 -cp "$chicory_cp" dev.pinion.bench.ChicoryRun --interpreter --dir "$work::/work" "$wasm" "${yargs[@]}") ;;
    esac
}

# Starts the command, prints "MS_TO_FIRST_BYTE MS_TO_EXIT EXIT_CODE" and leaves its stdout in $work/out.
first_byte() {
    python3 - "$work/out" "$@" <<'EOF'
import subprocess, sys, time
out = open(sys.argv[1], "wb")
t0 = time.monotonic()
p = subprocess.Popen(sys.argv[2:], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
first = p.stdout.read(1)
t1 = time.monotonic()
out.write(first + p.stdout.read())
out.close()   # before the line below: the caller reads the file as soon as it has that line
rc = p.wait()
t2 = time.monotonic()
print(f"{(t1 - t0) * 1000:.0f} {(t2 - t0) * 1000:.0f} {rc}")
EOF
}

../pinion run --tier interp "$wasm" -V >/dev/null   # builds the CLI / records its AOT cache if needed; not timed
mkdir -p results/bigmodule
csv=results/bigmodule/bigmodule.csv
echo "command,runner,run,first_byte_ms,exit_ms" >"$csv"
measure() { # WHAT RUNNER RUN
    run_cmd "$2" "$1"
    read -r fb total rc < <(first_byte "${cmd[@]}")
    if [[ $rc != 0 ]] || { [[ $1 == version ]] && ! grep -q '^Yosys ' "$work/out"; } ||
        { [[ $1 == prep ]] && ! grep -q 'Number of cells' "$work/out"; }; then
        echo "bigmodule.sh: $2 $1 failed (exit $rc):" >&2; head -5 "$work/out" >&2; exit 1
    fi
    echo "$1,$2,$3,$fb,$total" >>"$csv"
    printf '   %-8s %-20s run %d: first byte %7d ms, exit %7d ms\n' "$1" "$2" "$3" "$fb" "$total"
}
for ((run = 1; run <= runs; run++)); do
    for what in version prep; do
        for runner in "${runners[@]}"; do measure "$what" "$runner" "$run"; done
    done
done
if [[ -n $chicory ]]; then
    [[ -d target/chicory-cli ]] || { echo "bigmodule.sh: bench is not built (./mvnw -B -pl bench -am package -DskipTests)" >&2; exit 1; }
    measure version chicory-compiler 1
    measure version chicory-interpreter 1
fi

echo "== Metaspace and classes at exit (NMT), the prep command"
nmt=results/bigmodule/nmt.csv
echo "runner,classes,metaspace_committed_kib,class_space_committed_kib,peak_rss_kib" >"$nmt"
for tier in interp tiered compiled; do
    run_cmd "pinion-$tier" prep
    PINION_JAVA_OPTS="-XX:NativeMemoryTracking=summary -XX:+UnlockDiagnosticVMOptions -XX:+PrintNMTStatistics" \
        /usr/bin/time -f %M -o "$work/rss" "${cmd[@]}" >"$work/nmt" 2>&1
    python3 - "$work/nmt" "$tier" "$(cat "$work/rss")" >>"$nmt" <<'EOF'
import re, sys
text = open(sys.argv[1]).read()
classes = re.search(r"\(classes #(\d+)\)", text).group(1)
meta = re.search(r"-\s+Metaspace \(reserved=\d+, committed=(\d+)\)", text).group(1)
cls = re.search(r"Class space:.*?committed=(\d+)", text, re.S)
print(f"pinion-{sys.argv[2]},{classes},{int(meta) // 1024},{int(cls.group(1)) // 1024 if cls else ''},{sys.argv[3]}")
EOF
    tail -1 "$nmt"
done

python3 - "$csv" "$nmt" "$(stat -c %s "$wasm")" "$package" >results/bigmodule/bigmodule.md <<'EOF'
import csv, statistics, sys, os, datetime
rows = list(csv.DictReader(open(sys.argv[1])))
load = os.getloadavg()
print(f"{sys.argv[4]}: yosys.core.wasm, {int(sys.argv[3]):,} bytes. `bench/bigmodule.sh`, "
      f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, load average at the end "
      f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; median of the runs, ms (time to the first byte on stdout / to exit).\n")
print("| command | runner | runs | first byte | first byte, fastest-slowest | first byte / first runner's, same run | exit |\n|---|---|---:|---:|---:|---:|---:|")
keys = []
for r in rows:
    k = (r["command"], r["runner"])
    if k not in keys: keys.append(k)
keys_of = {}
for c, rn in keys: keys_of.setdefault(c, []).append(rn)
def paired(c, rn, sel):
    # The runners of one run follow each other within seconds, so a slow spell of the machine hits both of a
    # pair: the median of the per-run ratios to the first runner is steadier than the ratio of the medians.
    # Runners measured once (Chicory's, after all runs) get none.
    base = {r["run"]: float(r["first_byte_ms"]) for r in rows if (r["command"], r["runner"]) == (c, keys_of[c][0])}
    ratios = [float(r["first_byte_ms"]) / base[r["run"]] for r in sel if r["run"] in base]
    return f"{statistics.median(ratios):.3f}" if len(ratios) > 1 and rn != keys_of[c][0] else ""
for c, rn in keys:
    sel = [r for r in rows if (r["command"], r["runner"]) == (c, rn)]
    fb = statistics.median(float(r["first_byte_ms"]) for r in sel)
    ex = statistics.median(float(r["exit_ms"]) for r in sel)
    lo = min(float(r["first_byte_ms"]) for r in sel)
    hi = max(float(r["first_byte_ms"]) for r in sel)
    print(f"| {c} | {rn} | {len(sel)} | {fb:,.0f} | {lo:,.0f}-{hi:,.0f} | {paired(c, rn, sel)} | {ex:,.0f} |")
print("\nAt exit of the prep command, one more run per tier with `-XX:NativeMemoryTracking=summary` (classes include "
      "the JDK's and Pinion's own; most of those come from the launcher's AOT cache, whose metadata is mapped, not in "
      "Metaspace):\n")
print("| runner | classes | Metaspace committed, KiB | class space committed, KiB | peak RSS, MiB |\n|---|---:|---:|---:|---:|")
for r in csv.DictReader(open(sys.argv[2])):
    print(f"| {r['runner']} | {int(r['classes']):,} | {int(r['metaspace_committed_kib']):,} | {r['class_space_committed_kib']} | {int(r['peak_rss_kib']) / 1024:.0f} |")
EOF
cat results/bigmodule/bigmodule.md
python3 readme-section.py bigmodule results/bigmodule/bigmodule.md
