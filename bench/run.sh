#!/usr/bin/env bash
# One command for the whole comparison: build the benchmarks jar, time the native reference, run every JMH
# benchmark (Pinion, Chicory interpreter, Chicory compiler, GraalWasm) in one run, measure memory per
# instance, then write bench/results/{jmh.json,native.csv,footprint.csv,results.md,chart.png} and the results
# section of bench/README.md.
#   bench/run.sh                       everything (about 10-15 minutes on 2 cores)
#   bench/run.sh 'HostCall' -p runtime=pinion   extra arguments go to JMH (a filter, -p, ...)
# Needs a JDK 25 (JAVA_HOME) and gcc. The Wasm workloads are committed; bench/build-workloads.sh rebuilds them.
set -euo pipefail
cd "$(dirname "$0")"
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA="$JAVA_HOME/bin/java"

echo "== building target/benchmarks.jar"
(cd .. && ./mvnw -q -B -pl bench -am package -DskipTests)

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
