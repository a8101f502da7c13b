package dev.pinion.wasi.internal;

import dev.pinion.engine.Limits;
import dev.pinion.engine.Memory;
import dev.pinion.engine.Trap;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** A byte[]-backed linear memory with the engine's contract: little-endian, out of bounds traps. */
final class TestMemory implements Memory {
    final byte[] bytes;
    private final ByteBuffer bb;

    TestMemory(int size) {
        bytes = new byte[size];
        bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private int at(long addr, long len) {
        if (addr < 0 || len < 0 || addr + len > bytes.length) throw new Trap(Trap.Kind.OUT_OF_BOUNDS_MEMORY);
        return (int) addr;
    }

    @Override public Limits limits() { return new Limits(1, 1); }
    @Override public int pages() { return (bytes.length + PAGE_SIZE - 1) / PAGE_SIZE; }
    @Override public long byteSize() { return bytes.length; }
    @Override public int grow(int delta) { return -1; }
    @Override public byte readByte(long a) { return bytes[at(a, 1)]; }
    @Override public short readShort(long a) { return bb.getShort(at(a, 2)); }
    @Override public int readInt(long a) { return bb.getInt(at(a, 4)); }
    @Override public long readLong(long a) { return bb.getLong(at(a, 8)); }
    @Override public float readFloat(long a) { return bb.getFloat(at(a, 4)); }
    @Override public double readDouble(long a) { return bb.getDouble(at(a, 8)); }
    @Override public void writeByte(long a, byte v) { bytes[at(a, 1)] = v; }
    @Override public void writeShort(long a, short v) { bb.putShort(at(a, 2), v); }
    @Override public void writeInt(long a, int v) { bb.putInt(at(a, 4), v); }
    @Override public void writeLong(long a, long v) { bb.putLong(at(a, 8), v); }
    @Override public void writeFloat(long a, float v) { bb.putFloat(at(a, 4), v); }
    @Override public void writeDouble(long a, double v) { bb.putDouble(at(a, 8), v); }
    @Override public void read(long a, byte[] d, int o, int l) { System.arraycopy(bytes, at(a, l), d, o, l); }
    @Override public void write(long a, byte[] s, int o, int l) { System.arraycopy(s, o, bytes, at(a, l), l); }
    @Override public void fill(long a, byte v, long l) { java.util.Arrays.fill(bytes, at(a, l), (int) (a + l), v); }
}
