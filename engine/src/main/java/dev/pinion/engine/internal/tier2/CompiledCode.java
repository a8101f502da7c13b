package dev.pinion.engine.internal.tier2;

import dev.pinion.engine.FuncType;
import dev.pinion.engine.internal.exec.ExecContext;
import dev.pinion.engine.internal.exec.FunctionInstance;
import dev.pinion.engine.internal.exec.WasmFunction;
import dev.pinion.engine.internal.interp.CompiledSupport;
import dev.pinion.engine.internal.interp.Limiter;

/**
 * A function's body compiled to JVM bytecode: the superclass of each hidden class the {@link Compiler} defines.
 *
 * <p>Two calling conventions. {@link #run} is the interpreter's: arguments at {@code ctx.stack[fp..]}, results
 * left there; the interpreter, hosts, Java callers and {@code CompiledSupport.invoke} use it. {@code call} is the
 * one compiled callers use for a function of at most {@link #MAX_ARGS} parameter slots and at most one result
 * slot: the arguments are JVM arguments, the result comes back in the return value (with the fuel budget where it
 * fits: {@link #returns}), and the callee's call depth and JVM stack room ({@code ExecContext.depth},
 * {@code compiledRoom}, as one {@code level}: {@code CompiledSupport.level}) and fuel budget are arguments too, so
 * a call between compiled functions reads and writes neither the value-stack array nor the context's fields
 * (see {@code Compiler}'s own-code ranges for what that gives up); those are brought up to date
 * only where code in the other convention (interpreter, hosts) takes over. A compiled function of such a type overrides the {@code call} of its arity with its
 * body and implements {@code run} as an adapter to it; any other compiled code (split functions, other types,
 * on-stack-replacement entries) keeps its body in {@code run}, and the defaults here adapt {@code call} to it.
 * {@code fp} is still the callee's frame in the value stack, used only on slow paths (instructions run by the
 * interpreter's code on the frame, calls to interpreted or host functions); a compiled caller in call's convention
 * passes its own, which holds nothing across the call ({@code Compiler.calleeFrame}).
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

    public long call(ExecContext ctx, WasmFunction fn, int fp, long level, long budget) {
        return viaRun(ctx, fn, fp, level, budget);
    }

    public long call(ExecContext ctx, WasmFunction fn, int fp, long level, long budget, long a0) {
        long[] s = ctx.ensure(fp + 1);
        s[fp] = a0;
        return viaRun(ctx, fn, fp, level, budget);
    }

    public long call(ExecContext ctx, WasmFunction fn, int fp, long level, long budget, long a0, long a1) {
        long[] s = ctx.ensure(fp + 2);
        s[fp] = a0;
        s[fp + 1] = a1;
        return viaRun(ctx, fn, fp, level, budget);
    }

    public long call(ExecContext ctx, WasmFunction fn, int fp, long level, long budget, long a0, long a1, long a2) {
        long[] s = ctx.ensure(fp + 3);
        s[fp] = a0;
        s[fp + 1] = a1;
        s[fp + 2] = a2;
        return viaRun(ctx, fn, fp, level, budget);
    }

    public long call(ExecContext ctx, WasmFunction fn, int fp, long level, long budget, long a0, long a1, long a2, long a3) {
        long[] s = ctx.ensure(fp + 4);
        s[fp] = a0;
        s[fp + 1] = a1;
        s[fp + 2] = a2;
        s[fp + 3] = a3;
        return viaRun(ctx, fn, fp, level, budget);
    }

    public long call(ExecContext ctx, WasmFunction fn, int fp, long level, long budget, long a0, long a1, long a2, long a3, long a4) {
        long[] s = ctx.ensure(fp + 5);
        s[fp] = a0;
        s[fp + 1] = a1;
        s[fp + 2] = a2;
        s[fp + 3] = a3;
        s[fp + 4] = a4;
        return viaRun(ctx, fn, fp, level, budget);
    }

    public long call(ExecContext ctx, WasmFunction fn, int fp, long level, long budget, long a0, long a1, long a2, long a3, long a4,
                     long a5) {
        long[] s = ctx.ensure(fp + 6);
        s[fp] = a0;
        s[fp + 1] = a1;
        s[fp + 2] = a2;
        s[fp + 3] = a3;
        s[fp + 4] = a4;
        s[fp + 5] = a5;
        return viaRun(ctx, fn, fp, level, budget);
    }

    public long call(ExecContext ctx, WasmFunction fn, int fp, long level, long budget, long a0, long a1, long a2, long a3, long a4,
                     long a5, long a6) {
        long[] s = ctx.ensure(fp + 7);
        s[fp] = a0;
        s[fp + 1] = a1;
        s[fp + 2] = a2;
        s[fp + 3] = a3;
        s[fp + 4] = a4;
        s[fp + 5] = a5;
        s[fp + 6] = a6;
        return viaRun(ctx, fn, fp, level, budget);
    }

    public long call(ExecContext ctx, WasmFunction fn, int fp, long level, long budget, long a0, long a1, long a2, long a3, long a4,
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
        return viaRun(ctx, fn, fp, level, budget);
    }

    /**
     * {@code call} for a call with nothing to check (no fuel limit, deadline or interrupt: its budget is
     * {@code Limiter.UNCHECKED}, so no check point can stop it and the budget means nothing): the same arguments,
     * the budget passed on unread, and only the result returned (0 for none; an i32 sign-extended, an f32's bits
     * zero-extended, as in a frame slot). A compiled function in call's convention overrides it with a second
     * body that charges no fuel and threads no budget through its calls, which is how Chicory's code runs: fib
     * spent most of its time packing and unpacking budgets at every inlined return. Callers in that body call
     * their callees' callUnchecked; run's adapter chooses it when {@code ctx.budget} is that large. Here, for
     * code that keeps its body in run: call, and the result from what it returns.
     */
    public long callUnchecked(ExecContext ctx, WasmFunction fn, int fp, long level, long budget) {
        return resultOf(fn, call(ctx, fn, fp, level, budget));
    }

    public long callUnchecked(ExecContext ctx, WasmFunction fn, int fp, long level, long budget, long a0) {
        return resultOf(fn, call(ctx, fn, fp, level, budget, a0));
    }

    public long callUnchecked(ExecContext ctx, WasmFunction fn, int fp, long level, long budget, long a0, long a1) {
        return resultOf(fn, call(ctx, fn, fp, level, budget, a0, a1));
    }

    public long callUnchecked(ExecContext ctx, WasmFunction fn, int fp, long level, long budget, long a0, long a1, long a2) {
        return resultOf(fn, call(ctx, fn, fp, level, budget, a0, a1, a2));
    }

    public long callUnchecked(ExecContext ctx, WasmFunction fn, int fp, long level, long budget, long a0, long a1, long a2, long a3) {
        return resultOf(fn, call(ctx, fn, fp, level, budget, a0, a1, a2, a3));
    }

    public long callUnchecked(ExecContext ctx, WasmFunction fn, int fp, long level, long budget, long a0, long a1, long a2, long a3, long a4) {
        return resultOf(fn, call(ctx, fn, fp, level, budget, a0, a1, a2, a3, a4));
    }

    public long callUnchecked(ExecContext ctx, WasmFunction fn, int fp, long level, long budget, long a0, long a1, long a2, long a3, long a4, long a5) {
        return resultOf(fn, call(ctx, fn, fp, level, budget, a0, a1, a2, a3, a4, a5));
    }

    public long callUnchecked(ExecContext ctx, WasmFunction fn, int fp, long level, long budget, long a0, long a1, long a2, long a3, long a4, long a5, long a6) {
        return resultOf(fn, call(ctx, fn, fp, level, budget, a0, a1, a2, a3, a4, a5, a6));
    }

    public long callUnchecked(ExecContext ctx, WasmFunction fn, int fp, long level, long budget, long a0, long a1, long a2, long a3, long a4, long a5, long a6, long a7) {
        return resultOf(fn, call(ctx, fn, fp, level, budget, a0, a1, a2, a3, a4, a5, a6, a7));
    }

    /** The result alone (as {@link #callUnchecked} returns it) of what {@code call} of {@code f} returned. */
    public static long resultOf(FunctionInstance f, long returned) {
        return switch (returns(f.type())) {
            case RETURNS_BUDGET -> 0;
            case RETURNS_I32 -> returned >> 32;
            case RETURNS_F32 -> returned >>> 32;
            default -> returned;
        };
    }

    /**
     * {@code call} through {@code run}: the arguments are in the frame, the result is read from it, and the call
     * depth, room and fuel budget are where {@code run}'s code reads them (depth and room put back afterwards: a
     * caller in {@code call}'s convention does not keep them there, but code in {@code run}'s convention up the
     * JVM stack expects them).
     */
    private long viaRun(ExecContext ctx, WasmFunction fn, int fp, long level, long budget) {
        int d0 = ctx.depth, r0 = ctx.compiledRoom;
        CompiledSupport.publish(ctx, level);
        ctx.budget = budget;
        run(ctx, fn, fp);
        ctx.depth = d0;
        ctx.compiledRoom = r0;
        return returned(fn, ctx, fp);
    }

    // ---- what call returns, by the callee's result type (the caller knows it from the type alone)

    /**
     * {@code call} of a function with no result returns the fuel budget left; with one i32 or f32 result, that
     * result's 32 bits above the budget's low 32 bits ({@link #pack}); with any other one-slot result (i64, f64,
     * a reference) the result, the budget then in {@code ctx.budget}. The budget travels with the result where it
     * fits because it is small: between fuel checkpoints it is at most {@code Limiter.CHUNK} (10,000) and never
     * below minus one block's charge, so its low 32 bits are exact, except for a call with nothing to check, whose
     * budget is huge and stands for itself ({@link #pack}).
     */
    public static final int RETURNS_BUDGET = 0, RETURNS_I32 = 1, RETURNS_F32 = 2, RETURNS_WIDE = 3;

    /** How {@code call} of a function of this type returns: one of the RETURNS_ constants. */
    public static int returns(FuncType type) {
        if (type.results().isEmpty()) return RETURNS_BUDGET;
        return switch (type.results().get(0)) {
            case I32 -> RETURNS_I32;
            case F32 -> RETURNS_F32;
            default -> RETURNS_WIDE;
        };
    }

    /**
     * An i32 or f32 result slot (its low 32 bits) and the budget in one long. A budget of {@code Integer.MAX_VALUE}
     * or more is a call with nothing to check ({@code Limiter.UNCHECKED}, 2^62 less what was spent: checked
     * budgets never exceed {@code Limiter.CHUNK}); it travels as {@code Integer.MAX_VALUE} and comes back as
     * UNCHECKED ({@link #budgetOf}), so such a call never reaches the refill path.
     */
    public static long pack(long result, long budget) {
        return result << 32 | Math.min(budget, Integer.MAX_VALUE) & 0xFFFF_FFFFL;
    }

    /** The budget of a {@link #pack}ed result. */
    public static long budgetOf(long packed) {
        int b = (int) packed;
        return b == Integer.MAX_VALUE ? Limiter.UNCHECKED : b;
    }

    /**
     * What {@code call} of {@code f} returns once it ran in {@code run}'s convention: the result at
     * {@code ctx.stack[fp]} (if any), the budget in {@code ctx.budget}.
     */
    public static long returned(FunctionInstance f, ExecContext ctx, int fp) {
        return switch (returns(f.type())) {
            case RETURNS_BUDGET -> ctx.budget;
            case RETURNS_WIDE -> ctx.stack[fp];
            default -> pack(ctx.stack[fp], ctx.budget);
        };
    }
}
