#!/usr/bin/env bash
# arm-smoke.sh: installs the pinion .deb into Debian trixie roots for arm64 and armhf under qemu-user emulation
# and runs it there. Proof that the package works on a Raspberry Pi's OS without a board.
#
# Usage: sudo packaging/arm-smoke.sh [--deb FILE] [--arch arm64|armhf]... [--rebuild-roots] [--keep]
#   --deb FILE        the package to test (default: packaging/target/pinion_*_all.deb; build it with
#                     ./mvnw -B -pl packaging -am package -DskipTests)
#   --arch ARCH       test only this architecture (repeatable; default: arm64 and armhf)
#   --rebuild-roots   build the cached roots again (e.g. to pick up a new openjdk-25 security release)
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

deb='' archs=() rebuild='' keep='' roots_only=''
while (($#)); do
    case $1 in
        --deb) deb=$2; shift 2 ;;
        --arch) archs+=("$2"); shift 2 ;;
        --rebuild-roots) rebuild=1; shift ;;
        --roots-only) roots_only=1; shift ;;   # build the cached roots and stop (for warming a CI cache)
        --keep) keep=1; shift ;;
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

enable_binfmt
mkdir -p "$work" "$cache"
for arch in "${archs[@]}"; do
    tarball=$cache/$suite-$arch.tar.zst
    if [[ -n $rebuild || ! -f $tarball ]]; then build_root "$arch" "$tarball"; else say "$arch: using cached root $tarball"; fi
done
[[ -z $roots_only ]] || { say "roots ready"; exit 0; }
