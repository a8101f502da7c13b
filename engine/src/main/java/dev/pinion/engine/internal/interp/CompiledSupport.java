package dev.pinion.engine.internal.interp;

import dev.pinion.engine.Trap;
import dev.pinion.engine.internal.exec.ExecContext;
import dev.pinion.engine.internal.exec.FunctionInstance;
import dev.pinion.engine.internal.exec.HostFunctionInstance;
import dev.pinion.engine.internal.exec.InstanceImpl;
import dev.pinion.engine.internal.exec.MemoryInstance;
import dev.pinion.engine.internal.exec.WasmFunction;
import dev.pinion.engine.internal.tier2.CompiledCode;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * What code compiled by {@code tier2.Compiler} calls: fuel checkpoints, calls, traps, and one small static method
 * per lowered instruction, named after its {@link Op} constant in lower case, with exactly the interpreter's
 * semantics (HotSpot inlines them, so the compiler emits a call instead of re-deriving each instruction's
 * bytecode). It lives here to share the interpreter's package-private address and call helpers.
 */
public final class CompiledSupport {
    private CompiledSupport() {}


    // ---- limits, calls, traps

    /** A fuel checkpoint: the same charge, at the same place, as the interpreter's FUEL (or back-edge) charge. */
    public static void fuel(ExecContext ctx, int cost) {
        long b = ctx.budget - cost;
        ctx.budget = b;
        if (b < 0) ctx.budget = Limiter.refill(ctx, b);
    }

    /**
     * Runs {@code w} with its arguments at {@code stack[fp..]}: compiled when it has code and the thread has JVM
     * stack room for compiled frames ({@link ExecContext#compiledRoom}), else interpreted (and counted towards
     * compilation in the tiered mode).
     */
    public static void invoke(ExecContext ctx, WasmFunction w, int fp) {
        CompiledCode c = w.tier2;
        int room = ctx.compiledRoom;
        if (c == null || room <= 0) {
            if (c == null && --w.hotness < 0) TierUp.hot(w);
            Interpreter.execute(ctx, w, fp);
            return;
        }
        int d = ctx.depth;
        if (d >= ctx.maxDepth) throw Traps.of(Trap.Kind.CALL_STACK_EXHAUSTED);
        ctx.depth = d + 1;
        ctx.compiledRoom = room - roomFor(w);
        try {
            c.run(ctx, w, fp);
        } catch (Trap | IndexOutOfBoundsException | StackOverflowError e) {
            throw asTrap(e, ctx, w, d, room);
        }
        ctx.depth = d;
        ctx.compiledRoom = room;
    }

    /**
     * JVM stack a compiled activation of {@code w} may take, in 8-byte words: before HotSpot compiles the generated
     * code, a Wasm call is up to four interpreted JVM frames (dispatch, invoke, run, call; between compiled
     * functions only call) of about 100 bytes of overhead each plus their locals, two words per frame slot. An estimate on the safe side; see
     * {@link ExecContext#COMPILED_ROOM}.
     */
    public static int roomFor(WasmFunction w) {
        return MIN_ROOM + 2 * w.frameSize;
    }

    /** The least compiled-frame room an activation takes ({@link #roomFor}). */
    public static final int MIN_ROOM = 96;

    /**
     * The compiled-frame room of an activation at call depth {@code depth} entered in {@code run}'s convention
     * ({@code ctx.compiledRoom}), lowered so that it runs out no later than the call-depth limit is reached:
     * at most {@link #MIN_ROOM} per call left before {@code maxDepth}. Every compiled call takes at least
     * MIN_ROOM and one level of depth, so a compiled caller with room left is below the limit and its fast path
     * needs no depth check; a call without room takes the slow path, whose {@link #invoke} (or the interpreter)
     * checks the depth exactly as before and throws the same trap.
     */
    static int room(ExecContext ctx, int depth) {
        long left = ((long) ctx.maxDepth - depth) * MIN_ROOM;
        return (int) Math.min(ctx.compiledRoom, Math.max(left, Integer.MIN_VALUE));
    }

    /**
     * A compiled activation's call depth and compiled-frame room in one long, {@code depth * 2^32 + room}, as
     * {@code CompiledCode.call} takes them: a call passes {@code level + 2^32 - roomFor(callee)} (one addition),
     * the room check is {@code (int) level > 0}, and one argument register is saved. This one is the context's
     * (code in {@code run}'s convention), the room lowered by {@link #room}.
     */
    public static long level(ExecContext ctx) {
        int depth = ctx.depth;
        return ((long) depth << 32) + room(ctx, depth);
    }

    /** The call depth of a {@link #level}; its room is its low 32 bits. */
    public static int depthOf(long level) {
        return (int) ((level - (int) level) >> 32);
    }

    /** The context's depth and room become those of {@code level} (before code in run's convention runs). */
    public static void publish(ExecContext ctx, long level) {
        ctx.depth = depthOf(level);
        ctx.compiledRoom = (int) level;
    }

    private static Trap unwound(ExecContext ctx, Trap t, WasmFunction w, int depth, int room) {
        List<Trap.Frame> frames = new ArrayList<>(t.wasmStackTrace());
        frames.add(w.frame());
        t.setWasmStackTrace(frames);
        ctx.depth = depth;
        ctx.compiledRoom = room;
        return t;
    }

    /**
     * A call its caller does not run itself (the interpreter's call of a compiled or host callee, a compiled
     * caller's call of an interpreted or host one): arguments at {@code stack[base..]}, {@code top} the first
     * slot above the caller's frame.
     */
    public static void dispatch(FunctionInstance target, ExecContext ctx, InstanceImpl inst, int base, int top) {
        if (target instanceof WasmFunction w) {
            invoke(ctx, w, base);
        } else {
            Calls.host(ctx, (HostFunctionInstance) target, inst, ctx.stack, base, top);
        }
    }

    /**
     * A compiled call in {@code CompiledCode.call}'s convention whose callee the caller does not run itself (an
     * interpreted or host function, or no JVM stack room left for compiled frames): the arguments to the frame,
     * the caller's budget, depth and room to the context (that convention keeps them in JVM locals), then as
     * {@link #dispatch}; returns what {@code CompiledCode.call} returns (the budget, with the result where it
     * fits: {@code CompiledCode.returns}). One method per arity keeps this out of the caller's
     * bytecode, which HotSpot's inlining budget counts. {@code top} is the first slot above the caller's frame.
     */
    public static long slow(FunctionInstance f, ExecContext ctx, InstanceImpl inst, int base, int top, long level, long budget) {
        ctx.budget = budget;
        ctx.ensure(top);
        publish(ctx, level);
        dispatch(f, ctx, inst, base, top);
        return CompiledCode.returned(f, ctx, base);
    }

    /** Arity n stores its last argument and hands the others to arity n - 1 (a slow path: a few extra stores). */
    public static long slow(FunctionInstance f, ExecContext ctx, InstanceImpl inst, int base, int top, long level, long budget, long a0) {
        ctx.ensure(top)[base + 0] = a0;
        return slow(f, ctx, inst, base, top, level, budget);
    }

    public static long slow(FunctionInstance f, ExecContext ctx, InstanceImpl inst, int base, int top, long level, long budget, long a0, long a1) {
        ctx.ensure(top)[base + 1] = a1;
        return slow(f, ctx, inst, base, top, level, budget, a0);
    }

    public static long slow(FunctionInstance f, ExecContext ctx, InstanceImpl inst, int base, int top, long level, long budget, long a0, long a1, long a2) {
        ctx.ensure(top)[base + 2] = a2;
        return slow(f, ctx, inst, base, top, level, budget, a0, a1);
    }

    public static long slow(FunctionInstance f, ExecContext ctx, InstanceImpl inst, int base, int top, long level, long budget, long a0, long a1, long a2, long a3) {
        ctx.ensure(top)[base + 3] = a3;
        return slow(f, ctx, inst, base, top, level, budget, a0, a1, a2);
    }

    public static long slow(FunctionInstance f, ExecContext ctx, InstanceImpl inst, int base, int top, long level, long budget, long a0, long a1, long a2, long a3, long a4) {
        ctx.ensure(top)[base + 4] = a4;
        return slow(f, ctx, inst, base, top, level, budget, a0, a1, a2, a3);
    }

    public static long slow(FunctionInstance f, ExecContext ctx, InstanceImpl inst, int base, int top, long level, long budget, long a0, long a1, long a2, long a3, long a4, long a5) {
        ctx.ensure(top)[base + 5] = a5;
        return slow(f, ctx, inst, base, top, level, budget, a0, a1, a2, a3, a4);
    }

    public static long slow(FunctionInstance f, ExecContext ctx, InstanceImpl inst, int base, int top, long level, long budget, long a0, long a1, long a2, long a3, long a4, long a5, long a6) {
        ctx.ensure(top)[base + 6] = a6;
        return slow(f, ctx, inst, base, top, level, budget, a0, a1, a2, a3, a4, a5);
    }

    public static long slow(FunctionInstance f, ExecContext ctx, InstanceImpl inst, int base, int top, long level, long budget, long a0, long a1, long a2, long a3, long a4, long a5, long a6, long a7) {
        ctx.ensure(top)[base + 7] = a7;
        return slow(f, ctx, inst, base, top, level, budget, a0, a1, a2, a3, a4, a5, a6);
    }

    /** CALL_INDIRECT's callee after the interpreter's checks of the table entry. */
    public static FunctionInstance indirectTarget(InstanceImpl inst, int typeIdx, int tableIdx, int index) {
        return Calls.indirect(inst, typeIdx, tableIdx, index);
    }

    /**
     * What a compiled call that ran compiled code {@code w} directly at call depth {@code depth} throws when
     * {@code w} failed with {@code e} ({@code room}: the compiled-frame room before the call): exactly what
     * {@link #invoke}'s handlers make of it.
     */
    public static Throwable calleeFailed(Throwable e, ExecContext ctx, WasmFunction w, long level) {
        Trap t = asTrap(e, ctx, w, depthOf(level), (int) level);
        return t != null ? t : e;
    }

    /**
     * The trap a failure of compiled {@code w} (run at call depth {@code depth}, with compiled-frame room
     * {@code room} before the call) becomes once {@code w}'s frame is on its backtrace, or null for anything that
     * is not a trap: a memory segment's bounds check on linear memory is the out-of-bounds trap, as in the
     * interpreter; a {@code StackOverflowError} the call-depth trap, never an Error (compiled calls nest on the
     * JVM stack, and the room keeps them well inside it, but a host function that re-enters deeply could still
     * run out).
     */
    private static Trap asTrap(Throwable e, ExecContext ctx, WasmFunction w, int depth, int room) {
        if (e instanceof Trap t) return unwound(ctx, t, w, depth, room);
        if (e instanceof IndexOutOfBoundsException) return unwound(ctx, Traps.memory(), w, depth, room);
        if (e instanceof StackOverflowError) {
            return unwound(ctx, Traps.of(Trap.Kind.CALL_STACK_EXHAUSTED), w, depth, room);
        }
        return null;
    }

    // ---- tables, bulk memory, references, SIMD: the interpreter's own code on the frame in the value stack

    /** A {@link Op#MISC} instruction at {@code code[pc]}, its operands at {@code ctx.stack[fp + slot]}. */
    public static void misc(ExecContext ctx, InstanceImpl inst, int[] code, int pc, int fp) {
        Misc.run(ctx, inst, code, pc, ctx.stack, fp);
    }

    /** A {@link Op#V128} instruction at {@code code[pc]}, its operands at {@code ctx.stack[fp + slot]}. */
    public static void v128(ExecContext ctx, MemoryInstance m, int[] code, int pc, int fp) {
        Simd.run(code, pc, ctx.stack, fp, bytes(m));
    }

    /** How a SIMD sub-opcode's lanes work, for the compiler: one of the V128_ kinds, or 0 (anything else). */
    public static final int V128_UNARY = 1, V128_BINARY = 2, V128_SHIFT = 3;

    public static int v128Kind(int sub) {
        return Simd.laneWiseKind(sub);
    }

    /** One half (64 bits) of a lane-wise SIMD instruction, exactly as the interpreter computes it. */
    public static long v128Unary(int sub, long x) { return Simd.unaryHalf(sub, x); }
    public static long v128Binary(int sub, long x, long y) { return Simd.binaryHalf(sub, x, y); }
    public static long v128Shift(int sub, long x, int n) { return Simd.shiftHalf(sub, x, n); }

    /** A split function's frame in the value stack: declared locals zero, constant slots their values. */
    public static void initFrame(ExecContext ctx, WasmFunction fn, int fp) {
        long[] s = ctx.stack;
        java.util.Arrays.fill(s, fp + fn.numParams, fp + fn.numLocals, 0L);
        System.arraycopy(fn.constants, 0, s, fp + fn.numLocals, fn.constants.length);
    }

    public static Trap unreachable() {
        return Traps.of(Trap.Kind.UNREACHABLE);
    }

    public static MemorySegment bytes(MemoryInstance m) {
        return Interpreter.bytes(m);
    }

    public static long memory_size(MemoryInstance m) {
        return m.size / MemoryInstance.PAGE_SIZE;
    }

    public static long memory_grow(MemoryInstance m, long delta) {
        return m.grow((int) delta);
    }

    // ---- what tier 2 leaves as calls (Compiler.Body.inline emits the rest as JVM instructions): unary d a

    public static long ref_is_null(long a) { return a == 0 ? 1 : 0; }

    // ---- binary: d a b

    public static long i32_div_s(long a, long b) { return Ops.i32DivS((int) a, (int) b); }
    public static long i32_div_u(long a, long b) { return Ops.i32DivU((int) a, (int) b); }
    public static long i32_rem_s(long a, long b) { return Ops.i32RemS((int) a, (int) b); }
    public static long i32_rem_u(long a, long b) { return Ops.i32RemU((int) a, (int) b); }
    public static long i32_rotl(long a, long b) { return Integer.rotateLeft((int) a, (int) b); }
    public static long i32_rotr(long a, long b) { return Integer.rotateRight((int) a, (int) b); }
}
