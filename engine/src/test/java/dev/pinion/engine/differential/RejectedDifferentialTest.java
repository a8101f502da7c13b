package dev.pinion.engine.differential;

import dev.pinion.engine.internal.tier2.CodeCache;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The whole differential corpus again with tier 2 rejecting every function, as it rejects one too large for it:
 * in the compiled and tiered modes every function then runs in the interpreter on the code a rejected function
 * gets back after its loops were marked for tiering (LoopHeaders.unmark). That code once sent an {@code if}
 * right before a loop to a negative pc (fuzz-034.wasm trapped "out of bounds memory access"); rejection is rare
 * in practice (size, or a compiler failure), so only this test runs it on many functions.
 */
class RejectedDifferentialTest extends DifferentialTest {
    private static boolean saved;

    @BeforeAll
    static void rejectEverything() {
        saved = CodeCache.rejectAll(true);
    }

    @AfterAll
    static void restore() {
        CodeCache.rejectAll(saved);
    }
}
