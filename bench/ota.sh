#!/usr/bin/env bash
# OTA numbers (dev.pinion.bench.ota.OtaBench): deploy-to-first-invocation of a 100 KB module, latency a swap
# adds to a message stream, group deploy to 10 gateways, compile time of the module. Needs Debian's mosquitto.
#   bench/ota.sh [ROUNDS]      (default 20; about a minute)
set -euo pipefail
cd "$(dirname "$0")"
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
(cd .. && ./mvnw -q -B -pl bench -am install -DskipTests)
CP=$(cd .. && ./mvnw -q -B -pl bench dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=runtime)
"$JAVA_HOME/bin/java" -XX:+UseSerialGC -cp "target/classes:$CP" dev.pinion.bench.ota.OtaBench "$@" | tee results/ota.txt
