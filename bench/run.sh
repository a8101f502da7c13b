#!/usr/bin/env bash
# One command for the whole comparison: build the benchmarks jar, time the native reference, run every JMH
# benchmark (Pinion, Chicory interpreter, Chicory compiler, GraalWasm) in one run, measure memory per
# instance, then write bench/results/{jmh.json,native.csv,footprint.csv,results.md,chart.png} and the results
# section of bench/README.md.
#   bench/run.sh                       everything (about 10-15 minutes on 2 cores)
#   bench/run.sh 'HostCall' -p runtime=pinion   extra arguments go to JMH (a filter, -p, ...)
#   bench/run.sh tiers [JMH ARGS]      tier 2: WorkloadBenchmark on Pinion's interpreter, tiered and compiled
#                                      tiers and Chicory's interpreter and compiler, side by side in one JMH run
#                                      (about 11 minutes on 2 cores), BENCH_PASSES-1 (default 4) more passes of
#                                      the tiers and Chicory's compiler (6 minutes each), then the memory compiled code takes
#                                      (CompiledCodeFootprint); writes results/tiers/ and the tier-2 tables
#                                      of bench/README.md
# BENCH_NO_BUILD=1 skips the build when target/benchmarks.jar exists (a run right after building it).
# Needs a JDK 25 (JAVA_HOME) and gcc. The Wasm workloads are committed; bench/build-workloads.sh rebuilds them.
set -euo pipefail
cd "$(dirname "$0")"
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA="$JAVA_HOME/bin/java"

if [[ -n ${BENCH_NO_BUILD:-} && -f target/benchmarks.jar ]]; then
    echo "== BENCH_NO_BUILD: using the existing target/benchmarks.jar"
else
    echo "== building target/benchmarks.jar"
    (cd .. && ./mvnw -q -B -pl bench -am package -DskipTests)
fi

if [[ ${1:-} == tiers ]]; then
    shift
    # No GraalWasm here, so none of its JVMCI flags: every fork is a stock C2 JVM with a 2 GB heap, and native
    # access enabled as the launcher enables it (Pinion's linear memory off-heap; without it, on the Java heap,
    # tokenizer was ~1.4x slower; Chicory does not use it). 3 x 1.5 s
    # warm-up and 4 x 1 s measurement per workload and runtime (one fewer of each than the class's defaults)
    # keep the 55 forks to about 10 minutes.
    mkdir -p results/tiers
    load() { cut -d' ' -f1-3 /proc/loadavg; }
    before=$(load)
    echo "== JMH: WorkloadBenchmark on pinion, pinion-tiered, pinion-compiled, chicory-interpreter, chicory-compiler"
    jmh() { # OUT.json RUNTIMES [JMH ARGS]
        local out=$1 runtimes=$2
        shift 2
        "$JAVA" -jar target/benchmarks.jar WorkloadBenchmark -f 1 -rf json -rff "$out" -p runtime="$runtimes" \
            -wi 3 -i 4 -jvmArgsAppend "-Xms1g -Xmx2g --enable-native-access=ALL-UNNAMED" "$@" 2>&1 |
            tee "${out%.json}.log" | grep -E '^(Benchmark|Workload)|Exception|^# Run complete'
    }
    jmh results/tiers/jmh.json pinion,pinion-tiered,pinion-compiled,chicory-interpreter,chicory-compiler "$@"
    # This box's speed changes by up to 1.5x from one process to the next for tens of seconds at a time (the
    # native C workloads too, with or without ASLR): one fork per score compared whichever runtime was unlucky.
    # Passes 2.. repeat the runtimes the targets compare (Chicory's compiler and Pinion's two tiers), minutes
    # apart; TierReport takes the median of the forks. Five passes (three until 2026-12-05, when the geomean
    # against Chicory's compiler moved between 1.25x and 1.57x from one sitting to the next with the same code:
    # a median of three is two slow forks away from a slow score).
    rm -f results/tiers/jmh-pass*.json results/tiers/jmh-pass*.log
    for ((pass = 2; pass <= ${BENCH_PASSES:-5}; pass++)); do
        echo "== JMH pass $pass: pinion-tiered, pinion-compiled, chicory-compiler"
        jmh results/tiers/jmh-pass$pass.json pinion-tiered,pinion-compiled,chicory-compiler "$@"
    done
    echo "Run $(date -u '+%Y-%m-%d %H:%M') UTC on $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores; load average (1, 5, 15 min) $before at the start, $(load) at the end." >results/tiers/machine.txt
    "$JAVA" -cp target/benchmarks.jar dev.pinion.bench.report.TierReport results/tiers README.md
    echo "== memory the compiled code takes (CompiledCodeFootprint, SerialGC like the launcher)"
    "$JAVA" -XX:+UseSerialGC -cp target/benchmarks.jar dev.pinion.bench.CompiledCodeFootprint results/tiers >/dev/null
    python3 readme-section.py footprint results/tiers/compiled-code.md
    exit 0
fi

echo "== native reference (gcc -O2)"
./run-native.sh 1000

# GraalWasm only JIT-compiles guest code when Truffle finds the Graal compiler: on a stock JDK that means JVMCI
# on and the compiler jars on the upgrade module path. The flags are given to every fork so all runtimes run
# in the same JVM configuration (HotSpot's C2 stays the JIT for Java code; JVMCI only serves Truffle).
UMP=$(ls -d target/graal-jit/*.jar | paste -sd:)
JVM_ARGS="-Xms1g -Xmx2g -XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI --upgrade-module-path=$UMP
 --enable-native-access=ALL-UNNAMED -Dpolyglot.engine.WarnInterpreterOnly=false
 --sun-misc-unsafe-memory-access=allow"
JVM_ARGS=$(echo $JVM_ARGS)

echo "== JMH (warm-up and measurement counts are set per benchmark class; see README)"
mkdir -p results
"$JAVA" -jar target/benchmarks.jar -f 1 -rf json -rff results/jmh.json -jvmArgsAppend "$JVM_ARGS" "$@" \
  2>&1 | tee results/jmh.log | grep -E '^(Benchmark|Workload|ColdStart|HostCall)|Exception|^# Run complete'

echo "== memory per instance"
"$JAVA" $JVM_ARGS -cp target/benchmarks.jar dev.pinion.bench.InstanceFootprint results/footprint.csv 2>/dev/null

echo "== report"
"$JAVA" -cp target/benchmarks.jar dev.pinion.bench.report.Report results README.md
