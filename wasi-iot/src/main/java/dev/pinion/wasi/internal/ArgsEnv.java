package dev.pinion.wasi.internal;

import static dev.pinion.wasi.internal.GuestMemory.check;
import static dev.pinion.wasi.internal.GuestMemory.u32;

import dev.pinion.engine.Memory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** args_* and environ_*: NUL-terminated UTF-8 strings plus a pointer array, as the C runtime expects. */
final class ArgsEnv {
    private ArgsEnv() {}

    static byte[][] args(WasiContext ctx) {
        List<String> a = ctx.config.args();
        byte[][] out = new byte[a.size()][];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).getBytes(StandardCharsets.UTF_8);
        return out;
    }

    static byte[][] environ(WasiContext ctx) {
        Map<String, String> env = ctx.config.env();
        byte[][] out = new byte[env.size()][];
        int i = 0;
        for (var e : env.entrySet()) out[i++] = (e.getKey() + "=" + e.getValue()).getBytes(StandardCharsets.UTF_8);
        return out;
    }

    /** (count_ptr, buf_size_ptr) */
    static int sizes(byte[][] strings, Memory m, long[] s, int b) {
        long countPtr = u32(s[b]), sizePtr = u32(s[b + 1]);
        long size = 0;
        for (byte[] x : strings) size += x.length + 1;
        check(m, countPtr, 4);
        check(m, sizePtr, 4);
        m.writeInt(countPtr, strings.length);
        m.writeInt(sizePtr, (int) size);
        return Errno.SUCCESS;
    }

    /** (ptr_array, buf): the guest sized both with {@link #sizes}; everything is checked before writing. */
    static int get(byte[][] strings, Memory m, long[] s, int b) {
        long ptrs = u32(s[b]), buf = u32(s[b + 1]);
        long size = 0;
        for (byte[] x : strings) size += x.length + 1;
        check(m, ptrs, 4L * strings.length);
        check(m, buf, size);
        long at = buf;
        for (int i = 0; i < strings.length; i++) {
            m.writeInt(ptrs + 4L * i, (int) at);
            m.write(at, strings[i]);
            m.writeByte(at + strings[i].length, (byte) 0);
            at += strings[i].length + 1;
        }
        return Errno.SUCCESS;
    }
}
