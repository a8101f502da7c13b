#!/usr/bin/env bash
# measure-footprint.sh: start to READY and idle RSS of `pinion serve` as the packaged service runs it (the unit's
# JVM options, the launcher's flags, an AOT cache recorded like the postinst does), with N copies of the alert
# example module on a local Mosquitto. Runs on this host from the built .deb; no root needed.
#
# Usage: packaging/measure-footprint.sh [--deb FILE] [--modules N] [--runs R]
#        FOOTPRINT_JAVA_OPTS="..." replaces the unit's PINION_JAVA_OPTS (to try other heap settings)
# Needs: a JDK 25 (JAVA_HOME), mosquitto, socat, systemd-notify (Debian: mosquitto socat systemd).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
deb='' modules=10 runs=3
while (($#)); do
    case $1 in
        --deb) deb=$2; shift 2 ;;
        --modules) modules=$2; shift 2 ;;
        --runs) runs=$2; shift 2 ;;
        *) echo "usage: $0 [--deb FILE] [--modules N] [--runs R]" >&2; exit 2 ;;
    esac
done
[[ -n $deb ]] || deb=$(ls -t "$here"/target/pinion_*_all.deb | head -n 1)
java=${JAVA_HOME:?set JAVA_HOME to a JDK 25}/bin/java
for tool in mosquitto socat systemd-notify dpkg-deb; do command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 1; }; done

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
dpkg-deb -x "$deb" "$work/root"
jar=$work/root/usr/share/pinion/pinion.jar
opts=(-XX:+UseSerialGC -XX:-UsePerfData -XX:+UseCompactObjectHeaders)
# shellcheck disable=SC2207
service_opts=(${FOOTPRINT_JAVA_OPTS:-$(sed -n 's/^Environment=PINION_JAVA_OPTS="\(.*\)"$/\1/p' "$work/root/usr/lib/systemd/system/pinion.service")})

# A free port for the broker: a random one nothing answers on.
while port=$((20000 + RANDOM % 30000)); (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do :; done
printf 'listener %s 127.0.0.1\nallow_anonymous true\n' "$port" >"$work/mosquitto.conf"
mosquitto -c "$work/mosquitto.conf" >"$work/mosquitto.log" 2>&1 &
pids+=($!)
sleep 0.5

mkdir -p "$work/etc/modules" "$work/state"
cp "$here/../examples/alert/alert.wasm" "$work/etc/modules/alert.wasm"
{
    echo "device_id: footprint"
    echo "broker:"
    echo "  url: tcp://127.0.0.1:$port"
    echo "policy:"
    echo "  publish: [\"alerts/#\"]"
    echo "  subscribe: [\"sensors/#\"]"
    echo "data_dir: $work/state"
    echo "metrics:"
    echo "  enabled: false"
    echo "modules:"
    for ((i = 0; i < modules; i++)); do
        echo "  - name: alert$i"
        echo "    path: modules/alert.wasm"
        echo "    publish: [\"alerts/#\"]"
        echo "    triggers:"
        echo "      - mqtt: sensors/$i/reading"
        echo "        export: on_reading"
    done
} >"$work/etc/pinion.yaml"

# The AOT cache as the postinst records it (training on `pinion demo`).
"$java" "${opts[@]}" -XX:AOTCacheOutput="$work/pinion.aot" -jar "$jar" demo >/dev/null 2>&1 || true
echo "AOT cache: $(du -h "$work/pinion.aot" 2>/dev/null | cut -f1 || echo none)"

now() { local t=${EPOCHREALTIME/[.,]/}; echo "${t:0:-3}"; }
for aot in with without; do
    for ((r = 1; r <= runs; r++)); do
        sock=$work/notify.sock notes=$work/notify.log
        rm -f "$sock" "$notes"
        socat -u UNIX-RECV:"$sock" OPEN:"$notes",creat,append &
        socat_pid=$!
        pids+=("$socat_pid")
        sleep 0.2
        extra=()
        [[ $aot == with && -f $work/pinion.aot ]] && extra=(-XX:AOTCache="$work/pinion.aot" -Xlog:aot=off -Xlog:cds=off)
        t0=$(now)
        NOTIFY_SOCKET=$sock "$java" "${opts[@]}" "${extra[@]}" "${service_opts[@]}" -jar "$jar" \
            serve --config "$work/etc/pinion.yaml" >"$work/serve.log" 2>&1 &
        pid=$!
        pids+=("$pid")
        until grep -q READY=1 "$notes" 2>/dev/null; do
            kill -0 "$pid" 2>/dev/null || { echo "serve exited:"; cat "$work/serve.log"; exit 1; }
            (($(now) - t0 < 60000)) || { echo "no READY=1 in 60 s"; cat "$work/serve.log"; exit 1; }
            sleep 0.02
        done
        ready=$(($(now) - t0))
        # CPU time to READY (user + system, clock ticks): on a loaded machine the wall time says little.
        read -r -a stat <"/proc/$pid/stat"
        cpu_ms=$(((stat[13] + stat[14]) * 1000 / $(getconf CLK_TCK)))
        sleep 15   # idle: connected, subscribed, modules instantiated
        rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$pid/status")
        kill -TERM "$pid"; rc=0; wait "$pid" || rc=$?
        kill "$socat_pid" 2>/dev/null || true; wait "$socat_pid" 2>/dev/null || true
        printf 'AOT cache %-7s run %d: start to READY=1 %5d ms (CPU %5d ms), idle RSS %6d KiB (%d MiB), exit on SIGTERM %d\n' \
            "$aot" "$r" "$ready" "$cpu_ms" "$rss" $((rss / 1024)) "$rc"
    done
done
