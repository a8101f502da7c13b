package dev.pinion.engine;

import java.time.Duration;

/**
 * Limits for one call into Wasm, so untrusted code cannot hang its host.
 *
 * @param fuel      instruction budget (charged per basic block); a call that spends it all traps with
 *                  {@link Trap.Kind#FUEL_EXHAUSTED}. {@code Long.MAX_VALUE} means unlimited.
 * @param timeout   wall-clock limit for the call, or null for none; past it the call traps with
 *                  {@link Trap.Kind#INTERRUPTED}
 * @param interrupt a handle another thread may use to stop the call, or null
 */
public record CallLimits(long fuel, Duration timeout, Interrupt interrupt) {
    public static final CallLimits NONE = new CallLimits(Long.MAX_VALUE, null, null);

    public CallLimits {
        if (fuel < 0) throw new IllegalArgumentException("fuel must be >= 0, got " + fuel);
    }

    public static CallLimits fuel(long fuel) {
        return NONE.withFuel(fuel);
    }

    public static CallLimits timeout(Duration timeout) {
        return NONE.withTimeout(timeout);
    }

    public CallLimits withFuel(long f) {
        return new CallLimits(f, timeout, interrupt);
    }

    public CallLimits withTimeout(Duration t) {
        return new CallLimits(fuel, t, interrupt);
    }

    public CallLimits withInterrupt(Interrupt i) {
        return new CallLimits(fuel, timeout, i);
    }

    public boolean isUnlimited() {
        return fuel == Long.MAX_VALUE && timeout == null && interrupt == null;
    }
}
