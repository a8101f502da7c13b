package dev.pinion.wat.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte buffer with the binary format's integer encodings. */
final class Bytes {
    private byte[] buf = new byte[64];
    private int size;

    int size() {
        return size;
    }

    Bytes u8(int b) {
        if (size == buf.length) buf = Arrays.copyOf(buf, size * 2);
        buf[size++] = (byte) b;
        return this;
    }

    /** An index or count: the int's 32 bits, unsigned. */
    Bytes u32(int v) {
        return u32(v & 0xffff_ffffL);
    }

    /** Unsigned LEB128 of up to 64 bits (u32 values, and u64 limits and offsets). */
    Bytes u32(long v) {
        do {
            int b = (int) (v & 0x7f);
            v >>>= 7;
            u8(v != 0 ? b | 0x80 : b);
        } while (v != 0);
        return this;
    }

    /** Signed LEB128 of any width up to 64 bits (i32 and i64 constants, s33 block types). */
    Bytes s64(long v) {
        while (true) {
            int b = (int) (v & 0x7f);
            v >>= 7;
            if (v == 0 && (b & 0x40) == 0 || v == -1 && (b & 0x40) != 0) {
                u8(b);
                return this;
            }
            u8(b | 0x80);
        }
    }

    Bytes bytes(byte[] b) {
        return bytes(b, 0, b.length);
    }

    Bytes bytes(byte[] b, int off, int len) {
        if (size + len > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + len));
        System.arraycopy(b, off, buf, size, len);
        size += len;
        return this;
    }

    Bytes bytes(Bytes b) {
        return bytes(b.buf, 0, b.size);
    }

    /** A string as vec(byte). */
    Bytes name(byte[] utf8) {
        return u32(utf8.length).bytes(utf8);
    }

    Bytes name(String s) {
        return name(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    Bytes f32(int bits) {
        for (int i = 0; i < 4; i++) u8(bits >>> 8 * i);
        return this;
    }

    Bytes f64(long bits) {
        for (int i = 0; i < 8; i++) u8((int) (bits >>> 8 * i));
        return this;
    }

    byte[] range(int from, int to) {
        return Arrays.copyOfRange(buf, from, to);
    }

    void truncate(int newSize) {
        size = newSize;
    }

    byte[] toArray() {
        return Arrays.copyOf(buf, size);
    }
}
