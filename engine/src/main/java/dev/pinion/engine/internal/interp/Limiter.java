package dev.pinion.engine.internal.interp;

import dev.pinion.engine.Interrupt;
import dev.pinion.engine.Trap;
import dev.pinion.engine.internal.exec.ExecContext;

/**
 * The slow path of fuel accounting. The interpreter spends a local budget (at most {@link #CHUNK} units); when it
 * goes negative it lands here, where the real fuel, the deadline and the interrupt flag are checked. So deadline
 * and interrupt cost nothing per instruction, yet are seen at least every CHUNK units of work.
 */
public final class Limiter {
    private Limiter() {}

    public static final long CHUNK = 10_000;

    /** Returns the new local budget, or throws the trap that stops the call. */
    public static long refill(ExecContext ctx, long budget) {
        // The deadline first: a watchdog that requests the interrupt at the same deadline (pinion run's does, to
        // wake a guest blocked in a host call) must not turn a timeout into "stopped by request".
        if (ctx.deadline != 0 && System.nanoTime() - ctx.deadline > 0) {
            throw new Trap(Trap.Kind.INTERRUPTED, "interrupted: " + Interrupt.DEADLINE_EXCEEDED);
        }
        String reason = ctx.interrupt == null ? null : ctx.interrupt.reason();
        if (reason != null) throw new Trap(Trap.Kind.INTERRUPTED, "interrupted: " + reason);
        if (!ctx.fuelLimited) return CHUNK;
        long total = ctx.fuelLeft + budget;
        if (total < 0) {
            ctx.fuelLeft = 0;
            throw new Trap(Trap.Kind.FUEL_EXHAUSTED);
        }
        long chunk = Math.min(CHUNK, total);
        ctx.fuelLeft = total - chunk;
        return chunk;
    }
}
