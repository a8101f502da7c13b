# pinion-env.sh: sourced by /usr/bin/pinion and /usr/share/pinion/record-aot-cache (bash). Finds the Java
# runtime and picks the JVM flags, with bash builtins only: this runs before every pinion command.
#
# Sets: java_home, java (the binary), jvm_64bit (1 or empty), jvm_zero (1 if the JVM is OpenJDK Zero, the
# interpreter-only VM of Debian's armhf JRE), java_opts (flags for commands that run guest code),
# cli_opts (flags for short commands that never do), jar, aot_dir.

jar=/usr/share/pinion/pinion.jar
# Written by the package's postinst (as root), read by everyone; see record-aot-cache.
aot_dir=${PINION_AOT_DIR:-/var/cache/pinion}

# Reads $1/release: sets jdk_major, jdk_arch and jdk_variant. No JVM start, no subshell.
read_release() {
    local line value
    jdk_major='' jdk_arch='' jdk_variant=''
    [[ -x $1/bin/java && -r $1/release ]] || return 1
    while IFS= read -r line; do
        value=${line#*=}
        value=${value//\"/}
        case $line in
            JAVA_VERSION=*) value=${value#1.}; jdk_major=${value%%[.+-]*} ;;
            OS_ARCH=*) jdk_arch=$value ;;
            JVM_VARIANT=* | JVM_VARIANTS=*) jdk_variant=$value ;;
        esac
    done <"$1/release"
    [[ $jdk_major =~ ^[0-9]+$ ]]
}

is_java25() { read_release "$1" && ((jdk_major >= 25)); }

# JAVA_HOME if it is 25 or newer, then Debian's openjdk-25 (the package's dependency), then any other JVM under
# /usr/lib/jvm, then `java` on PATH.
find_java_home() {
    local candidate java_bin
    java_home=''
    if [[ -n ${JAVA_HOME:-} ]] && is_java25 "$JAVA_HOME"; then java_home=$JAVA_HOME; return 0; fi
    for candidate in /usr/lib/jvm/java-25-openjdk-* /usr/lib/jvm/temurin-25-* /usr/lib/jvm/*; do
        if [[ -d $candidate ]] && is_java25 "$candidate"; then java_home=$candidate; return 0; fi
    done
    if java_bin=$(command -v java); then
        java_bin=$(readlink -f "$java_bin")
        candidate=${java_bin%/bin/java}
        if is_java25 "$candidate"; then java_home=$candidate; return 0; fi
    fi
    return 1
}

if ! find_java_home; then
    {
        echo "pinion: no Java 25 runtime found."
        echo "  Looked at: \$JAVA_HOME (${JAVA_HOME:-not set}), /usr/lib/jvm/*, and 'java' on PATH."
        echo "  Install one: sudo apt install openjdk-25-jre-headless (Debian trixie, Raspberry Pi OS trixie)."
    } >&2
    exit 1
fi
java=$java_home/bin/java
read_release "$java_home"
jvm_64bit='' jvm_zero=''
case $jdk_arch in aarch64 | arm64 | x86_64 | amd64 | riscv64 | ppc64*) jvm_64bit=1 ;; esac
# Debian's armhf JRE is Zero (no JIT); its release file may not say so, but its libjvm lives in lib/zero.
if [[ $jdk_variant == *zero* || (-e $java_home/lib/zero/libjvm.so && ! -e $java_home/lib/server/libjvm.so) ]]; then
    jvm_zero=1
fi

# Flags for a small board: the serial GC (no GC threads, the smallest footprint), no perf-data mmap file, and
# compact object headers (8-byte headers: about 10-20% less heap; 64-bit JVMs only, a 32-bit JVM rejects the
# flag). The service adds a heap cap through PINION_JAVA_OPTS (see pinion.service).
java_opts=(-XX:+UseSerialGC -XX:-UsePerfData)
[[ -z $jvm_64bit ]] || java_opts+=(-XX:+UseCompactObjectHeaders)
# Commands that never run guest code end before C2 pays back its compile time: C1 only. Zero has neither.
cli_opts=("${java_opts[@]}")
[[ -n $jvm_zero ]] || cli_opts+=(-XX:TieredStopAtLevel=1)
# Guest code gets two C2 compiler threads where HotSpot would start one (1-3 cores): a C2 compile of the
# interpreter's dispatch loop (~0.8 s on a 2-core box) otherwise holds back the hot tier-2 classes' (RATIONALE.md,
# "JVM flags for small boards"). Zero has no compiler and rejects the flag.
[[ -n $jvm_zero ]] || java_opts+=(-XX:CICompilerCount=3)

# The AOT cache for a command: `run` has its own (RATIONALE.md, "Start-up": a shared cache makes both slower).
aot_cache_for() { if [[ $1 == run ]]; then aot=$aot_dir/pinion-run.aot; else aot=$aot_dir/pinion.aot; fi; }

# A cache is used only if it was recorded from this jar by this JVM, after both were installed: the JVM would
# reject a stale one after slowly checking it.
aot_fresh() {
    local recorded_with
    [[ -f $1 && $1 -nt $jar && $1 -nt $java_home/release && -f $1.jvm ]] || return 1
    read -r recorded_with <"$1.jvm" && [[ $recorded_with == "$java_home" ]]
}
