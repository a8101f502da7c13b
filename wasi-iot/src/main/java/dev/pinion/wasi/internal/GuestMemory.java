package dev.pinion.wasi.internal;

import dev.pinion.engine.Memory;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reading preview1 arguments out of linear memory. Every guest pointer and length is unsigned 32-bit; a range
 * outside memory is EFAULT, checked before any side effect so a bad buffer never consumes input or output.
 */
public final class GuestMemory {
    private GuestMemory() {}

    public static long u32(long raw) {
        return raw & 0xFFFF_FFFFL;
    }

    /** EFAULT unless {@code [addr, addr+len)} lies inside memory. */
    public static void check(Memory m, long addr, long len) {
        if (addr < 0 || len < 0 || addr + len > m.byteSize()) throw new WasiError(Errno.EFAULT);
    }

    /**
     * Reads an iovec/ciovec array: returns {addr0, len0, addr1, len1, ...}, each buffer range-checked.
     */
    public static long[] iovecs(Memory m, long ptr, long count) {
        if (count > 1024) throw new WasiError(Errno.EINVAL); // IOV_MAX: bounds the host allocation
        check(m, ptr, count * 8);
        long[] v = new long[(int) count * 2];
        for (int i = 0; i < count; i++) {
            long buf = u32(m.readInt(ptr + 8L * i));
            long len = u32(m.readInt(ptr + 8L * i + 4));
            check(m, buf, len);
            v[2 * i] = buf;
            v[2 * i + 1] = len;
        }
        return v;
    }

    public static long total(long[] iov) {
        long t = 0;
        for (int i = 1; i < iov.length; i += 2) t += iov[i];
        return t;
    }

    /** A guest string (path, symlink target): must be valid UTF-8 (EILSEQ) without NUL (EINVAL). */
    public static String string(Memory m, long ptr, long len) {
        check(m, ptr, len);
        if (len > 65_536) throw new WasiError(Errno.ENAMETOOLONG);
        byte[] b = m.readBytes(ptr, (int) len);
        for (byte x : b) if (x == 0) throw new WasiError(Errno.EINVAL);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw new WasiError(Errno.EILSEQ);
        }
    }

    /** Writes a result value after checking the whole slot, so a bad pointer changes nothing. */
    public static void writeU32(Memory m, long ptr, long v) {
        check(m, ptr, 4);
        m.writeInt(ptr, (int) v);
    }

    public static void writeU64(Memory m, long ptr, long v) {
        check(m, ptr, 8);
        m.writeLong(ptr, v);
    }
}
