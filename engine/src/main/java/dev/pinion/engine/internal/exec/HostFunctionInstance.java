package dev.pinion.engine.internal.exec;

import dev.pinion.engine.CallLimits;
import dev.pinion.engine.Config;
import dev.pinion.engine.FuncType;
import dev.pinion.engine.Function;
import dev.pinion.engine.HostFunction;
import dev.pinion.engine.WasmException;
import dev.pinion.engine.internal.interp.Calls;

import java.util.Objects;

/** A function provided by the host in its raw {@code long[]} form. */
public final class HostFunctionInstance extends FunctionInstance {
    public final String module;
    public final String field;
    public final HostFunction fn;

    private HostFunctionInstance(String module, String field, FuncType type, HostFunction fn) {
        super(type);
        this.module = module;
        this.field = field;
        this.fn = Objects.requireNonNull(fn, "fn");
    }

    public static Function create(String module, String field, FuncType type, HostFunction fn) {
        return new HostFunctionInstance(module, field, type, fn);
    }

    @Override
    void enter(ExecContext ctx, int base) {
        CallerImpl c = ctx.caller;
        InstanceImpl saved = c.instance;
        c.instance = null;
        int savedSp = ctx.sp;
        ctx.sp = base + Math.max(numParams, numResults);
        long[] stack = ctx.stack;
        try {
            fn.call(c, stack, base);
        } catch (WasmException e) {
            throw e;
        } catch (RuntimeException e) {
            throw Calls.hostTrap(e);
        } finally {
            c.instance = saved;
            ctx.sp = savedSp;
        }
        if (ctx.stack != stack) System.arraycopy(stack, base, ctx.stack, base, numResults); // grown by re-entry
    }

    @Override
    CallLimits defaultLimits() {
        return CallLimits.NONE;
    }

    @Override
    int callDepthLimit() {
        return Config.DEFAULT.maxCallDepth();
    }

    @Override
    public String toString() {
        return "host function " + module + "." + field + " " + type;
    }
}
