package dev.pinion.engine;

import dev.pinion.engine.internal.exec.WasmFunction;
import dev.pinion.engine.internal.tier2.CompiledCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.Arrays;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Calls between compiled functions in both of tier 2's conventions ({@link CompiledCode}): arguments as JVM
 * arguments (up to {@link CompiledCode#MAX_ARGS} parameter slots, at most one result slot) or through the value-stack
 * frame (9 slots, two results, a v128 result), directly and through {@code call_indirect}, mixed with host calls.
 * Every tier gives the same results, traps, backtraces and fuel use as the interpreter.
 */
class Tier2CallsTest {
    private static final Config INTERP = Config.DEFAULT.withTier(Config.Tier.INTERP);

    /** The host import: doubles its argument plus one, or with {@code reenter} calls "viaHost" again. */
    private static Instance instance(Config config, boolean reenter) {
        HostFunction host = (caller, stack, base) -> {
            int x = (int) stack[base];
            stack[base] = reenter ? caller.instance().function("viaHost").call(x)[0] : 2L * x + 1;
        };
        return TestModules.compile("calls", config).instantiate(Imports.builder()
                .add(HostModule.builder("env").function("host",
                        FuncType.of(new ValType[] {ValType.I32}, new ValType[] {ValType.I32}), host).build())
                .build());
    }

    private static String outcome(Supplier<long[]> call) {
        try {
            return "result " + Arrays.toString(call.get());
        } catch (Trap t) {
            // the whole backtrace compared, but kept short in a failure message (hundreds of frames)
            var trace = t.wasmStackTrace();
            return "trap " + t.kind() + " " + t.getMessage() + ", " + trace.size() + " frames "
                    + trace.subList(0, Math.min(3, trace.size())) + "... #" + trace.toString().hashCode();
        }
    }

    @Test
    void conventions_areChosenByParameterAndResultSlots() {
        assertTrue(CompiledCode.direct(8, 1));
        assertTrue(CompiledCode.direct(0, 0));
        assertTrue(!CompiledCode.direct(9, 1), "9 parameter slots: through the frame");
        assertTrue(!CompiledCode.direct(1, 2), "two result slots (two results or a v128): through the frame");
        Instance c = instance(Config.DEFAULT.withTier(Config.Tier.COMPILED), false);
        assertNotNull(((WasmFunction) c.function("chain8")).tier2, "compiled");
    }

    @ParameterizedTest
    @EnumSource(value = Config.Tier.class, names = {"TIERED", "COMPILED"})
    void everyArityAndConvention_givesTheInterpretersResults(Config.Tier tier) {
        Instance i = instance(INTERP, false), c = instance(Config.DEFAULT.withTier(tier), false);
        for (long n : new long[] {0, 1, 2, 3, 50, 1_000}) {
            assertEquals(i.function("mix").call(n)[0], c.function("mix").call(n)[0], "mix(" + n + ")");
        }
        for (long depth : new long[] {1, 2, 5, 40}) {
            long[] args = {depth, 100, 7, 3, 4, 5, 6, -7};
            assertEquals(outcome(() -> i.function("chain8").call(args)), outcome(() -> c.function("chain8").call(args)));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Config.Tier.class, names = {"TIERED", "COMPILED"})
    void trapInADirectlyCalledCallee_hasTheInterpretersBacktrace(Config.Tier tier) {
        Instance i = instance(INTERP, false), c = instance(Config.DEFAULT.withTier(tier), false);
        for (int round = 0; round < 3; round++) { // tiered: functions switch to compiled code between rounds
            for (long depth : new long[] {0, 1, 6, 300}) {
                long[] args = {depth, 100, 0, 3, 4, 5, 6, 7};
                String a = outcome(() -> i.function("chain8").call(args));
                assertTrue(a.startsWith("trap INTEGER_DIVIDE_BY_ZERO"), a);
                assertEquals(a, outcome(() -> c.function("chain8").call(args)), "depth " + depth);
            }
        }
        Trap t = assertThrows(Trap.class, () -> c.function("chain8").call(6, 1, 0, 0, 0, 0, 0, 0));
        assertEquals(7, t.wasmStackTrace().size(), t.wasmStackTrace().toString());
        // the thread's context is clean again: calls at full depth still work
        assertEquals(i.function("mix").call(20)[0], c.function("mix").call(20)[0]);
    }

    @ParameterizedTest
    @EnumSource(value = Config.Tier.class, names = {"TIERED", "COMPILED"})
    void fuel_runsOutAtTheSamePlaceInCalleesOfBothConventions(Config.Tier tier) {
        // one pair of instances throughout: a trap at a different place would leave a different global or memory
        Instance i = instance(INTERP, false), c = instance(Config.DEFAULT.withTier(tier), false);
        for (long fuel = 1; fuel < 3_000; fuel += 13) {
            long f = fuel;
            assertEquals(outcome(() -> i.function("mix").call(CallLimits.fuel(f), 5)),
                    outcome(() -> c.function("mix").call(CallLimits.fuel(f), 5)), "fuel " + fuel);
            assertEquals(outcome(() -> i.function("mix").call(1)), outcome(() -> c.function("mix").call(1)),
                    "the same instance afterwards, fuel " + fuel);
        }
        // a small self-recursive function (chain8: compiled as twin static bodies): the trap's depth shows where
        // the budget ran out
        long[] args = {60, 100, 7, 3, 4, 5, 6, -7};
        for (long fuel = 1; fuel < 1_500; fuel += 7) {
            long f = fuel;
            assertEquals(outcome(() -> i.function("chain8").call(CallLimits.fuel(f), args)),
                    outcome(() -> c.function("chain8").call(CallLimits.fuel(f), args)), "chain8, fuel " + fuel);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Config.Tier.class, names = {"TIERED", "COMPILED"})
    void callDepthLimit_acrossConventionsAndHostReentry_isTheSameTrap(Config.Tier tier) {
        Config small = Config.DEFAULT.withMaxCallDepth(200);
        for (int round = 0; round < 3; round++) {
            Instance i = instance(small.withTier(Config.Tier.INTERP), false);
            Instance c = instance(small.withTier(tier), false);
            String a = outcome(() -> i.function("r1").call(0));
            assertTrue(a.startsWith("trap CALL_STACK_EXHAUSTED"), a);
            assertEquals(a, outcome(() -> c.function("r1").call(0)));
            Instance ih = instance(small.withTier(Config.Tier.INTERP), true);
            Instance ch = instance(small.withTier(tier), true);
            String b = outcome(() -> ih.function("viaHost").call(0));
            assertTrue(b.startsWith("trap CALL_STACK_EXHAUSTED"), b);
            assertEquals(b, outcome(() -> ch.function("viaHost").call(0)));
            // the same instances keep working at full depth afterwards
            assertEquals(outcome(() -> ih.function("chain8").call(150, 1, 0, 0, 0, 0, 0, 0)),
                    outcome(() -> ch.function("chain8").call(150, 1, 0, 0, 0, 0, 0, 0)));
        }
        // the default depth on the JVM stack, where most of it runs interpreted past the compiled-frame room
        Instance deep = instance(Config.DEFAULT.withTier(tier), false);
        Trap t = assertThrows(Trap.class, () -> deep.function("r1").call(0));
        assertEquals(Trap.Kind.CALL_STACK_EXHAUSTED, t.kind());
    }

    @Test
    void calleeCompiledWhileItsCallerRuns_isCalledDirectlyFromThen() throws InterruptedException {
        // tiered: mix's loop is compiled (OSR) while it runs, its callees get hot and compiled in the background
        // at some point during the loop; every call in between goes through the slow path. Same result throughout.
        Instance i = instance(INTERP, false), t = instance(Config.DEFAULT.withTier(Config.Tier.TIERED), false);
        long expected = i.function("mix").call(50_000)[0];
        assertEquals(expected, t.function("mix").call(50_000)[0]);
        WasmFunction chain = (WasmFunction) t.function("chain8");
        for (int k = 0; k < 10; k++) t.function("chain8").call(3, 1, 1, 0, 0, 0, 0, 0);
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (chain.tier2 == null && System.nanoTime() < until) Thread.sleep(10);
        assertNotNull(chain.tier2);
        Instance fresh = instance(Config.DEFAULT.withTier(Config.Tier.TIERED), false);
        assertEquals(expected, fresh.function("mix").call(50_000)[0]);
        // the instance that changed tiers mid-call carries on like the interpreted one (same global and memory)
        assertEquals(i.function("mix").call(50_000)[0], t.function("mix").call(50_000)[0]);
    }
}
