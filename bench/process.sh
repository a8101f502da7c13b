#!/usr/bin/env bash
# Whole-process time, the time a user waits for: `./pinion run --tier T PROGRAM ARGS` (the launcher, JVM start
# and AOT cache included) against the same program run by Chicory 1.7.5's compiler from the command line
# (dev.pinion.bench.ChicoryRun: parse, translate the whole module to bytecode, WASI preview1, _start), for each
# WASI program of src/main/c/programs.txt. Runs are interleaved (run 1 of every runner and program, then run
# 2, ...) so a change in the machine's load spreads over all of them; the median of RUNS runs is reported.
# Every run's output is checked against the native program's line (programs.csv); a wrong or failed run aborts.
#
#   bench/process.sh [-n RUNS] [-r RUNNER,...] [PROGRAM...]    default: 3 runs, every runner, every program
#
# Runners: pinion-interp, pinion-tiered, pinion-compiled (./pinion run --tier ...), chicory-compiler
# (java -cp target/chicory-cli/*:target/classes, with the launcher's JVM flags and an AOT cache recorded like
# the launcher's), and the same two with -Xmx256m: pinion-tiered-256m (PINION_JAVA_OPTS=-Xmx256m),
# chicory-compiler-256m. Each run's peak RSS comes from /usr/bin/time.
# Writes results/process/process.csv (one line per run) and results/process/process.md (medians and ratios),
# which also replaces the process section of bench/README.md.
# Needs a built bench module (bench/run.sh builds it, or ./mvnw -B -pl bench -am package -DskipTests).
set -euo pipefail
cd "$(dirname "$0")"
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA=$JAVA_HOME/bin/java
runs=3
runners=(pinion-interp pinion-tiered pinion-compiled chicory-compiler pinion-tiered-256m chicory-compiler-256m)
while (($#)); do
    case $1 in
        -n) runs=$2; shift 2 ;;
        -r) IFS=, read -r -a runners <<<"$2"; shift 2 ;;
        -h | --help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        -*) echo "process.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
        *) break ;;
    esac
done
progs_dir=src/main/resources/programs
declare -A args expected
programs=()
while IFS=, read -r name a e; do
    [[ $name == name ]] && continue
    args[$name]=$a expected[$name]=$e
    programs+=("$name")
done <"$progs_dir/programs.csv"
if (($#)); then
    for p in "$@"; do [[ -n ${args[$p]:-} ]] || { echo "process.sh: no program '$p' in $progs_dir/programs.csv" >&2; exit 2; }; done
    programs=("$@")
fi
[[ -d target/chicory-cli && -f target/classes/dev/pinion/bench/ChicoryRun.class ]] ||
    { echo "process.sh: bench is not built; run: ./mvnw -B -pl bench -am package -DskipTests" >&2; exit 1; }

# Chicory gets what the launcher gives pinion: SerialGC, no perf-data file, two C2 compiler threads, and a JDK
# AOT cache recorded by one training run (of a small program, as the launcher trains on hello world).
chicory_cp="target/chicory-cli/*:target/classes"
chicory_opts=(-XX:+UseSerialGC -XX:-UsePerfData -XX:CICompilerCount=3)
aot=target/chicory-run.aot
if [[ ! -f $aot || $aot -ot target/classes/dev/pinion/bench/ChicoryRun.class ]]; then
    echo "== recording the AOT cache for ChicoryRun"
    "$JAVA" "${chicory_opts[@]}" -XX:AOTCacheOutput=$aot -cp "$chicory_cp" dev.pinion.bench.ChicoryRun \
        "$progs_dir/fib.wasm" 20 1 >/dev/null 2>&1 || true
fi
[[ -f $aot ]] && chicory_opts+=(-XX:AOTCache=$aot -Xlog:aot=off -Xlog:cds=off)

# One warm-up of the launcher (builds the CLI and records its AOT cache if sources changed): not timed.
echo "== ./pinion warm-up"
../pinion run --tier tiered "$progs_dir/fib.wasm" 20 1 >/dev/null

command_of() { # RUNNER PROGRAM -> the command line in the array cmd
    local runner=$1 wasm=$progs_dir/$2.wasm
    local -a a
    read -r -a a <<<"${args[$2]}"
    case $runner in
        pinion-interp) cmd=(../pinion run --tier interp "$wasm" "${a[@]}") ;;
        pinion-tiered | pinion-tiered-256m) cmd=(../pinion run --tier tiered "$wasm" "${a[@]}") ;;
        pinion-compiled) cmd=(../pinion run --tier compiled "$wasm" "${a[@]}") ;;
        chicory-compiler) cmd=("$JAVA" "${chicory_opts[@]}" -cp "$chicory_cp" dev.pinion.bench.ChicoryRun "$wasm" "${a[@]}") ;;
        chicory-compiler-256m) cmd=("$JAVA" "${chicory_opts[@]}" -Xmx256m -cp "$chicory_cp" dev.pinion.bench.ChicoryRun "$wasm" "${a[@]}") ;;
        *) echo "process.sh: unknown runner '$runner'" >&2; exit 2 ;;
    esac
}

mkdir -p results/process
csv=results/process/process.csv
out=$(mktemp) rss=$(mktemp)
trap 'rm -f "$out" "$rss"' EXIT
echo "program,runner,run,ms,rss_kib" >"$csv"
echo "== $runs runs of ${#programs[@]} programs x ${#runners[@]} runners; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
start=$SECONDS
for ((run = 1; run <= runs; run++)); do
    for p in "${programs[@]}"; do
        for r in "${runners[@]}"; do
            command_of "$r" "$p"
            heap=''
            [[ $r == pinion-tiered-256m ]] && heap=-Xmx256m
            t0=$(date +%s%N)
            PINION_JAVA_OPTS=$heap /usr/bin/time -f %M -o "$rss" "${cmd[@]}" >"$out" 2>&1 || {
                echo "process.sh: $r $p failed:" >&2; cat "$out" >&2; exit 1; }
            t1=$(date +%s%N)
            if [[ $(cat "$out") != "${expected[$p]}" ]]; then
                echo "process.sh: $r $p printed '$(cat "$out")', expected '${expected[$p]}'" >&2
                exit 1
            fi
            ms=$(((t1 - t0) / 1000000))
            echo "$p,$r,$run,$ms,$(cat "$rss")" >>"$csv"
            printf '   run %d  %-14s %-22s %6d ms  %7d KiB\n' "$run" "$p" "$r" "$ms" "$(cat "$rss")"
        done
    done
done
echo "== done in $((SECONDS - start)) s; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$csv" "$runs" >results/process/process.md <<'EOF'
import csv, statistics, sys, math, os, datetime
rows = list(csv.DictReader(open(sys.argv[1])))
runs = sys.argv[2]
progs, runners = [], []
for r in rows:
    if r["program"] not in progs: progs.append(r["program"])
    if r["runner"] not in runners: runners.append(r["runner"])
def med(p, rn, key="ms"):
    v = [float(r[key]) for r in rows if r["program"] == p and r["runner"] == rn]
    return statistics.median(v) if v else float("nan")
def fmt(x):
    if math.isnan(x): return "—"
    return f"{x:,.0f}" if x >= 100 else f"{x:.1f}"
def ratio(a, b):
    return "—" if math.isnan(a) or math.isnan(b) else f"{a / b:.2f}×"
def geo(v):
    v = [x for x in v if not math.isnan(x)]
    return math.exp(sum(map(math.log, v)) / len(v)) if v else float("nan")
load = os.getloadavg()
print(f"Whole-process wall time, median of {runs} runs, ms (`bench/process.sh`, "
      f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC; load average at the end "
      f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}). Ratio columns: the named runners' times divided "
      "(above 1× = the second one, Pinion's tier, is faster).\n")
head = ("| program | args | " + " | ".join(runners)
        + " | chicory-compiler / pinion-tiered | chicory-compiler / pinion-compiled | pinion-interp / pinion-tiered |")
print(head)
print("|---|---|" + "---:|" * (len(runners) + 3))
args = {r["name"]: r["args"] for r in csv.DictReader(open("src/main/resources/programs/programs.csv"))}
vt, vc, vi, wins, cwins, slower = [], [], [], 0, 0, []
for p in progs:
    cc, t, c, i = med(p, "chicory-compiler"), med(p, "pinion-tiered"), med(p, "pinion-compiled"), med(p, "pinion-interp")
    vt.append(cc / t); vc.append(cc / c); vi.append(i / t)
    wins += (cc / t) > 1
    cwins += (cc / c) > 1
    if i / t < 1: slower.append(p)
    print(f"| {p} | {args.get(p, '')} | " + " | ".join(fmt(med(p, rn)) for rn in runners)
          + f" | {ratio(cc, t)} | {ratio(cc, c)} | {ratio(i, t)} |")
print("| **geomean** | | " + " | ".join(fmt(geo([med(p, rn) for p in progs])) for rn in runners)
      + f" | **{geo(vt):.2f}×** | **{geo(vc):.2f}×** | **{geo(vi):.2f}×** |")
print(f"\nFaster than Chicory's compiler: `pinion run --tier tiered` on {wins} of {len(progs)} programs, "
      f"`--tier compiled` on {cwins} of {len(progs)}. Tiered slower than the interpreter alone on: "
      + (", ".join(slower) if slower else "none") + ".\n")
print("Peak RSS, median, MiB:\n")
print("| program | " + " | ".join(runners) + " |")
print("|---|" + "---:|" * len(runners))
for p in progs:
    print(f"| {p} | " + " | ".join(fmt(med(p, rn, 'rss_kib') / 1024) for rn in runners) + " |")
EOF
cat results/process/process.md
python3 readme-section.py process results/process/process.md
