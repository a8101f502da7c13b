package dev.pinion.engine;

import java.nio.charset.StandardCharsets;

/**
 * A linear memory. All accessors are little-endian and bounds-checked: an access outside the memory throws a
 * {@link Trap} of kind {@link Trap.Kind#OUT_OF_BOUNDS_MEMORY} (host functions turn that into EFAULT).
 * Addresses are unsigned 32-bit values passed in an {@code int}... or a {@code long}. Not for embedders to implement.
 */
public interface Memory {
    int PAGE_SIZE = 65_536;

    /** A standalone memory, e.g. for a host module to export. */
    static Memory create(Limits limits) {
        return dev.pinion.engine.internal.exec.MemoryInstance.create(limits);
    }

    Limits limits();

    /** Current size in pages. */
    int pages();

    /** Current size in bytes. */
    long byteSize();

    /** Grow by {@code delta} pages; returns the old size in pages, or -1 if the memory cannot grow that far. */
    int grow(int delta);

    byte readByte(long addr);

    short readShort(long addr);

    int readInt(long addr);

    long readLong(long addr);

    float readFloat(long addr);

    double readDouble(long addr);

    void writeByte(long addr, byte v);

    void writeShort(long addr, short v);

    void writeInt(long addr, int v);

    void writeLong(long addr, long v);

    void writeFloat(long addr, float v);

    void writeDouble(long addr, double v);

    /** Copy {@code len} bytes from memory at {@code addr} into {@code dst[off..]}. */
    void read(long addr, byte[] dst, int off, int len);

    /** Copy {@code len} bytes of {@code src[off..]} into memory at {@code addr}. */
    void write(long addr, byte[] src, int off, int len);

    default byte[] readBytes(long addr, int len) {
        byte[] b = new byte[len];
        read(addr, b, 0, len);
        return b;
    }

    default void write(long addr, byte[] src) {
        write(addr, src, 0, src.length);
    }

    default String readString(long addr, int len) {
        return new String(readBytes(addr, len), StandardCharsets.UTF_8);
    }

    void fill(long addr, byte value, long len);
}
