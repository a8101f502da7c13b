package dev.pinion.engine.internal.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pinion.engine.Interrupt;
import org.junit.jupiter.api.Test;

/**
 * The first local budget of a call: the refill slow path is taken every {@link Limiter#CHUNK} units when there is
 * something to check there, and never when there is nothing (the engine's limit tests check that fuel, deadlines
 * and interrupts are still enforced; this checks that an unlimited call does not pay for them).
 */
class LimiterTest {
    @Test
    void aCallWithNothingToCheckNeverRefills() {
        assertEquals(Limiter.UNCHECKED, Limiter.firstBudget(false, Long.MAX_VALUE, 0, null));
        assertTrue(Limiter.UNCHECKED > 1L << 60, "decades of work at any speed");
    }

    @Test
    void fuelADeadlineOrAnInterruptIsCheckedEveryChunk() {
        assertEquals(Limiter.CHUNK, Limiter.firstBudget(true, 1_000_000, 0, null));
        assertEquals(500, Limiter.firstBudget(true, 500, 0, null), "less fuel than a chunk: all of it");
        assertEquals(Limiter.CHUNK, Limiter.firstBudget(false, Long.MAX_VALUE, 12345, null));
        assertEquals(Limiter.CHUNK, Limiter.firstBudget(false, Long.MAX_VALUE, 0, new Interrupt()));
    }
}
