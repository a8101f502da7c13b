package dev.pinion.wasi.internal;

import dev.pinion.engine.Memory;

/**
 * proc_raise, sched_yield (proc_exit is in {@link Preview1}: it has no errno) and the sock_* calls. Preview1 has no way to create sockets, so only
 * pre-opened ones could exist and Pinion opens none: like wasmtime, a valid descriptor gets ENOTSOCK and an
 * unknown one EBADF.
 */
final class ProcSock {
    private ProcSock() {}

    /** (sig): signals are not part of the sandbox (wasmtime: ENOTSUP). */
    static int raise(WasiContext ctx, Memory m, long[] s, int b) {
        return Errno.ENOTSUP;
    }

    static int yield(WasiContext ctx, Memory m, long[] s, int b) {
        Thread.yield();
        return Errno.SUCCESS;
    }

    /** sock_accept, sock_recv, sock_send, sock_shutdown: (fd, ...) */
    static int sock(WasiContext ctx, Memory m, long[] s, int b) {
        ctx.fds.get((int) s[b]);
        return Errno.ENOTSOCK;
    }
}
