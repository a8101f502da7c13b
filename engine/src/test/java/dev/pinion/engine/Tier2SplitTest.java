package dev.pinion.engine;

import dev.pinion.engine.internal.exec.WasmFunction;
import dev.pinion.engine.internal.tier2.CodeCache;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every test of {@link Tier2Test} (results, fuel to the exact unit, traps and backtraces, call depth, host
 * re-entry...) again with every function split into regions of three instructions, the form tier 2 gives a
 * function too large for one JVM method: the frame in the value stack, control crossing regions at nearly every
 * branch.
 */
class Tier2SplitTest extends Tier2Test {
    private static int saved;

    @BeforeAll
    static void splitEverything() {
        saved = CodeCache.splitEvery(3);
    }

    @AfterAll
    static void restore() {
        CodeCache.splitEvery(saved);
    }

    @Test
    void functionsAreSplitIntoRegionMethods() {
        Instance c = TestModules.compile("tier2", Config.DEFAULT.withTier(Config.Tier.COMPILED)).instantiate();
        WasmFunction fill = (WasmFunction) c.function("fill");
        assertNotNull(fill.tier2);
        long regions = Arrays.stream(fill.tier2.getClass().getDeclaredMethods()).map(Method::getName)
                .filter(n -> n.matches("r\\d+")).count();
        assertTrue(regions > 3, "fill is split into " + regions + " region methods");
    }
}
