#!/usr/bin/env bash
# Resident memory of an idle `pinion serve` with N small modules loaded (default 10), under the JVM flags a Pi
# would use: -XX:+UseSerialGC and a heap cap (default 32m). Needs Debian's mosquitto (started here on a free
# loopback port) and a built CLI (./pinion builds it). Prints one CSV line per sample:
#   modules,heap_cap,rss_kib_after_start,rss_kib_after_idle
# Usage: bench/daemon-rss.sh [MODULES] [HEAP_CAP] [IDLE_SECONDS]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
modules=${1:-10}
heap=${2:-32m}
idle=${3:-20}
./pinion --version >/dev/null   # builds target/pinion.jar when sources changed
work=$(mktemp -d)
cleanup() {
    [[ -n ${daemon:-} ]] && kill "$daemon" 2>/dev/null && wait "$daemon" 2>/dev/null || true
    [[ -n ${broker:-} ]] && kill "$broker" 2>/dev/null && wait "$broker" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
printf 'listener %s 127.0.0.1\nallow_anonymous true\n' "$port" > "$work/mosquitto.conf"
mosquitto -c "$work/mosquitto.conf" >"$work/mosquitto.log" 2>&1 &
broker=$!
mkdir -p "$work/modules"
cp examples/alert/alert.wasm "$work/modules/alert.wasm"
{
    printf 'device_id: rss-bench\nbroker:\n  url: tcp://127.0.0.1:%s\n' "$port"
    printf 'policy:\n  publish: ["alerts/#"]\n  subscribe: ["sensors/#"]\n'
    printf 'data_dir: %s/data\nmetrics:\n  address: 127.0.0.1:0\nmodules:\n' "$work"
    for i in $(seq 1 "$modules"); do
        printf '  - name: alert%s\n    path: modules/alert.wasm\n    publish: ["alerts/#"]\n' "$i"
        printf '    triggers: [{mqtt: sensors/%s/reading, export: on_reading}]\n' "$i"
    done
} > "$work/pinion.yaml"
java=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
"$java" -XX:+UseSerialGC -Xms8m -Xmx"$heap" -Xss512k -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=32m \
    -XX:MaxMetaspaceSize=64m ${PINION_BENCH_JAVA_OPTS:-} -jar edge-runtime/target/pinion.jar serve --log-level info --config "$work/pinion.yaml" \
    >"$work/daemon.log" 2>&1 &
daemon=$!
for _ in $(seq 1 300); do grep -q "ready:" "$work/daemon.log" && break; sleep 0.1; done
grep -q "ready:" "$work/daemon.log" || { cat "$work/daemon.log" >&2; exit 1; }
sleep 2
start=$(awk '/VmRSS/ {print $2}' /proc/$daemon/status)
sleep "$idle"
[[ -n ${PINION_BENCH_NMT:-} ]] && jcmd "$daemon" VM.native_memory summary | grep -E "committed" | head -25 >&2
after=$(awk '/VmRSS/ {print $2}' /proc/$daemon/status)
anon=$(awk '/RssAnon/ {print $2}' /proc/$daemon/status)
file=$(awk '/RssFile/ {print $2}' /proc/$daemon/status)
pss=$(awk '/^Pss:/ {print $2}' /proc/$daemon/smaps_rollup)
threads=$(awk '/Threads/ {print $2}' /proc/$daemon/status)
echo "modules,heap_cap,rss_kib_after_start,rss_kib_after_idle,rss_anon_kib,rss_file_kib,pss_kib,threads"
echo "$modules,$heap,$start,$after,$anon,$file,$pss,$threads"
