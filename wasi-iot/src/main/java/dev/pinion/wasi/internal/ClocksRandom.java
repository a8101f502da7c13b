package dev.pinion.wasi.internal;

import static dev.pinion.wasi.internal.GuestMemory.check;
import static dev.pinion.wasi.internal.GuestMemory.u32;

import dev.pinion.engine.Memory;

/** clock_res_get, clock_time_get and random_get. */
final class ClocksRandom {
    static final int REALTIME = 0, MONOTONIC = 1, PROCESS_CPUTIME = 2, THREAD_CPUTIME = 3;
    private static final int RANDOM_CHUNK = 64 * 1024;

    private ClocksRandom() {}

    /** Current value of a clock in nanoseconds; EINVAL for an id that is not in the witx enum. */
    static long now(WasiContext ctx, int id) {
        return switch (id) {
            case REALTIME -> ctx.config.clock().realtimeNanos();
            case MONOTONIC -> ctx.config.clock().monotonicNanos();
            // Both cputime clocks are the calling thread's CPU time: a guest runs on one thread, so its process
            // CPU time is that thread's. (wasmtime returns EBADF for these; wasi-libc's clock() needs them.)
            case PROCESS_CPUTIME, THREAD_CPUTIME -> CpuTime.threadNanos();
            default -> throw new WasiError(Errno.EINVAL);
        };
    }

    /** (id, result_ptr) */
    static int resGet(WasiContext ctx, Memory m, long[] s, int b) {
        int id = (int) s[b];
        long out = u32(s[b + 1]);
        long res = switch (id) {
            case REALTIME, MONOTONIC -> ctx.config.clock().resolutionNanos();
            case PROCESS_CPUTIME, THREAD_CPUTIME -> 1_000;
            default -> throw new WasiError(Errno.EINVAL);
        };
        GuestMemory.writeU64(m, out, res);
        return Errno.SUCCESS;
    }

    /** (id, precision i64, result_ptr) */
    static int timeGet(WasiContext ctx, Memory m, long[] s, int b) {
        long out = u32(s[b + 2]);
        check(m, out, 8);
        m.writeLong(out, now(ctx, (int) s[b]));
        return Errno.SUCCESS;
    }

    /** (buf, len) */
    static int randomGet(WasiContext ctx, Memory m, long[] s, int b) {
        long buf = u32(s[b]), len = u32(s[b + 1]);
        check(m, buf, len);
        byte[] chunk = new byte[(int) Math.min(len, RANDOM_CHUNK)];
        for (long done = 0; done < len; done += chunk.length) {
            int n = (int) Math.min(chunk.length, len - done);
            ctx.random().nextBytes(chunk);
            m.write(buf + done, chunk, 0, n);
        }
        return Errno.SUCCESS;
    }

    /** Held in its own class so java.lang.management loads only when a guest asks for CPU time. */
    private static final class CpuTime {
        static long threadNanos() {
            var bean = java.lang.management.ManagementFactory.getThreadMXBean();
            long t = bean.isCurrentThreadCpuTimeSupported() ? bean.getCurrentThreadCpuTime() : -1;
            if (t < 0) throw new WasiError(Errno.ENOTSUP);
            return t;
        }
    }
}
