#!/usr/bin/env bash
# arm-smoke.sh: installs the pinion .deb into Debian trixie roots for arm64 and armhf under qemu-user emulation
# and runs it there. Proof that the package works on a Raspberry Pi's OS without a board.
#
# Usage: sudo packaging/arm-smoke.sh [--deb FILE] [--arch arm64|armhf]... [--rebuild-roots] [--keep]
#   --deb FILE        the package to test (default: packaging/target/pinion_*_all.deb; build it with
#                     ./mvnw -B -pl packaging -am package -DskipTests)
#   --arch ARCH       test only this architecture (repeatable; default: arm64 and armhf)
#   --rebuild-roots   build the cached roots again (e.g. to pick up a new openjdk-25 security release)
#   --no-aot-record   install without recording the JVM AOT caches (the postinst's training runs take minutes
#                     under qemu, longer on armhf's interpreter-only JVM); pinion then runs without them
#   --quick           skip the slow extras (the run without AOT cache, validate, serve, reinstall): for armhf,
#                     whose interpreter-only JVM under qemu needs minutes per command
#   --keep            leave the extracted roots in $PINION_SMOKE_WORK for a look around (chroot DIR bash)
#
# Needs root and Debian's debootstrap, qemu-user-static, binfmt-support and zstd (the script says what is
# missing). Roots are built once with debootstrap (minbase + openjdk-25-jre-headless + systemd, not running),
# packed as zstd tarballs in $PINION_SMOKE_CACHE (default /var/cache/pinion-smoke), and extracted fresh for
# every run, so each run installs the .deb on a clean system.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
cache=${PINION_SMOKE_CACHE:-/var/cache/pinion-smoke}
work=${PINION_SMOKE_WORK:-/var/tmp/pinion-smoke}
mirror=${PINION_SMOKE_MIRROR:-http://deb.debian.org/debian}
security_mirror=${PINION_SMOKE_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
suite=trixie

deb='' archs=() rebuild='' keep='' roots_only='' aot_timeout=300 quick=''
while (($#)); do
    case $1 in
        --deb) deb=$2; shift 2 ;;
        --arch) archs+=("$2"); shift 2 ;;
        --rebuild-roots) rebuild=1; shift ;;
        --roots-only) roots_only=1; shift ;;   # build the cached roots and stop (for warming a CI cache)
        --keep) keep=1; shift ;;
        --no-aot-record) aot_timeout=1; shift ;;
        --quick) quick=1; shift ;;
        -h | --help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "arm-smoke: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done
((${#archs[@]})) || archs=(arm64 armhf)

script_start=$SECONDS
say() { printf '== arm-smoke [%4ds] %s\n' $((SECONDS - script_start)) "$*"; }
die() { printf 'arm-smoke: %s\n' "$*" >&2; exit 1; }

# --- prerequisites ----------------------------------------------------------------------------------------
((EUID == 0)) || die "needs root (debootstrap, chroot, mount); run it with sudo"
missing=()
for tool in debootstrap:debootstrap qemu-aarch64-static:qemu-user-static qemu-arm-static:qemu-user-static \
    update-binfmts:binfmt-support zstd:zstd; do
    command -v "${tool%%:*}" >/dev/null || missing+=("${tool#*:}")
done
((${#missing[@]} == 0)) || die "missing tools; install them with: apt-get install -y $(printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' ')"
[[ -r $keyring ]] || die "no Debian archive keyring at $keyring (apt-get install debian-archive-keyring)"

qemu_name() { case $1 in arm64) echo qemu-aarch64 ;; armhf) echo qemu-arm ;; *) die "unsupported architecture '$1' (arm64 or armhf)" ;; esac; }

# Register the emulators with the kernel. Debian's qemu-user-static entries carry the F (fix-binary) flag:
# the kernel opens the interpreter once, here, so nothing needs to be copied into the roots.
enable_binfmt() {
    [[ -e /proc/sys/fs/binfmt_misc/status ]] || mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc ||
        die "cannot mount binfmt_misc (a container without the privilege to do so cannot run this script)"
    local arch name
    for arch in "${archs[@]}"; do
        name=$(qemu_name "$arch")
        [[ -e /proc/sys/fs/binfmt_misc/$name ]] || update-binfmts --enable "$name" ||
            die "update-binfmts --enable $name failed"
        grep -q '^flags:.*F' "/proc/sys/fs/binfmt_misc/$name" ||
            die "$name is registered without the F flag; the roots would need a copy of the emulator"
    done
}

# Environment for commands run inside a root. QEMU_CPU=cortex-a72 avoids qemu's default "max" CPU for arm64,
# whose pointer-authentication emulation makes everything about 4x slower; armhf keeps qemu's default.
chroot_env() {
    local arch=$1
    echo env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive
    [[ $arch == arm64 ]] && echo QEMU_CPU=cortex-a72
    return 0
}

mounted=()
mount_root() { # proc and a minimal /dev for a root at $1 (no /dev/gpiochip*, like a board without one)
    local root=$1
    mount -t proc proc "$root/proc" && mounted+=("$root/proc")
    mount -t tmpfs -o mode=0755,size=1M devtmp "$root/dev" && mounted+=("$root/dev")
    local node
    for node in null zero full random urandom tty; do
        touch "$root/dev/$node" && mount --bind "/dev/$node" "$root/dev/$node" && mounted+=("$root/dev/$node")
    done
    ln -s /proc/self/fd "$root/dev/fd"
    mkdir -p "$root/dev/shm" "$root/dev/pts"
}
unmount_all() {
    local i
    for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -l "${mounted[i]}" 2>/dev/null || true; done
    mounted=()
}
trap unmount_all EXIT

in_root() { # ARCH ROOT COMMAND...: run COMMAND inside the root
    local arch=$1 root=$2; shift 2
    # shellcheck disable=SC2046  # chroot_env prints words on purpose
    chroot "$root" $(chroot_env "$arch") "$@"
}

# --- cached roots -----------------------------------------------------------------------------------------
build_root() {
    local arch=$1 tarball=$2 root=$work/build-$arch
    say "$arch: building the trixie root (debootstrap minbase, then openjdk-25-jre-headless); a few minutes"
    rm -rf "$root"; mkdir -p "$root"
    local t0=$SECONDS
    debootstrap --foreign --arch="$arch" --variant=minbase --keyring="$keyring" "$suite" "$root" "$mirror" \
        >"$work/debootstrap-$arch.log" 2>&1 || die "debootstrap stage 1 for $arch failed; see $work/debootstrap-$arch.log"
    in_root "$arch" "$root" /debootstrap/debootstrap --second-stage >>"$work/debootstrap-$arch.log" 2>&1 ||
        die "debootstrap stage 2 for $arch failed; see $work/debootstrap-$arch.log"
    say "$arch: debootstrap took $((SECONDS - t0)) s"
    # The current openjdk-25 comes from trixie-security; updates for the rest from trixie-updates.
    cat >"$root/etc/apt/sources.list" <<SOURCES
deb $mirror $suite main
deb $mirror $suite-updates main
deb $security_mirror $suite-security main
SOURCES
    cp /etc/resolv.conf "$root/etc/resolv.conf"
    mount_root "$root"
    t0=$SECONDS
    # systemd is installed but never running: the package must install in exactly that state (image builders,
    # chroots). ca-certificates-java and friends come with the JRE.
    if ! in_root "$arch" "$root" sh -c 'apt-get update -q && apt-get install -y -q --no-install-recommends \
            openjdk-25-jre-headless systemd && apt-get clean' >>"$work/debootstrap-$arch.log" 2>&1; then
        unmount_all
        die "installing the JRE into the $arch root failed; see $work/debootstrap-$arch.log"
    fi
    unmount_all
    say "$arch: apt-get install of the JRE took $((SECONDS - t0)) s"
    rm -f "$root/etc/resolv.conf"
    mkdir -p "$cache"
    tar -C "$root" --numeric-owner -cf - . | zstd -q -T0 -6 -o "$tarball.tmp" && mv "$tarball.tmp" "$tarball"
    rm -rf "$root"
    say "$arch: cached root $tarball ($(du -h "$tarball" | cut -f1))"
}

# --- the smoke test ---------------------------------------------------------------------------------------
failures=0
results=()   # "arch|name|value" lines for the summary
record() { results+=("$1|$2|$3"); }
check() { # ARCH NAME COMMAND...: run a check, print its verdict
    local arch=$1 name=$2; shift 2
    if "$@"; then echo "   ok    $name"; else echo "   FAIL  $name"; failures=$((failures + 1)); fi
}
now() { local t=${EPOCHREALTIME/[.,]/}; echo "${t:0:-3}"; } # milliseconds
# Runs a command in the root, shows its output indented, and records its wall time. Sets last_out, last_rc.
timed() { # ARCH ROOT LABEL COMMAND...
    local arch=$1 root=$2 label=$3; shift 3
    local t0 t1
    t0=$(now)
    last_out=$(in_root "$arch" "$root" "$@" 2>&1) && last_rc=0 || last_rc=$?
    t1=$(now)
    last_ms=$((t1 - t0))
    record "$arch" "$label" "$((last_ms / 1000)).$(printf '%03d' $((last_ms % 1000))) s"
    printf '   $ %s   (%d ms, exit %d)\n' "$*" "$last_ms" "$last_rc"
    [[ -z $last_out ]] || sed 's/^/     | /' <<<"$last_out" | head -n 40
}

# The service's command as systemd would run it: as the pinion user with its groups, the unit's JVM options, and
# a notification socket, here a datagram socket that socat on this host listens on. Measures start to READY=1 and
# checks that SIGTERM stops it cleanly. socat never closes the file descriptor systemd-notify passes with its
# BARRIER=1, so systemd-notify reports a 5-second timeout here, which the daemon logs as a warning; systemd
# closes it at once. Skipped (with a line saying so) while the CLI has no `serve`.
serve_smoke() {
    local arch=$1 root=$2
    if ! in_root "$arch" "$root" pinion help 2>&1 | grep -q '^  serve '; then
        echo "   skip  pinion serve: this build's CLI has no serve command"
        return 0
    fi
    command -v socat >/dev/null || { echo "   skip  pinion serve: needs socat on this host (apt-get install socat)"; return 0; }
    say "$arch: pinion serve as the service runs it, until READY=1, then SIGTERM"
    local sock=$root/run/pinion-notify.sock log=$work/serve-$arch.log notes=$work/notify-$arch.log
    local java_opts limit
    # Generous: under qemu on a loaded machine the JVM alone takes minutes; on a Pi 4 it is seconds.
    [[ $arch == armhf ]] && limit=900 || limit=600
    java_opts=$(sed -n 's/^Environment=PINION_JAVA_OPTS="\(.*\)"$/\1/p' "$root/usr/lib/systemd/system/pinion.service")
    rm -f "$sock" "$notes"
    socat -u UNIX-RECV:"$sock",mode=0777 OPEN:"$notes",creat,append &
    local socat_pid=$! t0 t1 pid ready=''
    sleep 0.5
    t0=$(now)
    # shellcheck disable=SC2046
    chroot "$root" $(chroot_env "$arch") NOTIFY_SOCKET=/run/pinion-notify.sock PINION_JAVA_OPTS="$java_opts" \
        PINION_NATIVE_DIR=/var/cache/pinion/native \
        setpriv --reuid=pinion --regid=pinion --init-groups \
        /usr/bin/pinion serve --config /etc/pinion/pinion.yaml >"$log" 2>&1 &
    pid=$!
    while kill -0 "$pid" 2>/dev/null && (($(now) - t0 < limit * 1000)); do
        if grep -q 'READY=1' "$notes" 2>/dev/null; then ready=1; break; fi
        sleep 0.2
    done
    t1=$(now)
    if [[ -n $ready ]]; then
        record "$arch" "pinion serve: start to READY=1" "$(((t1 - t0) / 1000)).$(printf '%03d' $(((t1 - t0) % 1000))) s"
        echo "   ok    pinion serve reported READY=1 after $((t1 - t0)) ms"
    else
        echo "   FAIL  pinion serve: no READY=1 within ${limit}s"; failures=$((failures + 1))
    fi
    kill -TERM "$pid" 2>/dev/null || true
    local rc=0
    wait "$pid" || rc=$?
    kill "$socat_pid" 2>/dev/null || true
    wait "$socat_pid" 2>/dev/null || true
    sed 's/^/     | /' "$log" | tail -n 15
    sed 's/^/     notify| /' "$notes" 2>/dev/null | head -n 5
    check "$arch" "pinion serve exits cleanly on SIGTERM (exit $rc)" test "$rc" = 0 -o "$rc" = 143
}

smoke() {
    local arch=$1 root=$work/$arch t0
    say "$arch: fresh root from the cache"
    t0=$SECONDS
    rm -rf "$root"; mkdir -p "$root"
    zstd -q -d -c "$cache/$suite-$arch.tar.zst" | tar -C "$root" --numeric-owner -xf -
    record "$arch" "extract cached root" "$((SECONDS - t0)) s"
    mount_root "$root"
    cp "$deb" "$root/tmp/pinion.deb"
    cp "$repo/bench/src/main/resources/workloads/fib.wasm" "$root/tmp/fib.wasm"
    cp "$repo/examples/c/sensor_log.wasm" "$repo/examples/c/blink_on_press.wasm" "$root/tmp/"
    printf 'board:\n  devices:\n    led: {kind: output, provider: gpiochip, chip: gpiochip9, line: 0}\n' >"$root/tmp/board.yaml"
    mkdir -p "$root/tmp/ffm" && cp "$ffm_classes"/*.class "$root/tmp/ffm/"

    say "$arch: dpkg -i (systemd installed but not running, as in an image build)"
    timed "$arch" "$root" "dpkg -i (AOT recording limit ${aot_timeout}s)" env PINION_AOT_TIMEOUT=$aot_timeout dpkg -i /tmp/pinion.deb
    check "$arch" "dpkg -i succeeds without a running systemd" test "$last_rc" = 0
    timed "$arch" "$root" "-" sh -c 'id pinion; stat -c "%a %U:%G %n" /var/lib/pinion /etc/pinion/pinion.yaml /var/cache/pinion/*.aot; dpkg-statoverride --list; ls /etc/systemd/system/multi-user.target.wants/'
    check "$arch" "pinion user in gpio, i2c, spi, dialout" grep -q 'groups=.*dialout.*gpio.*i2c.*spi\|groups=.*gpio.*i2c.*spi.*dialout' <<<"$last_out"
    check "$arch" "/var/lib/pinion is 0750 pinion:pinion" grep -q '^750 pinion:pinion /var/lib/pinion$' <<<"$last_out"
    check "$arch" "/etc/pinion/pinion.yaml is 0640 root:pinion" grep -q '^640 root:pinion /etc/pinion/pinion.yaml$' <<<"$last_out"
    check "$arch" "service enabled for the next boot" grep -q '^pinion.service$' <<<"$last_out"
    if ((aot_timeout > 1)); then check "$arch" "AOT caches recorded at install" grep -q 'pinion-run.aot' <<<"$last_out"; fi

    say "$arch: the unit, checked by trixie's systemd"
    timed "$arch" "$root" "systemd-analyze verify" systemd-analyze verify --man=no /usr/lib/systemd/system/pinion.service
    check "$arch" "systemd-analyze verify: no complaints" test "$last_rc" = 0 -a -z "$last_out"
    timed "$arch" "$root" "-" sh -c 'systemd-analyze security --offline=true /usr/lib/systemd/system/pinion.service | tail -n 1'
    record "$arch" "systemd-analyze security" "$(grep -o 'exposure level.*' <<<"$last_out" | head -n 1)"

    say "$arch: pinion"
    timed "$arch" "$root" "pinion --version" pinion --version
    check "$arch" "pinion --version" grep -q '^pinion [0-9]' <<<"$last_out"
    timed "$arch" "$root" "pinion run hello.wasm (AOT cache if recorded)" pinion run /usr/share/pinion/examples/hello.wasm
    check "$arch" "pinion run of a WASI program" test "$last_rc" = 0 -a -n "$last_out"
    [[ -n $quick ]] || timed "$arch" "$root" "pinion run hello.wasm (no AOT cache)" env PINION_NO_AOT=1 pinion run /usr/share/pinion/examples/hello.wasm
    timed "$arch" "$root" "pinion run --invoke run fib.wasm $fib_n" pinion run --invoke run /tmp/fib.wasm "$fib_n"
    check "$arch" "fib($fib_n) = $fib_expected" test "$last_out" = "$fib_expected"
    if [[ -z $quick ]]; then
        timed "$arch" "$root" "pinion validate fib.wasm" pinion validate /tmp/fib.wasm
        check "$arch" "pinion validate" grep -q ': valid$' <<<"$last_out"
    fi

    say "$arch: a module on the simulated board, and a real gpiochip provider on a board without the chip"
    timed "$arch" "$root" "pinion run --board sim sensor_log.wasm" pinion run --board sim --grant room_temp:read /tmp/sensor_log.wasm room_temp 3
    check "$arch" "sensor_log on the simulated board" grep -q '^room_temp average: ' <<<"$last_out"
    timed "$arch" "$root" "pinion run --board (gpiochip9)" pinion run --board /tmp/board.yaml --grant led:out /tmp/blink_on_press.wasm 1
    check "$arch" "missing /dev/gpiochip9: exit code 1" test "$last_rc" = 1
    check "$arch" "missing /dev/gpiochip9: a clear error (FFM open, errno)" grep -q 'cannot open GPIO chip /dev/gpiochip9: No such file or directory (errno 2)' <<<"$last_out"

    [[ -n $quick ]] || serve_smoke "$arch" "$root"

    say "$arch: FFM downcalls (open/ioctl/close with errno) in this JRE"
    timed "$arch" "$root" "FFM smoke" java --enable-native-access=ALL-UNNAMED -cp /tmp/ffm FfmSmoke /dev/gpiochip9
    check "$arch" "ioctl(TCGETS) on a non-tty gives ENOTTY" grep -q '^ok   ioctl' <<<"$last_out"
    check "$arch" "opening a missing gpiochip gives ENOENT" grep -q '^ok   open' <<<"$last_out"

    say "$arch: upgrade (reinstall), remove, purge"
    in_root "$arch" "$root" sh -c 'echo state >/var/lib/pinion/keep-me'
    if [[ -z $quick ]]; then
    # The first install showed the AOT recording; here it is cut short (under qemu it takes minutes).
    timed "$arch" "$root" "dpkg -i again (upgrade path)" env PINION_AOT_TIMEOUT=1 dpkg -i /tmp/pinion.deb
    check "$arch" "reinstall/upgrade succeeds" test "$last_rc" = 0
    fi
    timed "$arch" "$root" "dpkg --remove" dpkg --remove pinion
    check "$arch" "remove keeps /var/lib/pinion" test -f "$root/var/lib/pinion/keep-me"
    timed "$arch" "$root" "dpkg --purge" dpkg --purge pinion
    check "$arch" "purge deletes /var/lib/pinion" test ! -e "$root/var/lib/pinion"
    check "$arch" "purge deletes /etc/pinion" test ! -e "$root/etc/pinion/pinion.yaml"

    unmount_all
    [[ -n $keep ]] || rm -rf "$root"
}

enable_binfmt
mkdir -p "$work" "$cache"
for arch in "${archs[@]}"; do
    tarball=$cache/$suite-$arch.tar.zst
    if [[ -n $rebuild || ! -f $tarball ]]; then build_root "$arch" "$tarball"; else say "$arch: using cached root $tarball"; fi
done
[[ -z $roots_only ]] || { say "roots ready"; exit 0; }

if [[ -z $deb ]]; then
    deb=$(ls -t "$repo"/packaging/target/pinion_*_all.deb 2>/dev/null | head -n 1 || true)
    [[ -n $deb ]] || die "no .deb in packaging/target; build it: ./mvnw -B -pl packaging -am package -DskipTests"
fi
[[ -f $deb ]] || die "no such file: $deb"
say "package: $deb ($(stat -c %s "$deb") bytes)"
record all ".deb size" "$(stat -c %s "$deb") bytes"
record all "Installed-Size" "$(dpkg-deb -f "$deb" Installed-Size) KiB"

# The FFM check is a tiny Java program: compile it here (the roots have a JRE only).
javac_bin=''
for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-* /usr/lib/jvm/java-25-openjdk-*; do
    [[ -n $candidate && -x $candidate/bin/javac ]] && { javac_bin=$candidate/bin/javac; break; }
done
[[ -n $javac_bin ]] || die "need a JDK 25 javac on this host for the FFM check (set JAVA_HOME)"
ffm_classes=$work/ffm
rm -rf "$ffm_classes"
"$javac_bin" --release 25 -d "$ffm_classes" "$here/src/smoke/FfmSmoke.java" || die "javac of FfmSmoke failed"

# fib(25) by default: about 250 thousand calls, seconds on arm64, minutes on armhf's interpreter-only JVM.
fib_n=${PINION_SMOKE_FIB:-25}
fib_expected=$(awk -v n="$fib_n" 'BEGIN { a = 0; b = 1; for (i = 0; i < n; i++) { t = a + b; a = b; b = t } print a }')

for arch in "${archs[@]}"; do smoke "$arch"; done

say "summary"
printf '   %-6s %-42s %s\n' arch measurement value
for line in "${results[@]}"; do
    IFS='|' read -r a name value <<<"$line"
    [[ $name == - ]] || printf '   %-6s %-42s %s\n' "$a" "$name" "$value"
done
say "total $((SECONDS - script_start)) s; $failures failed checks"
((failures == 0))
