package dev.pinion.engine.internal.interp;

import dev.pinion.engine.Interrupt;
import dev.pinion.engine.Trap;
import dev.pinion.engine.internal.exec.ExecContext;

/**
 * The slow path of fuel accounting. The interpreter spends a local budget (at most {@link #CHUNK} units); when it
 * goes negative it lands here, where the real fuel, the deadline and the interrupt flag are checked. So deadline
 * and interrupt cost nothing per instruction, yet are seen at least every CHUNK units of work. A call that has
 * none of the three never lands here ({@link #UNCHECKED}).
 */
public final class Limiter {
    private Limiter() {}

    public static final long CHUNK = 10_000;

    /**
     * The local budget of a call with nothing to check: no fuel limit, no deadline, no interrupt. 2^62 units
     * (decades of work) so that it never runs out, and this slow path is never taken. That matters beyond the
     * call it saves: HotSpot compiles a branch it saw taken as a real call, and a call inside a loop of tier 2's
     * code may change any memory, so C2 reloads the memory segment's fields at every access after it and keeps
     * its bounds checks in the loop (sieve 1.13 -> 0.36 ms a call with the refill never taken, tokenizer
     * 0.44 -> 0.32).
     */
    public static final long UNCHECKED = 1L << 62;

    /** The first local budget of a call with these limits (the real fuel, if limited, is {@code fuel}). */
    public static long firstBudget(boolean fuelLimited, long fuel, long deadline, Interrupt interrupt) {
        return fuelLimited ? Math.min(CHUNK, fuel) : unlimitedChunk(deadline, interrupt);
    }

    /** A local budget without a fuel limit: a chunk between two looks at the deadline and interrupt, if any. */
    private static long unlimitedChunk(long deadline, Interrupt interrupt) {
        return deadline == 0 && interrupt == null ? UNCHECKED : CHUNK;
    }

    /** Returns the new local budget, or throws the trap that stops the call. */
    public static long refill(ExecContext ctx, long budget) {
        // The deadline first: a watchdog that requests the interrupt at the same deadline (pinion run's does, to
        // wake a guest blocked in a host call) must not turn a timeout into "stopped by request".
        if (ctx.deadline != 0 && System.nanoTime() - ctx.deadline > 0) {
            throw new Trap(Trap.Kind.INTERRUPTED, "interrupted: " + Interrupt.DEADLINE_EXCEEDED);
        }
        String reason = ctx.interrupt == null ? null : ctx.interrupt.reason();
        if (reason != null) throw new Trap(Trap.Kind.INTERRUPTED, "interrupted: " + reason);
        if (!ctx.fuelLimited) return unlimitedChunk(ctx.deadline, ctx.interrupt);
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
