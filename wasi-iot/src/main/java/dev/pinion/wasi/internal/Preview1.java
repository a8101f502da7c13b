package dev.pinion.wasi.internal;

import dev.pinion.engine.Caller;
import dev.pinion.engine.FuncType;
import dev.pinion.engine.HostFunction;
import dev.pinion.engine.Memory;
import dev.pinion.engine.Trap;
import dev.pinion.engine.ValType;
import dev.pinion.engine.WasmExit;
import java.util.ArrayList;
import java.util.List;

/**
 * The table of all 46 wasi_snapshot_preview1 functions with their core Wasm signatures (from the witx), and the
 * one wrapper that turns whatever a call throws into an errno: a guest can make a host call fail, never crash.
 */
public final class Preview1 {
    public static final String MODULE = "wasi_snapshot_preview1";

    private static final ValType I = ValType.I32, L = ValType.I64;

    /** One preview1 function body: returns the errno; may throw {@link WasiError} or any I/O exception. */
    @FunctionalInterface
    interface Call {
        int call(WasiContext ctx, Memory m, long[] s, int b) throws Exception;
    }

    /** A preview1 function ready to register: name, type and raw host function. */
    public record Binding(String name, FuncType type, HostFunction function) {}

    private Preview1() {}

    public static List<Binding> bindings(WasiContext ctx) {
        List<Binding> out = new ArrayList<>(46);
        byte[][] args = ArgsEnv.args(ctx), env = ArgsEnv.environ(ctx);
        add(out, ctx, "args_get", sig(I, I), (c, m, s, b) -> ArgsEnv.get(args, m, s, b));
        add(out, ctx, "args_sizes_get", sig(I, I), (c, m, s, b) -> ArgsEnv.sizes(args, m, s, b));
        add(out, ctx, "environ_get", sig(I, I), (c, m, s, b) -> ArgsEnv.get(env, m, s, b));
        add(out, ctx, "environ_sizes_get", sig(I, I), (c, m, s, b) -> ArgsEnv.sizes(env, m, s, b));
        add(out, ctx, "clock_res_get", sig(I, I), ClocksRandom::resGet);
        add(out, ctx, "clock_time_get", sig(I, L, I), ClocksRandom::timeGet);
        add(out, ctx, "fd_advise", sig(I, L, L, I), FdMeta::advise);
        add(out, ctx, "fd_allocate", sig(I, L, L), FdMeta::allocate);
        add(out, ctx, "fd_close", sig(I), FdMeta::close);
        add(out, ctx, "fd_datasync", sig(I), (c, m, s, b) -> FdMeta.sync(c, s, b, false));
        add(out, ctx, "fd_fdstat_get", sig(I, I), FdMeta::fdstatGet);
        add(out, ctx, "fd_fdstat_set_flags", sig(I, I), FdMeta::fdstatSetFlags);
        add(out, ctx, "fd_fdstat_set_rights", sig(I, L, L), FdMeta::fdstatSetRights);
        add(out, ctx, "fd_filestat_get", sig(I, I), FdMeta::filestatGet);
        add(out, ctx, "fd_filestat_set_size", sig(I, L), FdMeta::filestatSetSize);
        add(out, ctx, "fd_filestat_set_times", sig(I, L, L, I), FdMeta::filestatSetTimes);
        add(out, ctx, "fd_pread", sig(I, I, I, L, I), FdIo::pread);
        add(out, ctx, "fd_prestat_get", sig(I, I), FdMeta::prestatGet);
        add(out, ctx, "fd_prestat_dir_name", sig(I, I, I), FdMeta::prestatDirName);
        add(out, ctx, "fd_pwrite", sig(I, I, I, L, I), FdIo::pwrite);
        add(out, ctx, "fd_read", sig(I, I, I, I), FdIo::read);
        add(out, ctx, "fd_readdir", sig(I, I, I, L, I), DirListing::readdir);
        add(out, ctx, "fd_renumber", sig(I, I), FdMeta::renumber);
        add(out, ctx, "fd_seek", sig(I, L, I, I), FdIo::seek);
        add(out, ctx, "fd_sync", sig(I), (c, m, s, b) -> FdMeta.sync(c, s, b, true));
        add(out, ctx, "fd_tell", sig(I, I), FdIo::tell);
        add(out, ctx, "fd_write", sig(I, I, I, I), FdIo::write);
        add(out, ctx, "path_create_directory", sig(I, I, I), PathCalls::createDirectory);
        add(out, ctx, "path_filestat_get", sig(I, I, I, I, I), PathCalls::filestatGet);
        add(out, ctx, "path_filestat_set_times", sig(I, I, I, I, L, L, I), PathCalls::filestatSetTimes);
        add(out, ctx, "path_link", sig(I, I, I, I, I, I, I), PathCalls::link);
        add(out, ctx, "path_open", sig(I, I, I, I, I, L, L, I, I), OpenCall::open);
        add(out, ctx, "path_readlink", sig(I, I, I, I, I, I), PathCalls::readlink);
        add(out, ctx, "path_remove_directory", sig(I, I, I), PathCalls::removeDirectory);
        add(out, ctx, "path_rename", sig(I, I, I, I, I, I), PathCalls::rename);
        add(out, ctx, "path_symlink", sig(I, I, I, I, I), PathCalls::symlink);
        add(out, ctx, "path_unlink_file", sig(I, I, I), PathCalls::unlinkFile);
        add(out, ctx, "poll_oneoff", sig(I, I, I, I), PollCall::pollOneoff);
        out.add(new Binding("proc_exit", FuncType.of(new ValType[] {I}),
                (caller, s, b) -> { throw new WasmExit((int) s[b]); }));
        add(out, ctx, "proc_raise", sig(I), ProcSock::raise);
        add(out, ctx, "sched_yield", sig(), ProcSock::yield);
        add(out, ctx, "random_get", sig(I, I), ClocksRandom::randomGet);
        add(out, ctx, "sock_accept", sig(I, I, I), ProcSock::sock);
        add(out, ctx, "sock_recv", sig(I, I, I, I, I, I), ProcSock::sock);
        add(out, ctx, "sock_send", sig(I, I, I, I, I), ProcSock::sock);
        add(out, ctx, "sock_shutdown", sig(I, I), ProcSock::sock);
        return out;
    }

    private static FuncType sig(ValType... params) {
        return FuncType.of(params, I);
    }

    private static void add(List<Binding> out, WasiContext ctx, String name, FuncType type, Call call) {
        out.add(new Binding(name, type, (caller, s, b) -> s[b] = invoke(ctx, caller, call, s, b)));
    }

    /** Runs a call and maps every failure to an errno; only an exit request leaves as an exception. */
    static int invoke(WasiContext ctx, Caller caller, Call call, long[] s, int b) {
        try {
            Memory m = caller == null ? null : caller.memory();
            return call.call(ctx, m == null ? NoMemory.INSTANCE : m, s, b);
        } catch (WasmExit e) {
            throw e;
        } catch (Trap t) {
            // Memory accessors trap out of bounds; for a host call that is the guest's bad pointer.
            return t.kind() == Trap.Kind.OUT_OF_BOUNDS_MEMORY ? Errno.EFAULT : Errno.EIO;
        } catch (Exception | OutOfMemoryError | StackOverflowError e) {
            return Errno.of(e);
        }
    }
}
