package dev.pinion.engine.internal.tier2;

import dev.pinion.engine.internal.exec.ExecContext;
import dev.pinion.engine.internal.exec.WasmFunction;

/**
 * A function's body compiled to JVM bytecode: the superclass of each hidden class the {@link Compiler} defines.
 *
 * <p>Two calling conventions. {@link #run} is the interpreter's: arguments at {@code ctx.stack[fp..]}, results
 * left there; the interpreter, hosts, Java callers and {@code CompiledSupport.invoke} use it. {@code call} is the
 * one compiled callers use for a function of at most {@link #MAX_ARGS} parameter slots and at most one result
 * slot: the arguments are JVM arguments, the result is the return value (0 for none), so a call between compiled
 * functions touches no array. A compiled function of such a type overrides the {@code call} of its arity with its
 * body and implements {@code run} as an adapter to it; any other compiled code (split functions, other types,
 * on-stack-replacement entries) keeps its body in {@code run}, and the defaults here adapt {@code call} to it.
 * {@code fp} is still the callee's frame in the value stack, used only on slow paths (instructions run by the
 * interpreter's code on the frame, calls to interpreted or host functions).
 *
 * <p>The call-depth count and trap backtraces are kept by the caller (a compiled call site or
 * {@link dev.pinion.engine.internal.interp.CompiledSupport#invoke}).
 */
public abstract class CompiledCode {
    protected CompiledCode() {}

    /**
     * Most parameter slots passed as JVM arguments. Eight covers the functions C compilers emit for hot code
     * (HotSpot passes the first few in registers on x86-64 and AArch64, the rest on the stack, still cheaper
     * than the value-stack array).
     */
    public static final int MAX_ARGS = 8;

    /** Whether a function with these parameter and result slot counts is called with {@code call}. */
    public static boolean direct(int paramSlots, int resultSlots) {
        return paramSlots <= MAX_ARGS && resultSlots <= 1;
    }

    public abstract void run(ExecContext ctx, WasmFunction fn, int fp);

    public long call(ExecContext ctx, WasmFunction fn, int fp) {
        return viaRun(ctx, fn, fp);
    }

    public long call(ExecContext ctx, WasmFunction fn, int fp, long a0) {
        long[] s = ctx.ensure(fp + 1);
        s[fp] = a0;
        return viaRun(ctx, fn, fp);
    }

    public long call(ExecContext ctx, WasmFunction fn, int fp, long a0, long a1) {
        long[] s = ctx.ensure(fp + 2);
        s[fp] = a0;
        s[fp + 1] = a1;
        return viaRun(ctx, fn, fp);
    }

    public long call(ExecContext ctx, WasmFunction fn, int fp, long a0, long a1, long a2) {
        long[] s = ctx.ensure(fp + 3);
        s[fp] = a0;
        s[fp + 1] = a1;
        s[fp + 2] = a2;
        return viaRun(ctx, fn, fp);
    }

    public long call(ExecContext ctx, WasmFunction fn, int fp, long a0, long a1, long a2, long a3) {
        long[] s = ctx.ensure(fp + 4);
        s[fp] = a0;
        s[fp + 1] = a1;
        s[fp + 2] = a2;
        s[fp + 3] = a3;
        return viaRun(ctx, fn, fp);
    }

    public long call(ExecContext ctx, WasmFunction fn, int fp, long a0, long a1, long a2, long a3, long a4) {
        long[] s = ctx.ensure(fp + 5);
        s[fp] = a0;
        s[fp + 1] = a1;
        s[fp + 2] = a2;
        s[fp + 3] = a3;
        s[fp + 4] = a4;
        return viaRun(ctx, fn, fp);
    }

    public long call(ExecContext ctx, WasmFunction fn, int fp, long a0, long a1, long a2, long a3, long a4,
                     long a5) {
        long[] s = ctx.ensure(fp + 6);
        s[fp] = a0;
        s[fp + 1] = a1;
        s[fp + 2] = a2;
        s[fp + 3] = a3;
        s[fp + 4] = a4;
        s[fp + 5] = a5;
        return viaRun(ctx, fn, fp);
    }

    public long call(ExecContext ctx, WasmFunction fn, int fp, long a0, long a1, long a2, long a3, long a4,
                     long a5, long a6) {
        long[] s = ctx.ensure(fp + 7);
        s[fp] = a0;
        s[fp + 1] = a1;
        s[fp + 2] = a2;
        s[fp + 3] = a3;
        s[fp + 4] = a4;
        s[fp + 5] = a5;
        s[fp + 6] = a6;
        return viaRun(ctx, fn, fp);
    }

    public long call(ExecContext ctx, WasmFunction fn, int fp, long a0, long a1, long a2, long a3, long a4,
                     long a5, long a6, long a7) {
        long[] s = ctx.ensure(fp + 8);
        s[fp] = a0;
        s[fp + 1] = a1;
        s[fp + 2] = a2;
        s[fp + 3] = a3;
        s[fp + 4] = a4;
        s[fp + 5] = a5;
        s[fp + 6] = a6;
        s[fp + 7] = a7;
        return viaRun(ctx, fn, fp);
    }

    /** {@code call} through {@code run}: the arguments are in the frame; the result is read from it. */
    private long viaRun(ExecContext ctx, WasmFunction fn, int fp) {
        run(ctx, fn, fp);
        return fn.numResults == 0 ? 0 : ctx.stack[fp];
    }
}
