package dev.pinion.engine.internal.exec;

import dev.pinion.engine.Limits;
import dev.pinion.engine.Memory;
import dev.pinion.engine.Trap;
import dev.pinion.engine.internal.interp.Traps;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A linear memory backed by one {@code byte[]} that may be longer than the memory: {@link #size} bytes are the
 * memory, the rest is zeroed room to grow into. Growing within that room costs nothing; past it the array is
 * replaced by one a quarter larger (or as large as needed), so a guest that grows a page at a time copies
 * O(final size) bytes in all, not O(size^2) (a malloc loop to 256 MiB took 121 s and 5.6 GB before). Every
 * access is checked against {@link #size}, not the array's length: the interpreter folds that check into the
 * effective-address computation it already did (see {@code Interpreter.ea}). Java arrays hold at most 2^31-1
 * bytes, so 32767 pages is the hard maximum whatever the module declares. The interpreter reads {@link #bytes}
 * and {@link #size} directly and re-reads them after anything that can grow the memory (calls, memory.grow).
 */
public final class MemoryInstance implements Memory {
    /** Largest page count a Java byte[] can hold. */
    public static final int MAX_JAVA_PAGES = 32_767;

    public static final VarHandle I16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    public static final VarHandle I32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    public static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /*
     * The interpreter's little-endian accesses, one VarHandle call site each. A VarHandle call site is linked
     * the first time it runs; C2 compiles a site that has not run yet into a deoptimization trap, and
     * recompiling the interpreter loop after it fires costs about a second of slow execution on a small board.
     * Routing every access through these helpers (which C2 inlines) and running each once below means the loop
     * never contains an unlinked site, whatever the first module happened to use.
     */
    public static short getI16(byte[] m, int i) { return (short) I16.get(m, i); }
    public static int getI32(byte[] m, int i) { return (int) I32.get(m, i); }
    public static long getI64(byte[] m, int i) { return (long) I64.get(m, i); }
    public static void setI16(byte[] m, int i, short v) { I16.set(m, i, v); }
    public static void setI32(byte[] m, int i, int v) { I32.set(m, i, v); }
    public static void setI64(byte[] m, int i, long v) { I64.set(m, i, v); }

    /** Does nothing but makes sure this class is initialised, so the accessors above are linked. */
    public static void linkAccessors() {}

    static {
        byte[] m = new byte[8];
        setI16(m, 0, getI16(m, 0));
        setI32(m, 0, getI32(m, 0));
        setI64(m, 0, getI64(m, 0));
    }

    /** The backing array: {@link #size} bytes of memory, then zeroed room to grow into. */
    public byte[] bytes;
    /** The memory's size in bytes (a multiple of the page size); accesses at or past it trap. */
    public int size;
    private final Limits limits;
    /** Growth stops here: the declared max, the engine's page cap and the Java array limit, whichever is least. */
    private final int capPages;

    public MemoryInstance(Limits limits, int capPages) {
        this.limits = limits;
        long max = limits.hasMax() ? Math.min(limits.max(), capPages) : capPages;
        this.capPages = (int) Math.min(max, MAX_JAVA_PAGES);
        if (limits.min() > this.capPages) {
            throw new Trap(Trap.Kind.RESOURCE_LIMIT, "memory minimum of " + limits.min()
                    + " pages exceeds the limit of " + this.capPages + " pages");
        }
        this.size = (int) limits.min() * PAGE_SIZE;
        this.bytes = new byte[size];
    }

    public static Memory create(Limits limits) {
        return new MemoryInstance(limits, MAX_JAVA_PAGES);
    }

    /** The type as seen by import matching: the current size as minimum. */
    @Override
    public Limits limits() {
        return new Limits(pages(), limits.max());
    }

    @Override
    public int pages() {
        return size / PAGE_SIZE;
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
        int newSize = (old + delta) * PAGE_SIZE;
        if (newSize > bytes.length) {
            try {
                int capacity = capacityFor(old + delta, bytes.length / PAGE_SIZE, capPages);
                bytes = Arrays.copyOf(bytes, capacity * PAGE_SIZE);
            } catch (OutOfMemoryError e) {
                // The JVM's heap cannot hold it: to the guest that is a failed grow, which it can handle (malloc
                // returns NULL), not a crash of the whole runtime.
                return -1;
            }
        }
        size = newSize;
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

    private int index(long addr, int length) {
        if (addr < 0 || addr + length > size) throw Traps.memory();
        return (int) addr;
    }

    @Override
    public byte readByte(long addr) {
        return bytes[index(addr, 1)];
    }

    @Override
    public short readShort(long addr) {
        return (short) I16.get(bytes, index(addr, 2));
    }

    @Override
    public int readInt(long addr) {
        return (int) I32.get(bytes, index(addr, 4));
    }

    @Override
    public long readLong(long addr) {
        return (long) I64.get(bytes, index(addr, 8));
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
        bytes[index(addr, 1)] = v;
    }

    @Override
    public void writeShort(long addr, short v) {
        I16.set(bytes, index(addr, 2), v);
    }

    @Override
    public void writeInt(long addr, int v) {
        I32.set(bytes, index(addr, 4), v);
    }

    @Override
    public void writeLong(long addr, long v) {
        I64.set(bytes, index(addr, 8), v);
    }

    @Override
    public void writeFloat(long addr, float v) {
        writeInt(addr, Float.floatToRawIntBits(v));
    }

    @Override
    public void writeDouble(long addr, double v) {
        writeLong(addr, Double.doubleToRawLongBits(v));
    }

    @Override
    public void read(long addr, byte[] dst, int off, int len) {
        System.arraycopy(bytes, index(addr, len), dst, off, len);
    }

    @Override
    public void write(long addr, byte[] src, int off, int len) {
        System.arraycopy(src, off, bytes, index(addr, len), len);
    }

    @Override
    public void fill(long addr, byte value, long len) {
        if (len < 0 || addr < 0 || addr + len > size) throw Traps.memory();
        Arrays.fill(bytes, (int) addr, (int) (addr + len), value);
    }
}
