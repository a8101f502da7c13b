package dev.pinion.engine.internal.exec;

import java.lang.foreign.MemorySegment;

/**
 * Linear-memory accesses in plain Java on the memory's {@code byte[]}, for a JVM without a JIT compiler (the Zero
 * VM of Debian's armhf JDK, {@code -Xint}), where {@link MemoryInstance}'s accessors take this path instead of
 * {@code MemorySegment.get/set}.
 *
 * <p>Why: a segment access is a VarHandle call chain that C2 folds into a bounds check and a load, but that an
 * interpreter-only JVM runs call by call, dozens of them per access. Here an access is one call, a compare of the
 * segment with the last one seen, a bounds check and array loads assembled with shifts (little-endian, any
 * alignment). Measured under qemu-arm on the Zero VM, one 4-byte load plus one store: 164 us through the
 * segment, 52 us through a little-endian heap {@code ByteBuffer} (also a chain of checks and Unsafe calls),
 * 6.8 us with shifts written in the accessor, 10.7 us with them one call further down, as here (engine
 * RATIONALE.md, "Memory access without a JIT").
 *
 * <p>The callers still pass the memory's segment (a heap segment over the array, from offset 0), so the
 * interpreter, tier 2's compiled code and SIMD have the same call sites on both paths. The array behind a segment is
 * found once ({@link MemorySegment#heapBase()}) and kept with the segment's length in {@link #last}: a segment is
 * immutable and so is the pair, so a thread that reads another thread's pair at worst finds it is not its own
 * segment and looks its own up again. Two memories used in turn each cost a lookup per switch, not per access.
 */
public final class ArrayAccess {
    private ArrayAccess() {}

    /** {@code array}: this path even with a JIT (tests; the value of {@code -Dpinion.memory}). */
    static final String MODE = "array";

    /**
     * Whether {@link MemoryInstance}'s accessors use this class: without a JIT unless {@code -Dpinion.memory} asks
     * for segments ({@code heap} or {@code native}), or with {@code -Dpinion.memory=array}. A constant, so that
     * with a JIT the test in each accessor is folded away and the compiled code is the segment access alone.
     */
    public static final boolean ENABLED = enabled(System.getProperty(NativeMemory.MODE_PROPERTY), Jvm.hasJit());

    static boolean enabled(String mode, boolean hasJit) {
        return MODE.equals(mode) || (mode == null && !hasJit);
    }

    /** A segment, the array it is a view of (from index 0) and its length. */
    private static final class View {
        final MemorySegment segment;
        final byte[] bytes;
        final long size;

        View(MemorySegment segment, byte[] bytes, long size) {
            this.segment = segment;
            this.bytes = bytes;
            this.size = size;
        }
    }

    /** The segment accessed last, with its array. Never null. */
    private static View last = new View(null, new byte[0], 0);

    private static View lookUp(MemorySegment m) {
        // Only heap segments reach here: with this path enabled every memory is on the heap (NativeMemory).
        View v = new View(m, (byte[]) m.heapBase().orElseThrow(), m.byteSize());
        last = v;
        return v;
    }

    private static IndexOutOfBoundsException outOfBounds(long i, int length, long size) {
        return new IndexOutOfBoundsException("access of " + length + " bytes at " + i + " in " + size);
    }

    public static byte getI8(MemorySegment m, long i) {
        View v = last;
        if (v.segment != m) v = lookUp(m);
        if (i < 0 || i >= v.size) throw outOfBounds(i, 1, v.size);
        return v.bytes[(int) i];
    }

    public static short getI16(MemorySegment m, long i) {
        View v = last;
        if (v.segment != m) v = lookUp(m);
        if (i < 0 || i > v.size - 2) throw outOfBounds(i, 2, v.size);
        byte[] b = v.bytes;
        int j = (int) i;
        return (short) ((b[j] & 0xFF) | b[j + 1] << 8);
    }

    public static int getI32(MemorySegment m, long i) {
        View v = last;
        if (v.segment != m) v = lookUp(m);
        if (i < 0 || i > v.size - 4) throw outOfBounds(i, 4, v.size);
        byte[] b = v.bytes;
        int j = (int) i;
        return (b[j] & 0xFF) | (b[j + 1] & 0xFF) << 8 | (b[j + 2] & 0xFF) << 16 | b[j + 3] << 24;
    }

    public static long getI64(MemorySegment m, long i) {
        View v = last;
        if (v.segment != m) v = lookUp(m);
        if (i < 0 || i > v.size - 8) throw outOfBounds(i, 8, v.size);
        byte[] b = v.bytes;
        int j = (int) i;
        int lo = (b[j] & 0xFF) | (b[j + 1] & 0xFF) << 8 | (b[j + 2] & 0xFF) << 16 | b[j + 3] << 24;
        int hi = (b[j + 4] & 0xFF) | (b[j + 5] & 0xFF) << 8 | (b[j + 6] & 0xFF) << 16 | b[j + 7] << 24;
        return (lo & 0xFFFF_FFFFL) | (long) hi << 32;
    }

    public static void setI8(MemorySegment m, long i, byte x) {
        View v = last;
        if (v.segment != m) v = lookUp(m);
        if (i < 0 || i >= v.size) throw outOfBounds(i, 1, v.size);
        v.bytes[(int) i] = x;
    }

    public static void setI16(MemorySegment m, long i, short x) {
        View v = last;
        if (v.segment != m) v = lookUp(m);
        if (i < 0 || i > v.size - 2) throw outOfBounds(i, 2, v.size);
        byte[] b = v.bytes;
        int j = (int) i;
        b[j] = (byte) x;
        b[j + 1] = (byte) (x >> 8);
    }

    public static void setI32(MemorySegment m, long i, int x) {
        View v = last;
        if (v.segment != m) v = lookUp(m);
        if (i < 0 || i > v.size - 4) throw outOfBounds(i, 4, v.size);
        byte[] b = v.bytes;
        int j = (int) i;
        b[j] = (byte) x;
        b[j + 1] = (byte) (x >> 8);
        b[j + 2] = (byte) (x >> 16);
        b[j + 3] = (byte) (x >> 24);
    }

    public static void setI64(MemorySegment m, long i, long x) {
        View v = last;
        if (v.segment != m) v = lookUp(m);
        if (i < 0 || i > v.size - 8) throw outOfBounds(i, 8, v.size);
        byte[] b = v.bytes;
        int j = (int) i;
        int lo = (int) x, hi = (int) (x >>> 32);
        b[j] = (byte) lo;
        b[j + 1] = (byte) (lo >> 8);
        b[j + 2] = (byte) (lo >> 16);
        b[j + 3] = (byte) (lo >> 24);
        b[j + 4] = (byte) hi;
        b[j + 5] = (byte) (hi >> 8);
        b[j + 6] = (byte) (hi >> 16);
        b[j + 7] = (byte) (hi >> 24);
    }
}
