package dev.pinion.engine.internal.interp;

import dev.pinion.engine.Trap;
import dev.pinion.engine.internal.exec.ExecContext;
import dev.pinion.engine.internal.exec.FunctionInstance;
import dev.pinion.engine.internal.exec.InstanceImpl;
import dev.pinion.engine.internal.exec.WasmFunction;
import dev.pinion.engine.internal.tier2.CompiledCode;
import dev.pinion.engine.internal.tier2.LoopHeaders;
import dev.pinion.engine.internal.tier2.Tier2;

/**
 * Where the interpreter meets tier 2, out of its loop (which must stay under HotSpot's HugeMethodLimit): calls
 * whose callee is compiled or just got hot, and loop headers whose function got hot (on-stack replacement).
 */
final class TierUp {
    private TierUp() {}

    /** A function whose hotness countdown went below zero outside a loop header. */
    static void hot(WasmFunction w) {
        Tier2.hot(w);
    }

    /**
     * The interpreter's call when the callee is compiled (and the thread has room for compiled frames), just got
     * hot, or is a host function. {@code top} is the first slot above the caller's frame.
     */
    static void call(ExecContext ctx, FunctionInstance target, InstanceImpl caller, int base, int top) {
        CompiledSupport.dispatch(target, ctx, caller, base, top);
    }

    /**
     * A LOOP header whose fuel charge left the budget negative or whose function's hotness countdown went below
     * zero (the charge is already in {@code ctx.budget}). Returns the pc to continue at: after the header, or, when
     * compiled code for this loop ran the frame to its end (on-stack replacement: every slot is taken from the
     * interpreter's frame), the function's trailing {@code RETURN 0 n}, the results being in place already.
     */
    static int loop(ExecContext ctx, WasmFunction fn, int fp, int pc) {
        if (ctx.budget < 0) ctx.budget = Limiter.refill(ctx, ctx.budget);
        if (fn.hotness >= 0) return pc + 2;
        CompiledCode osr = Tier2.loopHot(fn, pc + 2);
        int room = ctx.compiledRoom, depth = ctx.depth;
        if (osr == null || room <= 0) return pc + 2;
        ctx.compiledRoom = room - CompiledSupport.roomFor(fn);
        try {
            osr.run(ctx, fn, fp);
        } catch (StackOverflowError e) {
            // as in CompiledSupport.invoke; the interpreter adds this frame and its callers to the backtrace
            throw Traps.of(Trap.Kind.CALL_STACK_EXHAUSTED);
        } finally {
            // Compiled code leaves the context's depth as its last callee's slow path published it (code in
            // call's convention keeps its own in a JVM local and publishes it only for a slow call). The
            // interpreter goes on with this frame's, returning or trapping: one too deep, its RETURN took a stale
            // frame record for its caller and ran this function's loop again from that record's pc (a loop
            // calling a compiled function that called a host function never ended), and a trap's backtrace got
            // that stale record's frames too.
            ctx.compiledRoom = room;
            ctx.depth = depth;
        }
        return LoopHeaders.osrReturn(fn.code);
    }
}
