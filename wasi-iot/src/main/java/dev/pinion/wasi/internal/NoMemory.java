package dev.pinion.wasi.internal;

import dev.pinion.engine.Limits;
import dev.pinion.engine.Memory;
import dev.pinion.engine.Trap;

/** Stands in for a module without memory: zero bytes long, so every guest pointer is EFAULT. */
public final class NoMemory implements Memory {
    public static final NoMemory INSTANCE = new NoMemory();

    private static Trap oob() {
        return new Trap(Trap.Kind.OUT_OF_BOUNDS_MEMORY);
    }

    @Override public Limits limits() { return new Limits(0, 0); }
    @Override public int pages() { return 0; }
    @Override public long byteSize() { return 0; }
    @Override public int grow(int delta) { return -1; }
    @Override public byte readByte(long a) { throw oob(); }
    @Override public short readShort(long a) { throw oob(); }
    @Override public int readInt(long a) { throw oob(); }
    @Override public long readLong(long a) { throw oob(); }
    @Override public float readFloat(long a) { throw oob(); }
    @Override public double readDouble(long a) { throw oob(); }
    @Override public void writeByte(long a, byte v) { throw oob(); }
    @Override public void writeShort(long a, short v) { throw oob(); }
    @Override public void writeInt(long a, int v) { throw oob(); }
    @Override public void writeLong(long a, long v) { throw oob(); }
    @Override public void writeFloat(long a, float v) { throw oob(); }
    @Override public void writeDouble(long a, double v) { throw oob(); }
    @Override public void read(long a, byte[] d, int o, int l) { throw oob(); }
    @Override public void write(long a, byte[] s, int o, int l) { throw oob(); }
    @Override public void fill(long a, byte v, long l) { throw oob(); }
}
