package dev.pinion.engine.internal.exec;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Locale;
import java.util.Set;

/**
 * Address space for linear memories, taken from the kernel with {@code mmap} through the JDK's foreign function
 * API (no library of ours, no dependency). A reservation is anonymous, private and {@code MAP_NORESERVE}: its
 * pages cost nothing until the guest first touches them, and then read as zeroes, as a memory's new pages must.
 * So a memory reserved once at its maximum grows by raising its size, without copying, and the process's RSS is
 * what the guest touched. A reservation is unmapped when no segment of it is reachable any more (an automatic
 * arena's cleanup), never earlier, so no Java code can reach unmapped memory.
 *
 * <p>Available on Linux on the architectures whose {@code mmap} flag values are the generic ones, and only when
 * the JVM lets the engine call native code ({@code --enable-native-access}); otherwise {@link #available()} is
 * false and memories live on the Java heap (see {@link MemoryInstance}). The reason is logged once per JVM.
 */
final class NativeMemory {
    private NativeMemory() {}

    private static final System.Logger LOG = System.getLogger("dev.pinion.engine");

    // Linux's generic values (asm-generic/mman*.h), shared by x86, x86-64, arm, aarch64 and riscv; not by the
    // architectures listed out below (mips, powerpc, sparc, alpha use other numbers).
    private static final int PROT_READ = 1, PROT_WRITE = 2, MAP_PRIVATE = 0x02, MAP_ANONYMOUS = 0x20,
            MAP_NORESERVE = 0x4000, MADV_DONTNEED = 4;
    private static final Set<String> GENERIC_ARCHS = Set.of("amd64", "x86_64", "aarch64", "arm", "x86", "i386",
            "i486", "i586", "i686", "riscv64");

    /**
     * {@code heap} forces memories onto the Java heap (accessed as segments); {@code array} too, accessed as arrays
     * ({@link ArrayAccess}, the default without a JIT); {@code native} asks for reservations even on a JVM without
     * a JIT (where they are off by default); unset means native where possible.
     */
    static final String MODE_PROPERTY = "pinion.memory";

    private static final MethodHandle MMAP, MUNMAP, MADVISE;
    private static final String UNAVAILABLE; // why not, or null when available

    static {
        MethodHandle mmap = null, munmap = null, madvise = null;
        String why = unavailableReason();
        if (why == null) {
            try {
                Linker linker = Linker.nativeLinker();
                SymbolLookup libc = linker.defaultLookup();
                MemoryLayout sizeT = linker.canonicalLayouts().get("size_t");
                MemoryLayout offT = linker.canonicalLayouts().get("long"); // off_t of the plain mmap symbol
                mmap = linker.downcallHandle(libc.find("mmap").orElseThrow(), FunctionDescriptor.of(
                        ValueLayout.ADDRESS, ValueLayout.ADDRESS, sizeT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                        ValueLayout.JAVA_INT, offT));
                munmap = linker.downcallHandle(libc.find("munmap").orElseThrow(),
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, sizeT));
                madvise = linker.downcallHandle(libc.find("madvise").orElseThrow(),
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, sizeT, ValueLayout.JAVA_INT));
                // size_t and off_t are 4 bytes on 32-bit ARM: the handles then take ints; adapt them to longs.
                if (sizeT.byteSize() == 4) {
                    mmap = MethodHandles.explicitCastArguments(mmap, MethodType.methodType(MemorySegment.class,
                            MemorySegment.class, long.class, int.class, int.class, int.class, long.class));
                    munmap = MethodHandles.explicitCastArguments(munmap,
                            MethodType.methodType(int.class, MemorySegment.class, long.class));
                    madvise = MethodHandles.explicitCastArguments(madvise,
                            MethodType.methodType(int.class, MemorySegment.class, long.class, int.class));
                }
            } catch (RuntimeException | LinkageError e) {
                why = "the JVM could not link mmap (" + e + ")";
                mmap = munmap = madvise = null;
            }
        }
        MMAP = mmap;
        MUNMAP = munmap;
        MADVISE = madvise;
        UNAVAILABLE = why;
        if (why != null) {
            // Once per JVM, not per memory. Quiet where native memory was never an option (another OS, or the
            // user asked for the heap); a warning where one JVM flag would give it.
            boolean fixable = why.contains("--enable-native-access");
            LOG.log(fixable ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG,
                    "linear memories are on the Java heap and copied when they grow: " + why);
        }
    }

    private static String unavailableReason() {
        String mode = System.getProperty(MODE_PROPERTY);
        if ("heap".equals(mode) || ArrayAccess.MODE.equals(mode)) return "-D" + MODE_PROPERTY + "=" + mode + " is set";
        if (!Jvm.hasJit() && !"native".equals(System.getProperty(MODE_PROPERTY))) {
            // Without a JIT (Debian's armhf JDK is the Zero VM) setting up the FFM linker costs seconds at every
            // start (3.5 s measured under qemu-arm); -Dpinion.memory=native still asks for it.
            return "this JVM has no JIT compiler (" + Jvm.DESCRIPTION + "); -D" + MODE_PROPERTY
                    + "=native reserves off-heap anyway";
        }
        String os = System.getProperty("os.name", "");
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!os.equals("Linux")) return "native reservations are implemented for Linux only, this is " + os;
        if (!GENERIC_ARCHS.contains(arch)) return "mmap flags for " + arch + " are not known to the engine";
        if (!NativeMemory.class.getModule().isNativeAccessEnabled()) {
            Module m = NativeMemory.class.getModule();
            String name = m.isNamed() ? m.getName() : "ALL-UNNAMED";
            return "native access is not enabled for the engine; start the JVM with --enable-native-access="
                    + name + " to reserve memories off-heap (grown without copying)";
        }
        return null;
    }

    /** Whether {@link #reserve} can be called. */
    static boolean available() {
        return UNAVAILABLE == null;
    }

    /**
     * Reserves {@code bytes} of zero-filled address space, or returns null if the kernel refuses (a 32-bit
     * process out of address space, strict overcommit accounting). The segment is unmapped once unreachable.
     */
    static MemorySegment reserve(long bytes) {
        if (bytes == 0) return MemorySegment.NULL;
        if (ValueLayout.ADDRESS.byteSize() == 4 && bytes >= 1L << 32) return null; // not in a 32-bit size_t
        MemorySegment at;
        try {
            at = (MemorySegment) MMAP.invokeExact(MemorySegment.NULL, bytes, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0L);
        } catch (Throwable e) {
            throw new IllegalStateException("mmap of " + bytes + " bytes failed", e);
        }
        long address = at.address();
        if (address == -1L || address == 0xFFFF_FFFFL && ValueLayout.ADDRESS.byteSize() == 4) return null;
        // The cleanup must not capture the segment (or the arena would stay reachable through it): only the
        // address and the length.
        return at.reinterpret(bytes, Arena.ofAuto(), s -> unmap(address, bytes));
    }

    private static void unmap(long address, long bytes) {
        try {
            int rc = (int) MUNMAP.invokeExact(MemorySegment.ofAddress(address), bytes);
            if (rc != 0) LOG.log(System.Logger.Level.WARNING, "munmap of a linear memory failed: " + rc);
        } catch (Throwable e) {
            LOG.log(System.Logger.Level.WARNING, "munmap of a linear memory failed", e);
        }
    }

    /**
     * Gives the pages of a reservation that is no longer used back to the kernel now rather than when the GC
     * finds it unreachable. Memory-safe even if a stale reference still reads it: a private anonymous mapping
     * reads as zeroes after MADV_DONTNEED, it does not fault.
     */
    static void release(MemorySegment reservation) {
        if (reservation.byteSize() == 0) return;
        try {
            int rc = (int) MADVISE.invokeExact(reservation, reservation.byteSize(), MADV_DONTNEED);
            if (rc != 0) LOG.log(System.Logger.Level.DEBUG, "madvise(MADV_DONTNEED) failed: " + rc);
        } catch (Throwable e) {
            LOG.log(System.Logger.Level.DEBUG, "madvise(MADV_DONTNEED) failed", e);
        }
    }
}
