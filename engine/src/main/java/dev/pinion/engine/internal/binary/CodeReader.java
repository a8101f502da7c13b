package dev.pinion.engine.internal.binary;

import dev.pinion.engine.MalformedModuleException;
import java.nio.charset.StandardCharsets;

/**
 * A byte cursor over a module binary, bounded by a limit (the end of the module, of a section or of a function
 * body). Reads the binary format's primitive encodings with the spec's limits and the spec's error wording:
 * LEB128 integers ("integer representation too long", "integer too large"), bytes, UTF-8 names ("malformed
 * UTF-8 encoding"), raw little-endian float bits.
 *
 * <p>Reading past the limit throws {@link MalformedModuleException} with the reader's <em>end reason</em>:
 * "unexpected end" for the whole module by default; the decoder gives section and body readers a more precise
 * one. Nothing is ever read beyond the limit, so a lying length can never make the decoder look at the next
 * section or past the array.
 *
 * <p>Shared by the decoder, the validator and the lowering pass. Not thread-safe; cheap to create.
 */
public final class CodeReader {
    private final byte[] bytes;
    private int pos;
    private int limit;
    private String endReason = "unexpected end";

    /** A reader over {@code bytes[pos, limit)}. */
    public CodeReader(byte[] bytes, int pos, int limit) {
        if (pos < 0 || limit > bytes.length || pos > limit) {
            throw new IllegalArgumentException("range [" + pos + ", " + limit + ") outside " + bytes.length);
        }
        this.bytes = bytes;
        this.pos = pos;
        this.limit = limit;
    }

    /** A reader over the whole array. */
    public CodeReader(byte[] bytes) {
        this(bytes, 0, bytes.length);
    }

    public byte[] bytes() {
        return bytes;
    }

    public int pos() {
        return pos;
    }

    /** Moves the cursor; {@code pos} must lie within {@code [0, limit]}. */
    public void seek(int newPos) {
        if (newPos < 0 || newPos > limit) {
            throw new IllegalArgumentException("seek to " + newPos + " outside limit " + limit);
        }
        pos = newPos;
    }

    public int limit() {
        return limit;
    }

    /** Number of bytes left before the limit. */
    public int remaining() {
        return limit - pos;
    }

    public boolean atEnd() {
        return pos >= limit;
    }

    /** The message used when a read runs past the limit. */
    public CodeReader endReason(String reason) {
        this.endReason = reason;
        return this;
    }

    public String endReason() {
        return endReason;
    }

    /** A {@link MalformedModuleException} at {@code offset}, for callers to throw. */
    public static MalformedModuleException malformed(String reason, int offset) {
        return new MalformedModuleException(reason, offset);
    }

    private MalformedModuleException end() {
        return new MalformedModuleException(endReason, limit);
    }

    /** One byte, 0..255. */
    public int u8() {
        if (pos >= limit) throw end();
        return bytes[pos++] & 0xFF;
    }

    /** The next byte without consuming it, or -1 at the limit. */
    public int peek() {
        return pos < limit ? bytes[pos] & 0xFF : -1;
    }

    /** Skips {@code n} bytes. */
    public void skip(int n) {
        if (n < 0 || n > limit - pos) throw end();
        pos += n;
    }

    /**
     * The next byte of a LEB128 number. Bounded by the array, not by the limit: the spec's reference decoder
     * reads a number completely before noticing that it crossed the end of its section, and the spec suite
     * expects its diagnosis ("integer representation too long") in that case. {@link #checkNumberEnd} then checks
     * the limit.
     */
    private int lebByte() {
        if (pos >= bytes.length) throw end();
        return bytes[pos++] & 0xFF;
    }

    /** After a number read with {@link #lebByte}: fails if it ended beyond the limit. */
    private void checkNumberEnd() {
        if (pos > limit) {
            pos = limit;
            throw end();
        }
    }

    /** Unsigned LEB128, at most 5 bytes, value below 2^32, returned as a non-negative long. */
    public long u32Long() {
        long v = rawU32();
        checkNumberEnd();
        return v;
    }

    private long rawU32() {
        int start = pos;
        long result = 0;
        for (int shift = 0; ; shift += 7) {
            int b = lebByte();
            if (shift == 28) {
                if ((b & 0x80) != 0) throw malformed("integer representation too long", start);
                if ((b & 0x70) != 0) throw malformed("integer too large", start);
                return result | ((long) b << 28);
            }
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) return result;
        }
    }

    /**
     * Unsigned LEB128 u32 used as an index or a count: values up to 2^31-1 are returned as is; larger values
     * (never a valid index or count in a module that fits in a Java array) are returned as
     * {@link Integer#MAX_VALUE}, so comparisons against counts and remaining bytes still fail safely.
     */
    public int u32() {
        long v = u32Long();
        return v > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) v;
    }

    /** Signed LEB128, 32 bits, at most 5 bytes. */
    public int s32() {
        int v = (int) rawSigned(32);
        checkNumberEnd();
        return v;
    }

    /** Signed LEB128, 33 bits (block types), at most 5 bytes. */
    public long s33() {
        long v = rawSigned(33);
        checkNumberEnd();
        return v;
    }

    /** Signed LEB128, 64 bits, at most 10 bytes. */
    public long s64() {
        long v = rawSigned(64);
        checkNumberEnd();
        return v;
    }

    /** Signed LEB128 of {@code bits} (32, 33 or 64) bits, sign-extended to 64. */
    private long rawSigned(int bits) {
        int start = pos;
        int lastShift = (bits - 1) / 7 * 7; // shift of the last byte allowed: 28 for 32 and 33 bits, 63 for 64
        long result = 0;
        for (int shift = 0; ; shift += 7) {
            int b = lebByte();
            if (shift == lastShift) {
                if ((b & 0x80) != 0) throw malformed("integer representation too long", start);
                // The last byte holds bits - shift data bits; the bits above them lie beyond the integer and
                // must repeat its sign bit (e.g. for 32 bits: bits 4..6 repeat bit 3, mask 0x78 with the sign).
                int dataBits = bits - shift;
                int signAndBeyond = 0x7F & ~((1 << (dataBits - 1)) - 1);
                int high = b & signAndBeyond;
                if (high != 0 && high != signAndBeyond) throw malformed("integer too large", start);
                result |= (long) (b & 0x7F) << shift;
                return (result << (64 - bits)) >> (64 - bits);
            }
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                int unused = 64 - (shift + 7);
                return (result << unused) >> unused;
            }
        }
    }

    /** 4 raw little-endian bytes (f32 bits). */
    public int f32Bits() {
        if (limit - pos < 4) throw end();
        int v = (bytes[pos] & 0xFF) | (bytes[pos + 1] & 0xFF) << 8 | (bytes[pos + 2] & 0xFF) << 16
                | (bytes[pos + 3] & 0xFF) << 24;
        pos += 4;
        return v;
    }

    /** 8 raw little-endian bytes (f64 bits). */
    public long f64Bits() {
        if (limit - pos < 8) throw end();
        long lo = f32Bits() & 0xFFFFFFFFL;
        long hi = f32Bits() & 0xFFFFFFFFL;
        return lo | hi << 32;
    }

    /**
     * A length prefix (u32) of a vector or byte string whose items take at least one byte each. Fails before
     * anything is allocated if that many items cannot fit in the bytes left, so a forged count can never cause
     * a huge allocation. As in the spec's reference decoder, a length larger than the rest of the whole module
     * (counted from the length field itself) is "length out of bounds"; one that only crosses the limit gets
     * the end reason.
     */
    public int count() {
        int start = pos;
        long n = rawU32();
        if (n > bytes.length - start) throw new MalformedModuleException("length out of bounds", start);
        if (pos > limit || n > limit - pos) {
            pos = Math.min(pos, limit);
            throw end();
        }
        return (int) n;
    }

    /** A byte vector: u32 length then that many bytes; returns the start offset of the bytes. */
    public int byteVector() {
        int n = count();
        int start = pos;
        pos += n;
        return start;
    }

    /** A name: u32 length then UTF-8 bytes, validated strictly (no overlongs, surrogates or code points above U+10FFFF). */
    public String name() {
        int n = count();
        int start = pos;
        checkUtf8(bytes, start, n);
        pos += n;
        return new String(bytes, start, n, StandardCharsets.UTF_8);
    }

    /** Validates well-formed UTF-8 as the spec defines it; throws "malformed UTF-8 encoding". */
    public static void checkUtf8(byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        while (i < end) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                i++;
                continue;
            }
            int need;
            int min;
            int cp;
            if (c >= 0xC2 && c <= 0xDF) {
                need = 1; min = 0x80; cp = c & 0x1F;
            } else if (c >= 0xE0 && c <= 0xEF) {
                need = 2; min = 0x800; cp = c & 0x0F;
            } else if (c >= 0xF0 && c <= 0xF4) {
                need = 3; min = 0x10000; cp = c & 0x07;
            } else {
                throw malformed("malformed UTF-8 encoding", i);
            }
            if (end - i <= need) throw malformed("malformed UTF-8 encoding", i);
            for (int k = 1; k <= need; k++) {
                int cc = b[i + k] & 0xFF;
                if ((cc & 0xC0) != 0x80) throw malformed("malformed UTF-8 encoding", i);
                cp = cp << 6 | (cc & 0x3F);
            }
            if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                throw malformed("malformed UTF-8 encoding", i);
            }
            i += need + 1;
        }
    }

    /**
     * Reads an opcode: one byte, or for the 0xFC prefix the prefix and a u32 sub-opcode, giving
     * {@code 0xFC00 | sub}. Unknown codes are returned as read (a 0xFC sub-opcode above 17 as
     * {@code 0xFC00 | min(sub, 0xFF)}); check them with {@link Opcodes#info(int)}. For the SIMD prefix 0xFD
     * the result is {@code 0xFD00 + min(sub, 0x100)}.
     */
    public int opcode() {
        int b = u8();
        if (b == Opcodes.PREFIX_FD) {
            // 0x100 and above are no SIMD opcode: 0xFE00 is in no table, so it reads as illegal
            return 0xFD00 + (int) Math.min(u32Long(), 0x100);
        }
        if (b != Opcodes.PREFIX_FC) return b;
        long sub = u32Long();
        return 0xFC00 | (int) Math.min(sub, 0xFF);
    }
}
