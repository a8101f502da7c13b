package dev.pinion.engine.internal.exec;

import dev.pinion.engine.Limits;
import dev.pinion.engine.Memory;
import dev.pinion.engine.Trap;
import dev.pinion.engine.internal.interp.Traps;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A linear memory: {@link #segment} is exactly the memory's {@link #size} bytes, a slice of a larger
 * {@code reservation} that it grows into.
 *
 * <p>Where the engine may call native code (Linux, {@code --enable-native-access}) the reservation is address
 * space reserved once, at the memory's maximum, with {@code mmap} ({@link NativeMemory}): pages are zero-filled
 * on first touch, RSS is what the guest touched, and {@code memory.grow} only takes a longer slice, never
 * copies. Elsewhere the reservation is a heap {@code byte[]} replaced by one a quarter larger when outgrown
 * (O(final size) bytes copied in all, not O(size^2)); Java arrays then cap a memory at 32767 pages. If the
 * kernel refuses a reservation that large (a 32-bit process's address space), smaller ones are tried and
 * outgrowing one copies into a quarter larger one, whose predecessor's pages are given back at once.
 *
 * <p>Bounds: the segment is as long as the memory, so the segment's own check on every access is the Wasm
 * bounds check; the interpreter computes the 33-bit effective address and lets that check throw
 * (IndexOutOfBoundsException, which it turns into the out-of-bounds trap). The interpreter reads
 * {@link #segment} directly and re-reads it after anything that can grow the memory (calls, memory.grow).
 */
public final class MemoryInstance implements Memory {
    /** Largest page count a Java byte[] can hold (the heap fallback's limit). */
    public static final int MAX_JAVA_PAGES = 32_767;
    /** Largest page count of a 32-bit memory (4 GiB). */
    public static final int MAX_PAGES = 65_536;

    /** Little-endian, unaligned: Wasm's memory layout on any host. */
    public static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    public static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    public static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfByte I8 = ValueLayout.JAVA_BYTE;

    /*
     * The interpreter's accesses, one call site each. Segment accesses go through VarHandles; a VarHandle call
     * site is linked the first time it runs, C2 compiles a site that has not run yet into a deoptimization trap,
     * and recompiling the interpreter loop after it fires costs about a second of slow execution on a small
     * board. Routing every access through these helpers (which C2 inlines) and running each once below means the
     * loop never contains an unlinked site, whatever the first module happened to use.
     *
     * Without a JIT (ArrayAccess.ENABLED, a constant: with a JIT the test folds away) they are plain array code
     * instead: the same call sites, a few bytecodes where the segment access is dozens of interpreted calls.
     */
    public static byte getI8(MemorySegment m, long i) {
        if (ArrayAccess.ENABLED) return ArrayAccess.getI8(m, i);
        return m.get(I8, i);
    }

    public static short getI16(MemorySegment m, long i) {
        if (ArrayAccess.ENABLED) return ArrayAccess.getI16(m, i);
        return m.get(I16, i);
    }

    public static int getI32(MemorySegment m, long i) {
        if (ArrayAccess.ENABLED) return ArrayAccess.getI32(m, i);
        return m.get(I32, i);
    }

    public static long getI64(MemorySegment m, long i) {
        if (ArrayAccess.ENABLED) return ArrayAccess.getI64(m, i);
        return m.get(I64, i);
    }

    public static void setI8(MemorySegment m, long i, byte v) {
        if (ArrayAccess.ENABLED) ArrayAccess.setI8(m, i, v);
        else m.set(I8, i, v);
    }

    public static void setI16(MemorySegment m, long i, short v) {
        if (ArrayAccess.ENABLED) ArrayAccess.setI16(m, i, v);
        else m.set(I16, i, v);
    }

    public static void setI32(MemorySegment m, long i, int v) {
        if (ArrayAccess.ENABLED) ArrayAccess.setI32(m, i, v);
        else m.set(I32, i, v);
    }

    public static void setI64(MemorySegment m, long i, long v) {
        if (ArrayAccess.ENABLED) ArrayAccess.setI64(m, i, v);
        else m.set(I64, i, v);
    }

    /** Does nothing but makes sure this class is initialised, so the accessors above are linked. */
    public static void linkAccessors() {}

    /** A memory of no bytes, of the same segment class as every other memory in this JVM. */
    public static final MemorySegment EMPTY;

    static {
        boolean offHeap = NativeMemory.available();
        EMPTY = offHeap ? MemorySegment.NULL : MemorySegment.ofArray(new byte[0]);
        // Linked on a segment of the kind the memories will be, so the type profile the helpers collect is theirs.
        MemorySegment m = offHeap ? Arena.ofAuto().allocate(8) : MemorySegment.ofArray(new byte[8]);
        setI8(m, 0, getI8(m, 0));
        setI16(m, 0, getI16(m, 0));
        setI32(m, 0, getI32(m, 0));
        setI64(m, 0, getI64(m, 0));
    }

    /** The memory: exactly {@link #size} bytes. Replaced (never copied, on the native path) when it grows. */
    public MemorySegment segment;
    /** The memory's size in bytes (a multiple of the page size). */
    public long size;
    /** What {@link #segment} is a slice of: the memory and zeroed room to grow into. */
    private MemorySegment reservation;
    /** The array behind {@link #reservation} on the heap (null off-heap): bulk copies without a JIT use it. */
    private byte[] array;
    private final boolean offHeap;
    private final Limits limits;
    /** Growth stops here: the declared max, the engine's page cap and the backing's limit, whichever is least. */
    private final int capPages;

    public MemoryInstance(Limits limits, int capPages) {
        this(limits, capPages, NativeMemory.available());
    }

    /** A memory on the Java heap whatever the platform offers (for tests of that path). */
    public static MemoryInstance onHeap(Limits limits, int capPages) {
        return new MemoryInstance(limits, capPages, false);
    }

    private MemoryInstance(Limits limits, int capPages, boolean offHeap) {
        this.limits = limits;
        this.offHeap = offHeap;
        long max = limits.hasMax() ? Math.min(limits.max(), capPages) : capPages;
        this.capPages = (int) Math.min(max, offHeap ? MAX_PAGES : MAX_JAVA_PAGES);
        if (limits.min() > this.capPages) {
            throw new Trap(Trap.Kind.RESOURCE_LIMIT, "memory minimum of " + limits.min()
                    + " pages exceeds the limit of " + this.capPages + " pages");
        }
        this.size = limits.min() * PAGE_SIZE;
        if (offHeap) {
            this.reservation = reserveNative(this.capPages);
        } else {
            this.array = new byte[(int) size];
            this.reservation = MemorySegment.ofArray(array);
        }
        if (reservation == null) {
            throw new Trap(Trap.Kind.RESOURCE_LIMIT, "could not reserve address space for a memory of "
                    + limits.min() + " pages");
        }
        this.segment = reservation.asSlice(0, size);
    }

    /**
     * The whole cap if the kernel grants it (64-bit: always, it is only address space); otherwise halves until
     * one fits, but never less than the current size. Null if not even that fits.
     */
    private MemorySegment reserveNative(int pages) {
        long least = size;
        MemorySegment whole = NativeMemory.reserve((long) pages * PAGE_SIZE);
        if (whole != null) return whole;
        // Address space (or the kernel's map count) may be held by memories that are unreachable but not yet
        // collected: their reservations are unmapped only when the GC finds them, so ask for that once.
        System.gc();
        for (long bytes = (long) pages * PAGE_SIZE; ; bytes = (bytes / 2) / PAGE_SIZE * PAGE_SIZE) {
            if (bytes < least) bytes = least;
            MemorySegment r = NativeMemory.reserve(bytes);
            if (r != null || bytes == least) return r;
        }
    }

    public static Memory create(Limits limits) {
        return new MemoryInstance(limits, MAX_PAGES);
    }

    /** Bytes of room the memory can grow into without copying (tests and diagnostics). */
    public long capacity() {
        return reservation.byteSize();
    }

    /** Whether this memory is reserved off the Java heap. */
    public boolean offHeap() {
        return offHeap;
    }

    /** The type as seen by import matching: the current size as minimum. */
    @Override
    public Limits limits() {
        return new Limits(pages(), limits.max());
    }

    @Override
    public int pages() {
        return (int) (size / PAGE_SIZE);
    }

    @Override
    public long byteSize() {
        return size;
    }

    @Override
    public int grow(int delta) {
        int old = pages();
        if (delta == 0) return old;
        if (delta < 0 || (long) old + delta > capPages) return -1;
        long newSize = (long) (old + delta) * PAGE_SIZE;
        if (newSize > reservation.byteSize()) {
            // Only the heap fallback and a native reservation smaller than the cap get here.
            int capacity = capacityFor(old + delta, (int) (reservation.byteSize() / PAGE_SIZE), capPages);
            MemorySegment bigger;
            byte[] biggerArray = null;
            if (offHeap) {
                bigger = NativeMemory.reserve((long) capacity * PAGE_SIZE);
                if (bigger == null) return -1; // out of address space: a failed grow, which the guest can handle
            } else {
                try {
                    biggerArray = new byte[capacity * PAGE_SIZE];
                } catch (OutOfMemoryError e) {
                    // The JVM's heap cannot hold it: to the guest that is a failed grow (malloc returns NULL),
                    // not a crash of the whole runtime.
                    return -1;
                }
                bigger = MemorySegment.ofArray(biggerArray);
            }
            MemorySegment.copy(reservation, 0, bigger, 0, size);
            array = biggerArray;
            if (offHeap) NativeMemory.release(reservation);
            reservation = bigger;
        }
        size = newSize;
        segment = reservation.asSlice(0, newSize);
        return old;
    }

    /**
     * Pages to allocate when {@code needed} pages no longer fit in {@code capacity}: a quarter more than the
     * current capacity, at least what is needed, at most {@code cap}. A quarter (not the usual half or double)
     * because the old and the new array coexist while copying: with 1.25 the peak is at most 2.25 times the old
     * array, and the unused room at the end at most a fifth of the array.
     */
    static int capacityFor(int needed, int capacity, int cap) {
        long grown = capacity + Math.max(capacity / 4, 1);
        return (int) Math.min(cap, Math.max(needed, grown));
    }

    private long index(long addr, int length) {
        if (addr < 0 || addr + length > size) throw Traps.memory();
        return addr;
    }

    @Override
    public byte readByte(long addr) {
        return getI8(segment, index(addr, 1));
    }

    @Override
    public short readShort(long addr) {
        return getI16(segment, index(addr, 2));
    }

    @Override
    public int readInt(long addr) {
        return getI32(segment, index(addr, 4));
    }

    @Override
    public long readLong(long addr) {
        return getI64(segment, index(addr, 8));
    }

    @Override
    public float readFloat(long addr) {
        return Float.intBitsToFloat(readInt(addr));
    }

    @Override
    public double readDouble(long addr) {
        return Double.longBitsToDouble(readLong(addr));
    }

    @Override
    public void writeByte(long addr, byte v) {
        setI8(segment, index(addr, 1), v);
    }

    @Override
    public void writeShort(long addr, short v) {
        setI16(segment, index(addr, 2), v);
    }

    @Override
    public void writeInt(long addr, int v) {
        setI32(segment, index(addr, 4), v);
    }

    @Override
    public void writeLong(long addr, long v) {
        setI64(segment, index(addr, 8), v);
    }

    @Override
    public void writeFloat(long addr, float v) {
        writeInt(addr, Float.floatToRawIntBits(v));
    }

    @Override
    public void writeDouble(long addr, double v) {
        writeLong(addr, Double.doubleToRawLongBits(v));
    }

    // Bulk operations: without a JIT (ArrayAccess.ENABLED) on the array, one native call instead of the
    // segment API's checks and scoped-access calls, interpreted.

    @Override
    public void read(long addr, byte[] dst, int off, int len) {
        if (ArrayAccess.ENABLED) System.arraycopy(array, (int) index(addr, len), dst, off, len);
        else MemorySegment.copy(segment, I8, index(addr, len), dst, off, len);
    }

    @Override
    public void write(long addr, byte[] src, int off, int len) {
        if (ArrayAccess.ENABLED) System.arraycopy(src, off, array, (int) index(addr, len), len);
        else MemorySegment.copy(src, off, segment, I8, index(addr, len), len);
    }

    @Override
    public void fill(long addr, byte value, long len) {
        if (len < 0 || addr < 0 || addr + len > size) throw Traps.memory();
        if (ArrayAccess.ENABLED) Arrays.fill(array, (int) addr, (int) (addr + len), value);
        else segment.asSlice(addr, len).fill(value);
    }

    /** memory.copy: {@code len} bytes from {@code src} to {@code dst}, overlapping ranges as memmove does. */
    public void copyWithin(long dst, long src, long len) {
        if (len < 0 || src < 0 || dst < 0 || src + len > size || dst + len > size) throw Traps.memory();
        if (ArrayAccess.ENABLED) System.arraycopy(array, (int) src, array, (int) dst, (int) len);
        else MemorySegment.copy(segment, src, segment, dst, len);
    }
}
