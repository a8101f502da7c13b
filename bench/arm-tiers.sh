#!/usr/bin/env bash
# Pinion's tiers on 32-bit and 64-bit ARM, under qemu-user: `pinion run --tier interp|tiered|compiled` of the
# recursive C fib (src/main/resources/programs/fib.wasm) inside the Debian trixie roots that
# packaging/arm-smoke.sh caches. armhf's Debian JDK 25 is the Zero VM (every JVM bytecode interpreted, no JIT):
# there an interpreter written in Java is itself interpreted, and Wasm compiled to JVM bytecode is interpreted
# once instead of twice. arm64's JDK has C1/C2 (under qemu's emulation). The ratio between the tiers is the
# result; absolute times are qemu's on this machine, not a Raspberry Pi's.
#
# Usage: sudo bench/arm-tiers.sh [--arch arm64|armhf]... [-n RUNS] [--fib N] [--fresh]
#   --arch ARCH  only this architecture (repeatable; default: armhf and arm64)
#   -n RUNS      runs per tier (default 1; the median is reported)
#   --fib N      fib(N) (default 25: about 250,000 calls; the issue's fib(30) is 11x more and took 229.6 s
#                interpreted on armhf)
#   --fresh      extract the roots again (default: reuse $PINION_ARM_WORK/ARCH from an earlier run)
# Also times `fib.wasm 1 1` per tier (no work: JVM start, load, instantiate) so start-up and work can be told
# apart. Runs the CLI from edge-runtime/target (pinion.jar + lib/, built by ./pinion or
# ./mvnw -B -pl edge-runtime -am package -DskipTests) with the launcher's JVM flags; no AOT cache (the .deb
# records one at install; it shortens start-up only, the same for every tier).
# Needs root (chroot, mount), qemu-user-static with binfmt, zstd, and the cached roots in
# $PINION_SMOKE_CACHE (default /var/cache/pinion-smoke; sudo packaging/arm-smoke.sh --roots-only builds them).
# Appends to results/arm/arm-tiers.csv (started,arch,tier,fib,run,ms) and prints a table; skips with one line when the
# roots or tools are missing.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
cache=${PINION_SMOKE_CACHE:-/var/cache/pinion-smoke}
work=${PINION_ARM_WORK:-/var/tmp/pinion-arm-tiers}
archs=() runs=1 fib=25 fresh=''
while (($#)); do
    case $1 in
        --arch) archs+=("$2"); shift 2 ;;
        -n) runs=$2; shift 2 ;;
        --fib) fib=$2; shift 2 ;;
        --fresh) fresh=1; shift ;;
        -h | --help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "arm-tiers: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done
((${#archs[@]})) || archs=(armhf arm64)
skip() { echo "arm-tiers: skipped: $*"; exit 0; }
((EUID == 0)) || skip "needs root (chroot, mount); run it with sudo"
for tool in zstd qemu-arm-static qemu-aarch64-static; do command -v $tool >/dev/null || skip "no $tool (apt-get install zstd qemu-user-static binfmt-support)"; done
for arch in "${archs[@]}"; do [[ -f $cache/trixie-$arch.tar.zst ]] || skip "no cached root $cache/trixie-$arch.tar.zst (sudo packaging/arm-smoke.sh --roots-only)"; done
jar=$repo/edge-runtime/target/pinion.jar
[[ -f $jar ]] || { echo "arm-tiers: no $jar; build it: ./mvnw -B -pl edge-runtime -am package -DskipTests" >&2; exit 1; }

qemu_name() { case $1 in arm64) echo qemu-aarch64 ;; armhf) echo qemu-arm ;; *) echo "arm-tiers: unsupported architecture '$1'" >&2; exit 2 ;; esac; }
[[ -e /proc/sys/fs/binfmt_misc/status ]] || mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
for arch in "${archs[@]}"; do
    name=$(qemu_name "$arch")
    [[ -e /proc/sys/fs/binfmt_misc/$name ]] || update-binfmts --enable "$name"
done

mounted=()
unmount_all() { local i; for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -l "${mounted[i]}" 2>/dev/null || true; done; mounted=(); }
trap unmount_all EXIT
mount_root() { # proc and a minimal /dev, as arm-smoke.sh does
    local root=$1 node
    mount -t proc proc "$root/proc" && mounted+=("$root/proc")
    mount -t tmpfs -o mode=0755,size=1M devtmp "$root/dev" && mounted+=("$root/dev")
    for node in null zero full random urandom tty; do
        touch "$root/dev/$node" && mount --bind "/dev/$node" "$root/dev/$node" && mounted+=("$root/dev/$node")
    done
    ln -sf /proc/self/fd "$root/dev/fd"
}
# QEMU_CPU=cortex-a72 for arm64: qemu's default "max" CPU emulates pointer authentication, ~4x slower (arm-smoke.sh).
in_root() { local arch=$1 root=$2; shift 2
    local cpu=(); [[ $arch == arm64 ]] && cpu=(QEMU_CPU=cortex-a72)
    chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "${cpu[@]}" "$@"; }

mkdir -p "$here/results/arm"
csv=$here/results/arm/arm-tiers.csv
stamp=$(date -u +%Y-%m-%dT%H:%MZ)   # one invocation's rows share it: compare tiers within one invocation
[[ -f $csv ]] || echo "started,arch,tier,fib,run,ms" >"$csv"
expected_line() { awk -v n="$1" 'BEGIN { a = 0; b = 1; for (i = 0; i < n; i++) { t = a + b; a = b; b = t } printf "fib(%d) x 1 = %d\n", n, a }'; }
echo "== load average $(cut -d' ' -f1-3 /proc/loadavg); fib($fib), $runs run(s) per tier"
for arch in "${archs[@]}"; do
    root=$work/$arch
    if [[ -n $fresh || ! -f $root/.extracted ]]; then
        echo "== $arch: extracting $cache/trixie-$arch.tar.zst"
        rm -rf "$root"; mkdir -p "$root"
        zstd -q -d -c "$cache/trixie-$arch.tar.zst" | tar -C "$root" --numeric-owner -xf -
        touch "$root/.extracted"
    fi
    rm -rf "$root/opt/pinion"; mkdir -p "$root/opt/pinion"
    cp -r "$jar" "$repo/edge-runtime/target/lib" "$root/opt/pinion/"
    cp "$here/src/main/resources/programs/fib.wasm" "$root/tmp/fib.wasm"
    mount_root "$root"
    echo "== $arch: $(in_root "$arch" "$root" java -version 2>&1 | tail -1)"
    for n in 1 "$fib"; do
        for ((run = 1; run <= runs; run++)); do
            for tier in interp tiered compiled; do
                t0=$(date +%s%N)
                got=$(in_root "$arch" "$root" java -XX:+UseSerialGC -XX:-UsePerfData -jar /opt/pinion/pinion.jar \
                    run --tier "$tier" /tmp/fib.wasm "$n" 1 2>&1) || { echo "arm-tiers: $arch $tier fib($n) failed: $got" >&2; exit 1; }
                t1=$(date +%s%N)
                [[ $got == "$(expected_line "$n")" ]] || { echo "arm-tiers: $arch $tier fib($n) printed '$got'" >&2; exit 1; }
                ms=$(((t1 - t0) / 1000000))
                echo "$stamp,$arch,$tier,$n,$run,$ms" >>"$csv"
                printf '   %-6s %-9s fib(%2d)  %8d ms\n' "$arch" "$tier" "$n" "$ms"
            done
        done
    done
    unmount_all
done
echo "== load average $(cut -d' ' -f1-3 /proc/loadavg)"
