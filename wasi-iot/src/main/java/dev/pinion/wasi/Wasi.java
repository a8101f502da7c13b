package dev.pinion.wasi;

import dev.pinion.engine.CallLimits;
import dev.pinion.engine.ExportInfo;
import dev.pinion.engine.ExternType;
import dev.pinion.engine.HostModule;
import dev.pinion.engine.Imports;
import dev.pinion.engine.Instance;
import dev.pinion.engine.WasmExit;
import dev.pinion.engine.WasmModule;
import dev.pinion.wasi.internal.Preview1;
import dev.pinion.wasi.internal.WasiContext;
import java.util.List;

/**
 * WASI preview1 ({@code wasi_snapshot_preview1}) for one guest: its descriptor table, sandbox and streams.
 * Create one per instance; it is not thread-safe (a guest makes one host call at a time).
 *
 * <pre>{@code
 * try (Wasi wasi = Wasi.create(WasiConfig.builder().arg("app").stdout(System.out).build())) {
 *     int exit = wasi.run(WasmModule.compile(bytes), Imports.NONE, CallLimits.NONE);
 * }
 * }</pre>
 */
public final class Wasi implements AutoCloseable {
    /** The import module name this implements. */
    public static final String MODULE = Preview1.MODULE;

    private final WasiContext ctx;
    private HostModule hostModule;

    private Wasi(WasiConfig config) {
        this.ctx = new WasiContext(config);
    }

    /**
     * @throws IllegalArgumentException if a preopen is not an existing directory
     */
    public static Wasi create(WasiConfig config) {
        return new Wasi(config);
    }

    /** The host module to link against: all 46 preview1 functions. */
    public HostModule hostModule() {
        if (hostModule == null) {
            HostModule.Builder b = HostModule.builder(MODULE);
            for (Preview1.Binding f : Preview1.bindings(ctx)) b.function(f.name(), f.type(), f.function());
            hostModule = b.build();
        }
        return hostModule;
    }

    /** {@code extra} plus this WASI module. */
    public Imports imports(Imports extra) {
        return extra.toBuilder().add(hostModule()).build();
    }

    /** True if the module is a command (exports {@code _start}). */
    public static boolean isCommand(WasmModule module) {
        return hasFunction(module, "_start");
    }

    /** True if the module is a reactor (exports {@code _initialize}). */
    public static boolean isReactor(WasmModule module) {
        return hasFunction(module, "_initialize");
    }

    private static boolean hasFunction(WasmModule module, String name) {
        List<ExportInfo> exports = module.exports();
        for (ExportInfo e : exports) if (e.name().equals(name) && e.type() instanceof ExternType.Func) return true;
        return false;
    }

    /**
     * Instantiates and runs a command: calls {@code _start} (or, for a reactor, only {@code _initialize}).
     *
     * @return the exit code: the guest's {@code proc_exit} value, or 0 if it returned normally
     * @throws dev.pinion.engine.Trap if the guest traps (including fuel or deadline exhaustion)
     */
    public int run(WasmModule module, Imports extra, CallLimits limits) {
        try {
            Instance instance = module.instantiate(imports(extra));
            String entry = isCommand(module) ? "_start" : isReactor(module) ? "_initialize" : null;
            if (entry != null) instance.function(entry).call(limits);
            return 0;
        } catch (WasmExit e) {
            return e.exitCode();
        }
    }

    /** Releases every descriptor the guest left open. Host stdio streams stay open. */
    @Override
    public void close() {
        ctx.fds.closeAll();
    }
}
