package dev.pinion.engine.internal.interp;

import dev.pinion.engine.Trap;
import dev.pinion.engine.WasmException;
import dev.pinion.engine.internal.exec.ExecContext;
import dev.pinion.engine.internal.exec.FunctionInstance;
import dev.pinion.engine.internal.exec.HostFunctionInstance;
import dev.pinion.engine.internal.exec.InstanceImpl;
import dev.pinion.engine.internal.exec.TableInstance;
import dev.pinion.engine.internal.exec.WasmFunction;

import java.util.ArrayList;
import java.util.List;

/** The slower parts of calls, out of the interpreter loop: indirect-call checks, host calls, trap backtraces. */
public final class Calls {
    private Calls() {}

    static FunctionInstance indirect(InstanceImpl inst, int typeIdx, int tableIdx, int i) {
        TableInstance table = inst.tables[tableIdx];
        Object[] elems = table.elements;
        if (i < 0 || i >= elems.length) throw Traps.of(Trap.Kind.UNDEFINED_ELEMENT);
        Object e = elems[i];
        if (e == null) throw Traps.of(Trap.Kind.UNINITIALIZED_ELEMENT);
        FunctionInstance f = (FunctionInstance) e;
        if (f.typeId != inst.typeIds[typeIdx]) throw Traps.of(Trap.Kind.INDIRECT_CALL_TYPE_MISMATCH);
        return f;
    }

    /**
     * Calls a host function with its arguments at {@code s[base..]}; {@code top} is the first slot above the
     * caller's frame, where any re-entrant call may put its frames.
     */
    static void host(ExecContext ctx, HostFunctionInstance f, InstanceImpl caller, long[] s, int base, int top) {
        int savedSp = ctx.sp;
        int room = Math.max(f.numParams, f.numResults);
        ctx.sp = Math.max(top, base + room);
        var c = ctx.caller;
        var savedInstance = c.instance;
        c.instance = caller;
        try {
            f.fn.call(c, s, base);
        } catch (WasmException e) {
            throw e;
        } catch (RuntimeException e) {
            throw hostTrap(e);
        } finally {
            c.instance = savedInstance;
            ctx.sp = savedSp;
        }
        if (ctx.stack != s) {
            // a re-entrant call grew the stack while the host wrote its results into the old array
            System.arraycopy(s, base, ctx.stack, base, f.numResults);
        }
    }

    /** A host function's failure as a trap carrying the host's own message (the exception is the cause). */
    public static Trap hostTrap(RuntimeException e) {
        return new Trap(Trap.Kind.HOST, e.getMessage() != null ? e.getMessage() : e.toString(), e);
    }

    /** Appends the Wasm frames of this interpreter activation (innermost first) to the trap's backtrace. */
    static void recordFrames(ExecContext ctx, Trap t, WasmFunction current, int baseDepth) {
        List<Trap.Frame> frames = new ArrayList<>(t.wasmStackTrace());
        frames.add(current.frame());
        for (int d = ctx.depth - 1; d > baseDepth; d--) frames.add(ctx.frameFn[d].frame());
        t.setWasmStackTrace(frames);
        ctx.depth = baseDepth;
    }
}
