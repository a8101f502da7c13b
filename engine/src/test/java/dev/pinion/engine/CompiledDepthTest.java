package dev.pinion.engine;

import dev.pinion.engine.internal.exec.WasmFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The call depth a compiled function hands to what it calls through the context (an interpreted function, a host
 * function and what that re-enters) is its own, also right after a compiled callee's slow path published a
 * deeper one (depthpublish.wat): otherwise the call-depth trap comes early, at a different depth than in the
 * interpreter.
 */
class CompiledDepthTest {
    private static final int MAX_DEPTH = 200;

    private static Instance instance(Config.Tier tier) {
        HostFunction probe = (caller, stack, base) -> {
            Instance inst = caller.instance();
            inst.global("n").set(0);
            Trap t = assertThrows(Trap.class, () -> inst.function("rec").call());
            assertEquals(Trap.Kind.CALL_STACK_EXHAUSTED, t.kind());
            stack[base] = inst.global("n").get();
            stack[base + 1] = 0;
        };
        Imports imports = Imports.builder().add(HostModule.builder("test")
                .function("tick", FuncType.of(new ValType[] {ValType.I32}), (caller, stack, base) -> { })
                .function("probe", FuncType.of(new ValType[0], ValType.I32, ValType.I32), probe)
                .build()).build();
        Config config = Config.DEFAULT.withTier(tier).withMaxCallDepth(MAX_DEPTH);
        return TestModules.compile("depthpublish", config).instantiate(imports);
    }

    @ParameterizedTest
    @EnumSource(Config.Tier.class)
    void aHostCallAfterACompiledCalleesSlowPath_reentersAtTheCallersDepth(Config.Tier tier) {
        long[] expected = instance(Config.Tier.INTERP).function("f").call(5);
        assertEquals(6, expected[0]);
        assertTrue(expected[1] > MAX_DEPTH - 10, "the re-entered recursion went nearly to the limit: " + expected[1]);
        Instance inst = instance(tier);
        WasmFunction f = (WasmFunction) inst.function("f"), g = (WasmFunction) inst.function("g");
        if (tier == Config.Tier.TIERED) {
            // the engine's tests run the tiered mode with a threshold of 2 (pom.xml): f and g get compiled
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while ((f.tier2 == null || g.tier2 == null) && System.nanoTime() < until) inst.function("f").call(0);
        }
        if (tier != Config.Tier.INTERP) {
            assertNotNull(f.tier2, "f is compiled");
            assertNotNull(g.tier2, "g is compiled");
        }
        assertArrayEquals(expected, inst.function("f").call(5));
    }
}
