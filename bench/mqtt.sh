#!/usr/bin/env bash
# MQTT echo throughput and latency on a loopback Mosquitto: bare Paho (the ceiling), Pinion's MqttSession, and
# the whole gateway running the echo Wasm module, in one run (dev.pinion.bench.mqtt.MqttEchoBench).
#   bench/mqtt.sh                         50,000 messages for throughput, 1,000 msg/s for 10 s for latency
#   bench/mqtt.sh paho,wasm 100000 1000 30   variants, messages, rate, seconds
# Writes bench/results/mqtt/echo.csv. Needs JDK 25 (JAVA_HOME) and Debian's mosquitto.
set -euo pipefail
cd "$(dirname "$0")"
here=$PWD
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
(cd .. && ./mvnw -q -B -pl bench -am install -DskipTests)
(cd .. && ./mvnw -q -B -pl bench dependency:build-classpath -Dmdep.outputFile="$here/target/mqtt-classpath.txt" >/dev/null)
"$JAVA_HOME/bin/java" -XX:+UseSerialGC -Xmx512m -cp "target/classes:$(cat target/mqtt-classpath.txt)" \
  dev.pinion.bench.mqtt.MqttEchoBench ../edge-runtime/src/test/resources/dev/pinion/runtime/fleet/echo.wasm \
  results/mqtt/echo.csv "${1:-paho,session,wasm}" "${2:-50000}" "${3:-1000}" "${4:-10}" 2>&1 | grep -v '^\(WARN\|INFO\) '
