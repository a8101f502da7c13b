package dev.pinion.engine;

import dev.pinion.engine.internal.exec.FunctionInstance;
import dev.pinion.engine.internal.exec.InstanceImpl;
import dev.pinion.engine.internal.exec.WasmFunction;
import dev.pinion.engine.internal.tier2.Tier2;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.Arrays;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tier 2 (compiled code) keeps the interpreter's guarantees: each test runs the same calls in the interpreter and
 * in the compile-everything tier and compares results, traps (kind, message, Wasm backtrace), fuel and memory.
 */
class Tier2Test {
    private static final Config INTERP = Config.DEFAULT.withTier(Config.Tier.INTERP);
    private static final Config COMPILED = Config.DEFAULT.withTier(Config.Tier.COMPILED);

    private static Instance instance(Config config) {
        return TestModules.compile("tier2", config).instantiate();
    }

    private static WasmFunction wasm(Instance inst, String export) {
        return (WasmFunction) inst.function(export);
    }

    @Test
    void compiledTier_compilesEveryFunctionIncludingSimdAndBulkMemory() {
        long before = Tier2.compiledCount();
        Instance c = instance(COMPILED);
        for (String f : new String[] {"fill", "fib", "div", "load", "nested_div", "recurse", "switch", "grow", "select",
                "simd", "bulk"}) {
            assertNotNull(wasm(c, f).tier2, f + " compiled");
        }
        assertTrue(Tier2.compiledCount() - before >= 11);
        assertEquals(1, c.function("simd").call()[0]);
        c.function("bulk").call();
        // the interpreter tier compiles nothing
        assertNull(wasm(instance(INTERP), "fib").tier2);
    }

    @Test
    void results_matchTheInterpreter() {
        Instance i = instance(INTERP), c = instance(COMPILED);
        for (long[] args : new long[][] {{0}, {1}, {2}, {10}, {20}}) {
            assertArrayEquals(i.function("fib").call(args), c.function("fib").call(args));
        }
        assertArrayEquals(i.function("fill").call(100), c.function("fill").call(100));
        assertArrayEquals(i.function("calls").call(), c.function("calls").call());
        for (long k = -1; k < 5; k++) assertArrayEquals(i.function("switch").call(k), c.function("switch").call(k));
        assertArrayEquals(i.function("select").call(1, 5, 6), c.function("select").call(1, 5, 6));
        assertArrayEquals(i.function("select").call(0, 5, 6), c.function("select").call(0, 5, 6));
        assertArrayEquals(i.function("div").call(-7, 2), c.function("div").call(-7, 2));
        assertArrayEquals(i.function("grow").call(2), c.function("grow").call(2));
        assertEquals(i.memory().pages(), c.memory().pages());
        assertArrayEquals(i.function("load").call(8), c.function("load").call(8));
        assertEquals(7, c.function("grow").call(0)[0]);
    }

    @ParameterizedTest
    @EnumSource(value = Config.Tier.class, names = {"TIERED", "COMPILED"})
    void fuel_runsOutAtTheSamePlaceAsInTheInterpreter(Config.Tier tier) {
        // for every budget around the boundaries, the same outcome and the same memory written up to the trap
        // (tiered: the tests' threshold of 2 switches functions and loops to compiled code during these calls)
        Config other = Config.DEFAULT.withTier(tier);
        Long needed = null;
        for (long f = 1; f <= 2_000; f += 7) {
            long fuel = f;
            Instance i = instance(INTERP), c = instance(other);
            String a = outcome(() -> i.function("fill").call(CallLimits.fuel(fuel), 40));
            String b = outcome(() -> c.function("fill").call(CallLimits.fuel(fuel), 40));
            assertEquals(a, b, "fuel " + fuel);
            assertArrayEquals(memory(i, 200), memory(c, 200), "memory after fuel " + fuel);
            assertArrayEquals(i.function("calls").call(), c.function("calls").call(), "calls after fuel " + fuel);
            if (needed == null && !a.startsWith("trap")) needed = fuel;
        }
        assertNotNull(needed, "some budget in the range lets fill(40) finish");
        // the exact budget: one unit less runs out in both tiers
        long exact = TestModules.exactFuel(instance(INTERP), "fib", 12);
        assertEquals(exact, TestModules.exactFuel(instance(other), "fib", 12));
    }

    private static byte[] memory(Instance inst, int n) {
        byte[] out = new byte[n];
        inst.memory().read(0, out, 0, n);
        return out;
    }

    private static String outcome(java.util.function.Supplier<long[]> call) {
        try {
            return "result " + Arrays.toString(call.get());
        } catch (Trap t) {
            return "trap " + t.kind() + " " + t.getMessage() + " " + t.wasmStackTrace();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Config.Tier.class, names = {"TIERED", "COMPILED"})
    void traps_haveTheSameKindMessageAndBacktrace(Config.Tier tier) {
        Instance i = instance(INTERP), c = instance(Config.DEFAULT.withTier(tier));
        Function<Instance, String> divByZero = inst -> outcome(() -> inst.function("nested_div").call(0));
        assertEquals(divByZero.apply(i), divByZero.apply(c));
        assertTrue(divByZero.apply(c).contains("INTEGER_DIVIDE_BY_ZERO") || divByZero.apply(c).contains("divide"),
                divByZero.apply(c));
        Trap t = assertThrows(Trap.class, () -> c.function("nested_div").call(0));
        assertEquals(3, t.wasmStackTrace().size(), t.wasmStackTrace().toString());
        for (long addr : new long[] {65_532, 65_528, -1, 0xFFFF_FFF0L}) {
            assertEquals(outcome(() -> i.function("nested_load").call(addr)),
                    outcome(() -> c.function("nested_load").call(addr)), "load at " + addr);
        }
        assertEquals(outcome(() -> i.function("div").call(Integer.MIN_VALUE, -1)),
                outcome(() -> c.function("div").call(Integer.MIN_VALUE, -1)));
    }

    @Test
    void callDepthLimit_isATrapWithTheSameBacktraceLength() {
        Config small = Config.DEFAULT.withMaxCallDepth(300);
        Instance i = TestModules.compile("tier2", small).instantiate();
        Instance c = TestModules.compile("tier2", small.withTier(Config.Tier.COMPILED)).instantiate();
        Trap a = assertThrows(Trap.class, () -> i.function("recurse").call(1));
        Trap b = assertThrows(Trap.class, () -> c.function("recurse").call(1));
        assertEquals(Trap.Kind.CALL_STACK_EXHAUSTED, b.kind());
        assertEquals(a.getMessage(), b.getMessage());
        assertEquals(a.wasmStackTrace(), b.wasmStackTrace());
        // the default depth (10,000) on the JVM stack: still a trap, never a StackOverflowError
        Instance deep = instance(COMPILED);
        Trap d = assertThrows(Trap.class, () -> deep.function("recurse").call(1));
        assertEquals(Trap.Kind.CALL_STACK_EXHAUSTED, d.kind());
        // and the thread is usable afterwards
        assertEquals(55, deep.function("fib").call(10)[0]);
    }

    @Test
    void deadline_stopsACompiledInfiniteLoop() {
        Instance c = TestModules.compile("limits", COMPILED).instantiate();
        FunctionInstance spin = (FunctionInstance) c.function("spin");
        assertNotNull(((WasmFunction) spin).tier2);
        Trap t = assertThrows(Trap.class, () -> spin.call(CallLimits.timeout(Duration.ofMillis(50))));
        assertEquals(Trap.Kind.INTERRUPTED, t.kind());
        assertEquals(outcome(() -> TestModules.compile("limits").instantiate().function("spin")
                .call(CallLimits.fuel(5_000))), outcome(() -> spin.call(CallLimits.fuel(5_000))));
    }

    @Test
    void tiered_compilesAFunctionEnteredOftenInTheBackground() throws InterruptedException {
        Instance t = instance(Config.DEFAULT.withTier(Config.Tier.TIERED));
        WasmFunction fib = wasm(t, "fib");
        for (int k = 0; k <= Tier2.threshold(); k++) assertEquals(55, fib.call(10)[0]);
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (fib.tier2 == null && System.nanoTime() < until) Thread.sleep(10);
        assertNotNull(fib.tier2, "compiled in the background");
        assertEquals(6765, fib.call(20)[0]);
        assertTrue(((InstanceImpl) t).functions.length > 0);
    }
}
