#!/usr/bin/env bash
# Pinion's tiers on 32-bit and 64-bit ARM, under qemu-user: `pinion run --tier interp|tiered|compiled` of the
# recursive C fib (src/main/resources/programs/fib.wasm) inside the Debian trixie roots that
# packaging/arm-smoke.sh caches. armhf's Debian JDK 25 is the Zero VM (every JVM bytecode interpreted, no JIT):
# there an interpreter written in Java is itself interpreted, and Wasm compiled to JVM bytecode is interpreted
# once instead of twice. arm64's JDK has C1/C2 (under qemu's emulation). The ratio between the tiers is the
# result; absolute times are qemu's on this machine, not a Raspberry Pi's.
#
# Usage: sudo bench/arm-tiers.sh [--arch arm64|armhf]... [-n RUNS] [--fib N] [--sieve REPEAT] [--fresh]
#   --arch ARCH  only this architecture (repeatable; default: armhf and arm64)
#   -n RUNS      runs per tier (default 1; the median is reported)
#   --fib N      fib(N) (default 25: about 250,000 calls; the issue's fib(30) is 11x more and took 229.6 s
#                interpreted on armhf)
#   --sieve R    sieve(2) x R, a loop over memory beside fib's calls (default 2)
#   --fresh      extract the roots again (default: reuse $PINION_ARM_WORK/ARCH from an earlier run)
# Also times `fib.wasm 1 1` per tier (no work: JVM start, load, instantiate) so start-up and work can be told
# apart, and the sieve program (src/main/resources/programs/sieve.wasm): loops and byte loads/stores. Runs the CLI from edge-runtime/target (pinion.jar + lib/, built by ./pinion or
# ./mvnw -B -pl edge-runtime -am package -DskipTests) with the launcher's JVM flags; no AOT cache (the .deb
# records one at install; it shortens start-up only, the same for every tier).
# Needs root (chroot, mount), qemu-user-static with binfmt, zstd, and the cached roots in
# $PINION_SMOKE_CACHE (default /var/cache/pinion-smoke; sudo packaging/arm-smoke.sh --roots-only builds them).
# Appends to results/arm/arm-tiers.csv (started,arch,tier,program,run,ms), writes this invocation's table to
# results/arm/arm-tiers.md and the arm section of bench/README.md; skips with one line when the roots or tools
# are missing.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
cache=${PINION_SMOKE_CACHE:-/var/cache/pinion-smoke}
work=${PINION_ARM_WORK:-/var/tmp/pinion-arm-tiers}
archs=() runs=1 fib=25 sieve_repeat=2 fresh=''
while (($#)); do
    case $1 in
        --arch) archs+=("$2"); shift 2 ;;
        -n) runs=$2; shift 2 ;;
        --fib) fib=$2; shift 2 ;;
        --sieve) sieve_repeat=$2; shift 2 ;;
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
[[ -f $csv ]] || echo "started,arch,tier,program,run,ms" >"$csv"
fib_of() { awk -v n="$1" 'BEGIN { a = 0; b = 1; for (i = 0; i < n; i++) { t = a + b; a = b; b = t } print a }'; }
sieve_checksum=$(awk -F, '$1 == "sieve" { print $3 }' "$here/src/main/resources/workloads/workloads.csv")
# name N REPEAT checksum: start-up alone (fib(1)), calls (fib(N)), loops over memory (sieve(2) x SIEVE_REPEAT)
cases=("fib 1 1 1" "fib $fib 1 $(fib_of "$fib")" "sieve 2 $sieve_repeat $sieve_checksum")
start_load=$(cut -d' ' -f1-3 /proc/loadavg)
echo "== load average $start_load; ${#cases[@]} programs x 3 tiers, $runs run(s) each"
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
    cp "$here/src/main/resources/programs/fib.wasm" "$here/src/main/resources/programs/sieve.wasm" "$root/tmp/"
    mount_root "$root"
    echo "== $arch: $(in_root "$arch" "$root" java -version 2>&1 | tail -1)"
    for c in "${cases[@]}"; do
        read -r name n repeat checksum <<<"$c"
        label="$name($n) x $repeat"
        for ((run = 1; run <= runs; run++)); do
            for tier in interp tiered compiled; do
                t0=$(date +%s%N)
                got=$(in_root "$arch" "$root" java -XX:+UseSerialGC -XX:-UsePerfData -jar /opt/pinion/pinion.jar \
                    run --tier "$tier" "/tmp/$name.wasm" "$n" "$repeat" 2>&1) ||
                    { echo "arm-tiers: $arch $tier $label failed: $got" >&2; exit 1; }
                t1=$(date +%s%N)
                [[ $got == "$label = $checksum" ]] || { echo "arm-tiers: $arch $tier $label printed '$got'" >&2; exit 1; }
                ms=$(((t1 - t0) / 1000000))
                echo "$stamp,$arch,$tier,$label,$run,$ms" >>"$csv"
                printf '   %-6s %-9s %-16s %8d ms\n' "$arch" "$tier" "$label" "$ms"
            done
        done
    done
    unmount_all
done
end_load=$(cut -d' ' -f1-3 /proc/loadavg)
echo "== load average $end_load"
python3 - "$csv" "$stamp" "$start_load" "$end_load" >"$here/results/arm/arm-tiers.md" <<'EOF2'
import csv, statistics, sys
rows = [r for r in csv.DictReader(open(sys.argv[1])) if r["started"] == sys.argv[2]]
progs, archs = [], []
for r in rows:
    if r["program"] not in progs: progs.append(r["program"])
    if r["arch"] not in archs: archs.append(r["arch"])
base, work_progs = progs[0], progs[1:]
print(f"`sudo bench/arm-tiers.sh`, {sys.argv[2]}, qemu-user on the build machine (load average {sys.argv[3]} at the "
      f"start, {sys.argv[4]} at the end). Wall time of `java -jar pinion.jar run --tier T PROGRAM N REPEAT` in the "
      f"root, median, ms; {base} is the start-up (JVM start, load, instantiate, and for `compiled` compiling every "
      "function); a program's work is its time minus that start-up. \"vs interp\": the interpreter's time over the "
      "tier's (above 1× = faster than the interpreter).\n")
print("| arch | tier | " + " | ".join([base] + work_progs) + " | "
      + " | ".join(f"{p}: work vs interp" for p in work_progs) + " |")
print("|---|---|" + "---:|" * (1 + 2 * len(work_progs)))
def med(a, t, p):
    v = [float(r["ms"]) for r in rows if r["arch"] == a and r["tier"] == t and r["program"] == p]
    return statistics.median(v) if v else float("nan")
for a in archs:
    for t in ["interp", "tiered", "compiled"]:
        cells = [f"{med(a, t, p):,.0f}" for p in [base] + work_progs]
        for p in work_progs:
            w, wi = med(a, t, p) - med(a, t, base), med(a, "interp", p) - med(a, "interp", base)
            cells.append(f"{wi / w:.2f}×" if w > 0 and wi > 0 else "—")
        print(f"| {a} | {t} | " + " | ".join(cells) + " |")
EOF2
cat "$here/results/arm/arm-tiers.md"
python3 "$here/readme-section.py" arm "$here/results/arm/arm-tiers.md"
