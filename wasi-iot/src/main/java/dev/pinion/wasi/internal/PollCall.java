package dev.pinion.wasi.internal;

import static dev.pinion.wasi.internal.GuestMemory.check;
import static dev.pinion.wasi.internal.GuestMemory.u32;

import dev.pinion.engine.Memory;
import java.io.IOException;
import java.util.concurrent.locks.LockSupport;

/**
 * poll_oneoff with clock and fd subscriptions. Files and output streams are always ready (as in wasmtime);
 * stdin is ready when data is buffered. Waiting is done in real time for the remaining duration computed from the
 * configured clock once, so a frozen test clock cannot hang the guest.
 */
final class PollCall {
    static final int EVENT_CLOCK = 0, EVENT_FD_READ = 1, EVENT_FD_WRITE = 2;
    static final int SUBSCRIPTION_SIZE = 48, EVENT_SIZE = 32;
    static final int HANGUP = 1;
    private static final long STDIN_POLL_NANOS = 1_000_000;
    /** How often a sleeping guest looks at its interrupt: the latency of a deadline during a long sleep. */
    private static final long INTERRUPT_POLL_NANOS = 5_000_000;

    private PollCall() {}

    private record Sub(long userdata, int type, long waitNanos, Descriptor fd) {}

    /** (in, out, nsubscriptions, nevents_ptr) */
    static int pollOneoff(WasiContext ctx, Memory m, long[] s, int b) throws IOException {
        long in = u32(s[b]), out = u32(s[b + 1]), n = u32(s[b + 2]), neventsPtr = u32(s[b + 3]);
        if (n == 0) throw new WasiError(Errno.EINVAL); // would sleep forever; wasmtime refuses it too
        if (n > 4096) throw new WasiError(Errno.EINVAL);
        check(m, in, n * SUBSCRIPTION_SIZE);
        check(m, out, n * EVENT_SIZE);
        check(m, neventsPtr, 4);
        Sub[] subs = new Sub[(int) n];
        for (int i = 0; i < n; i++) subs[i] = parse(ctx, m, in + (long) i * SUBSCRIPTION_SIZE);

        long start = System.nanoTime();
        while (true) {
            long elapsed = System.nanoTime() - start;
            int count = 0;
            long nextWait = Long.MAX_VALUE;
            boolean stdinWaiting = false;
            for (Sub sub : subs) {
                boolean ready = switch (sub.type) {
                    case EVENT_CLOCK -> sub.waitNanos <= elapsed;
                    default -> !(sub.fd instanceof InputDescriptor i) || i.ready();
                };
                if (ready) {
                    writeEvent(m, out + (long) count * EVENT_SIZE, sub);
                    count++;
                } else if (sub.type == EVENT_CLOCK) {
                    nextWait = Math.min(nextWait, sub.waitNanos - elapsed);
                } else {
                    stdinWaiting = true;
                }
            }
            if (count > 0) {
                m.writeInt(neventsPtr, count);
                return Errno.SUCCESS;
            }
            if (interrupted(ctx)) throw new WasiError(Errno.EINTR);
            if (stdinWaiting && nextWait == Long.MAX_VALUE) {
                // Only stdin to wait for: block on it (available() cannot see a pipe's next write coming).
                for (Sub sub : subs) if (sub.fd instanceof InputDescriptor i) { i.awaitReadable(); break; }
                continue;
            }
            long park = stdinWaiting ? Math.min(nextWait, STDIN_POLL_NANOS) : nextWait;
            if (ctx.config.interrupt() != null) park = Math.min(park, INTERRUPT_POLL_NANOS);
            LockSupport.parkNanos(park);
        }
    }

    private static boolean interrupted(WasiContext ctx) {
        return Thread.interrupted() || (ctx.config.interrupt() != null && ctx.config.interrupt().isRequested());
    }

    private static Sub parse(WasiContext ctx, Memory m, long at) {
        long userdata = m.readLong(at);
        int tag = m.readByte(at + 8) & 0xFF;
        switch (tag) {
            case EVENT_CLOCK -> {
                int id = m.readInt(at + 16);
                long timeout = m.readLong(at + 24);
                int flags = m.readShort(at + 40) & 0xFFFF;
                if ((flags & ~1) != 0) throw new WasiError(Errno.EINVAL);
                boolean abs = (flags & 1) != 0;
                long wait;
                if (!abs) {
                    if (id != ClocksRandom.REALTIME && id != ClocksRandom.MONOTONIC) throw new WasiError(Errno.EINVAL);
                    wait = timeout;
                } else if (id == ClocksRandom.MONOTONIC) {
                    wait = timeout - ctx.config.clock().monotonicNanos();
                } else if (id == ClocksRandom.REALTIME) {
                    wait = timeout - ctx.config.clock().realtimeNanos();
                } else {
                    throw new WasiError(Errno.EINVAL);
                }
                // Timeouts are u64: anything past Long.MAX_VALUE is "practically never".
                if (!abs && wait < 0) wait = Long.MAX_VALUE;
                return new Sub(userdata, EVENT_CLOCK, Math.max(0, wait), null);
            }
            case EVENT_FD_READ, EVENT_FD_WRITE -> {
                Descriptor d = ctx.fds.get(m.readInt(at + 16));
                boolean ok = tag == EVENT_FD_READ
                        ? d instanceof InputDescriptor || d instanceof FileDescriptor
                        : d instanceof OutputDescriptor || d instanceof FileDescriptor;
                if (!ok) throw new WasiError(Errno.EBADF);
                return new Sub(userdata, tag, 0, d);
            }
            default -> throw new WasiError(Errno.EINVAL);
        }
    }

    private static void writeEvent(Memory m, long at, Sub sub) {
        m.fill(at, (byte) 0, EVENT_SIZE);
        m.writeLong(at, sub.userdata);
        m.writeByte(at + 10, (byte) sub.type);
        if (sub.type == EVENT_CLOCK) return;
        m.writeLong(at + 16, 1); // wasmtime reports 1 byte ready rather than a count it cannot know
        if (sub.type == EVENT_FD_READ && sub.fd instanceof FileDescriptor f) {
            try {
                if (f.channel.size() <= f.position) m.writeShort(at + 24, (short) HANGUP);
            } catch (IOException e) {
                m.writeShort(at + 8, (short) Errno.of(e));
            }
        }
    }
}
