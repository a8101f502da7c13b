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
 *
 * <p>Dispatch is a switch over the function's index rather than 46 lambdas: every lambda costs the JVM a hidden
 * class at startup (about 2 ms each, cold), and {@code pinion run} pays that on every launch.
 */
public final class Preview1 {
    public static final String MODULE = "wasi_snapshot_preview1";

    /** A preview1 function ready to register: name, type and raw host function. */
    public record Binding(String name, FuncType type, HostFunction function) {}

    private static final char I = 'i', L = 'l';

    /** Name and parameter signature of each function, in dispatch order ('i' = i32, 'l' = i64). */
    private static final String[][] FUNCTIONS = {
        {"args_get", "ii"}, {"args_sizes_get", "ii"}, {"environ_get", "ii"}, {"environ_sizes_get", "ii"},
        {"clock_res_get", "ii"}, {"clock_time_get", "ili"},
        {"fd_advise", "illi"}, {"fd_allocate", "ill"}, {"fd_close", "i"}, {"fd_datasync", "i"},
        {"fd_fdstat_get", "ii"}, {"fd_fdstat_set_flags", "ii"}, {"fd_fdstat_set_rights", "ill"},
        {"fd_filestat_get", "ii"}, {"fd_filestat_set_size", "il"}, {"fd_filestat_set_times", "illi"},
        {"fd_pread", "iiili"}, {"fd_prestat_get", "ii"}, {"fd_prestat_dir_name", "iii"}, {"fd_pwrite", "iiili"},
        {"fd_read", "iiii"}, {"fd_readdir", "iiili"}, {"fd_renumber", "ii"}, {"fd_seek", "ilii"}, {"fd_sync", "i"},
        {"fd_tell", "ii"}, {"fd_write", "iiii"},
        {"path_create_directory", "iii"}, {"path_filestat_get", "iiiii"}, {"path_filestat_set_times", "iiiilli"},
        {"path_link", "iiiiiii"}, {"path_open", "iiiiillii"}, {"path_readlink", "iiiiii"},
        {"path_remove_directory", "iii"}, {"path_rename", "iiiiii"}, {"path_symlink", "iiiii"},
        {"path_unlink_file", "iii"},
        {"poll_oneoff", "iiii"}, {"proc_exit", "i"}, {"proc_raise", "i"}, {"sched_yield", ""},
        {"random_get", "ii"},
        {"sock_accept", "iii"}, {"sock_recv", "iiiiii"}, {"sock_send", "iiiii"}, {"sock_shutdown", "ii"},
    };
    private static final int PROC_EXIT = 38;

    private Preview1() {}

    public static List<Binding> bindings(WasiContext ctx) {
        List<Binding> out = new ArrayList<>(FUNCTIONS.length);
        byte[][] args = ArgsEnv.args(ctx), env = ArgsEnv.environ(ctx);
        for (int id = 0; id < FUNCTIONS.length; id++) {
            String sig = FUNCTIONS[id][1];
            ValType[] params = new ValType[sig.length()];
            for (int i = 0; i < params.length; i++) params[i] = sig.charAt(i) == L ? ValType.I64 : ValType.I32;
            FuncType type = id == PROC_EXIT ? FuncType.of(params) : FuncType.of(params, ValType.I32);
            out.add(new Binding(FUNCTIONS[id][0], type, new Call(id, ctx, args, env)));
        }
        return out;
    }

    /** One registered function: its index into {@link #FUNCTIONS} and the state it works on. */
    private static final class Call implements HostFunction {
        private final int id;
        private final WasiContext ctx;
        private final byte[][] args;
        private final byte[][] env;

        Call(int id, WasiContext ctx, byte[][] args, byte[][] env) {
            this.id = id;
            this.ctx = ctx;
            this.args = args;
            this.env = env;
        }

        @Override
        public void call(Caller caller, long[] s, int b) {
            if (id == PROC_EXIT) throw new WasmExit((int) s[b]); // no result; ends the run
            int errno;
            try {
                Memory m = caller == null ? null : caller.memory();
                errno = dispatch(m == null ? NoMemory.INSTANCE : m, s, b);
            } catch (WasmExit e) {
                throw e;
            } catch (Trap t) {
                // Memory accessors trap out of bounds; for a host call that is the guest's bad pointer.
                errno = t.kind() == Trap.Kind.OUT_OF_BOUNDS_MEMORY ? Errno.EFAULT : Errno.EIO;
            } catch (Exception | OutOfMemoryError | StackOverflowError e) {
                errno = Errno.of(e);
            }
            s[b] = errno;
        }

        private int dispatch(Memory m, long[] s, int b) throws Exception {
            WasiContext c = ctx;
            return switch (id) {
                case 0 -> ArgsEnv.get(args, m, s, b);
                case 1 -> ArgsEnv.sizes(args, m, s, b);
                case 2 -> ArgsEnv.get(env, m, s, b);
                case 3 -> ArgsEnv.sizes(env, m, s, b);
                case 4 -> ClocksRandom.resGet(c, m, s, b);
                case 5 -> ClocksRandom.timeGet(c, m, s, b);
                case 6 -> FdMeta.advise(c, m, s, b);
                case 7 -> FdMeta.allocate(c, m, s, b);
                case 8 -> FdMeta.close(c, m, s, b);
                case 9 -> FdMeta.sync(c, s, b, false);
                case 10 -> FdMeta.fdstatGet(c, m, s, b);
                case 11 -> FdMeta.fdstatSetFlags(c, m, s, b);
                case 12 -> FdMeta.fdstatSetRights(c, m, s, b);
                case 13 -> FdMeta.filestatGet(c, m, s, b);
                case 14 -> FdMeta.filestatSetSize(c, m, s, b);
                case 15 -> FdMeta.filestatSetTimes(c, m, s, b);
                case 16 -> FdIo.pread(c, m, s, b);
                case 17 -> FdMeta.prestatGet(c, m, s, b);
                case 18 -> FdMeta.prestatDirName(c, m, s, b);
                case 19 -> FdIo.pwrite(c, m, s, b);
                case 20 -> FdIo.read(c, m, s, b);
                case 21 -> DirListing.readdir(c, m, s, b);
                case 22 -> FdMeta.renumber(c, m, s, b);
                case 23 -> FdIo.seek(c, m, s, b);
                case 24 -> FdMeta.sync(c, s, b, true);
                case 25 -> FdIo.tell(c, m, s, b);
                case 26 -> FdIo.write(c, m, s, b);
                case 27 -> PathCalls.createDirectory(c, m, s, b);
                case 28 -> PathCalls.filestatGet(c, m, s, b);
                case 29 -> PathCalls.filestatSetTimes(c, m, s, b);
                case 30 -> PathCalls.link(c, m, s, b);
                case 31 -> OpenCall.open(c, m, s, b);
                case 32 -> PathCalls.readlink(c, m, s, b);
                case 33 -> PathCalls.removeDirectory(c, m, s, b);
                case 34 -> PathCalls.rename(c, m, s, b);
                case 35 -> PathCalls.symlink(c, m, s, b);
                case 36 -> PathCalls.unlinkFile(c, m, s, b);
                case 37 -> PollCall.pollOneoff(c, m, s, b);
                case 39 -> ProcSock.raise(c, m, s, b);
                case 40 -> ProcSock.yield(c, m, s, b);
                case 41 -> ClocksRandom.randomGet(c, m, s, b);
                case 42, 43, 44, 45 -> ProcSock.sock(c, m, s, b);
                default -> throw new IllegalStateException("no preview1 function #" + id);
            };
        }
    }
}
