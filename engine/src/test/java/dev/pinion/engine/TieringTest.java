package dev.pinion.engine;

import dev.pinion.engine.internal.exec.WasmFunction;
import dev.pinion.engine.internal.tier2.OsrCode;
import dev.pinion.engine.internal.tier2.Tier2;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tier changes while Wasm code runs (tiering.wat): on-stack replacement in a one-call main's loops, compilation
 * forced halfway down a deep recursion, deep recursion on a small JVM stack, traps deep in compiled code, host
 * re-entry, and an instance replaced while a call on the old one is in flight. Every case runs in every tier and
 * must give the interpreter's results (the engine's tests run the tiered mode with a threshold of 2, see pom.xml).
 */
class TieringTest {
    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(30);

    /** The host import test.tick, delegating to whatever the test sets. */
    private final AtomicReference<Consumer<Caller>> tick = new AtomicReference<>(c -> { });

    private Instance instance(Config.Tier tier) {
        Imports imports = Imports.builder().add(HostModule.builder("test")
                .function("tick", FuncType.of(new ValType[] {ValType.I32}),
                        (caller, stack, base) -> tick.get().accept(caller))
                .build()).build();
        return TestModules.compile("tiering", Config.DEFAULT.withTier(tier)).instantiate(imports);
    }

    private static WasmFunction wasm(Instance inst, String export) {
        return (WasmFunction) inst.function(export);
    }

    private static byte[] memory(Instance inst) {
        byte[] out = new byte[4096];
        inst.memory().read(0, out, 0, out.length);
        return out;
    }

    @ParameterizedTest
    @EnumSource(Config.Tier.class)
    void oneCallMainWithHotLoops_givesTheInterpretersResult(Config.Tier tier) {
        Instance reference = instance(Config.Tier.INTERP), inst = instance(tier);
        long expected = reference.function("main").call(3_000)[0];
        assertEquals(expected, inst.function("main").call(3_000)[0]);
        assertArrayEquals(memory(reference), memory(inst));
    }

    @Test
    void tiered_aRunningLoopContinuesInCompiledCode() {
        Instance reference = instance(Config.Tier.INTERP);
        long expected = reference.function("ticking").call(200_000, 5_000)[0];
        Instance inst = instance(Config.Tier.TIERED);
        WasmFunction ticking = wasm(inst, "ticking");
        long enteredBefore = Tier2.osrEnteredCount();
        // hold iteration 5,000 until the loop's on-stack-replacement code exists: the next header switches to it
        tick.set(caller -> {
            long until = System.nanoTime() + WAIT_NANOS;
            while (!hasOsrCode(ticking) && System.nanoTime() < until) Thread.onSpinWait();
            // host re-entry from the middle of the loop still works
            assertEquals(reference.function("rec").call(40, -1)[0], caller.instance().function("rec").call(40, -1)[0]);
        });
        assertEquals(expected, inst.function("ticking").call(200_000, 5_000)[0]);
        assertTrue(hasOsrCode(ticking), "the loop's entry was compiled");
        assertTrue(Tier2.osrEnteredCount() > enteredBefore, "the interpreted frame switched to compiled code");
    }

    @Test
    void tiered_aHotFunctionsCalleesHalfWayToHotOrWithALoopAreCompiledBeforeIt_loopFreeOnesThatRanOnceAreNot() {
        // HotSpot profiles a caller's generated code from its first runs: a callee still interpreted then makes C2
        // compile that call as never reaching compiled code, and throw the caller's code away when it does (or
        // keep the slow path for good). So callees on their way to hot, and callees with a loop, are compiled
        // first; a loop-free one that merely ran once is not (its call site's profile stays right while it is
        // cold). A threshold of 1,000 here, not the tests' 2, so that "ran once" and "half-way" differ.
        long expected = instance(Config.Tier.INTERP).function("warm_then_loop").call(100_000)[0];
        String before = System.getProperty("pinion.tier2.threshold");
        System.setProperty("pinion.tier2.threshold", "1000");
        try {
            for (int setupCallsFromJava : new int[] {0, 600}) {
                Instance inst = instance(Config.Tier.TIERED); // a module of its own: compiled code is per module
                WasmFunction loop = wasm(inst, "warm_then_loop"), setup = wasm(inst, "setup");
                WasmFunction triangle = wasm(inst, "triangle");
                for (int i = 0; i < setupCallsFromJava; i++) inst.function("setup").call(1);
                assertEquals(expected, inst.function("warm_then_loop").call(100_000)[0]);
                long until = System.nanoTime() + WAIT_NANOS;
                // the whole function is compiled first (its callees before it, in the same task), OSR entries after
                while (loop.tier2 == null && System.nanoTime() < until) Thread.onSpinWait();
                assertNotNull(loop.tier2, "the loop got hot and its function was compiled");
                assertNotNull(triangle.tier2, "triangle ran once but has a loop, and was compiled with its caller");
                if (setupCallsFromJava == 0) {
                    assertNull(setup.tier2, "setup ran once, has no loop, and stays interpreted");
                } else {
                    assertNotNull(setup.tier2, "setup ran 601 times (past half the threshold), and was compiled");
                }
                assertEquals(1 + 7, inst.function("setup").call(7)[0]);
                assertEquals(1 + 2 + 3 + 4, inst.function("triangle").call(4)[0]);
            }
        } finally {
            if (before == null) System.clearProperty("pinion.tier2.threshold");
            else System.setProperty("pinion.tier2.threshold", before);
        }
    }

    private static boolean hasOsrCode(WasmFunction w) {
        for (OsrCode o = w.osr; o != null; o = o.next()) if (o.code() != null) return true;
        return false;
    }

    @ParameterizedTest
    @EnumSource(Config.Tier.class)
    void fuelSpentByACallThatTrappedInsideAHostCall_isChargedToTheOuterCall(Config.Tier tier) {
        // compiled code keeps the budget in a JVM local: a trap must write back what its loop spent before it
        // leaves, or the outer call (which the host lets continue) would get the inner loop's fuel for free
        tick.set(caller -> assertThrows(Trap.class, () -> caller.instance().function("spin_trap").call(5_000)));
        long interp = TestModules.exactFuel(instance(Config.Tier.INTERP), "outer", 300);
        assertTrue(interp > 5_000, "the inner loop's fuel counts: " + interp);
        assertEquals(interp, TestModules.exactFuel(instance(tier), "outer", 300));
    }

    @ParameterizedTest
    @EnumSource(Config.Tier.class)
    void fuelSpentBeforeAnIndirectCallTrappedInItsChecks_isChargedToTheOuterCall(Config.Tier tier) {
        // a call between compiled functions writes no budget back before it: the indirect call's checks (the
        // table slot, the type) are still own code, whose handler writes back what the loop spent
        tick.set(caller -> {
            Trap t = assertThrows(Trap.class, () -> caller.instance().function("spin_indirect_trap").call(5_000));
            // (exactFuel's shorter budgets run out inside it)
            assertTrue(t.kind() == Trap.Kind.UNDEFINED_ELEMENT || t.kind() == Trap.Kind.FUEL_EXHAUSTED, t.getMessage());
        });
        long interp = TestModules.exactFuel(instance(Config.Tier.INTERP), "outer", 300);
        assertTrue(interp > 5_000, "the inner loop's fuel counts: " + interp);
        assertEquals(interp, TestModules.exactFuel(instance(tier), "outer", 300));
    }

    @ParameterizedTest
    @EnumSource(Config.Tier.class)
    void compilationForcedHalfwayDownADeepRecursion_keepsTheResult(Config.Tier tier) {
        Instance reference = instance(Config.Tier.INTERP);
        long expected = reference.function("rec").call(3_000, -1)[0];
        Instance inst = instance(tier);
        // at depth 1,500 (n = 1,500) compile rec: the interpreted frames above continue interpreted, the calls
        // below go to compiled code (until the thread's room for compiled frames is spent, then interpreted again)
        tick.set(caller -> Tier2.compile(wasm(inst, "rec")));
        assertEquals(expected, inst.function("rec").call(3_000, 1_500)[0]);
        assertNotNull(wasm(inst, "rec").tier2);
        // and again, now starting compiled
        assertEquals(expected, inst.function("rec").call(3_000, 1_500)[0]);
    }

    @ParameterizedTest
    @EnumSource(Config.Tier.class)
    void deepRecursionWithinTheDepthLimit_succeedsOnASmallJvmStack(Config.Tier tier) throws InterruptedException {
        long expected = instance(Config.Tier.INTERP).function("rec").call(9_500, -1)[0];
        Instance inst = instance(tier);
        if (tier != Config.Tier.INTERP) Tier2.compile(wasm(inst, "rec"));
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread small = new Thread(null, () -> {
            try {
                // twice: the second time every function the tiered mode compiled is compiled
                inst.function("rec").call(9_500, -1);
                outcome.set(inst.function("rec").call(9_500, -1)[0]);
            } catch (Throwable e) {
                outcome.set(e);
            }
        }, "small-stack", 512 * 1024);
        small.start();
        small.join();
        assertEquals(expected, outcome.get());
    }

    @ParameterizedTest
    @EnumSource(Config.Tier.class)
    void trapDeepInCompiledCode_hasTheInterpretersBacktrace(Config.Tier tier) {
        Trap reference = assertThrows(Trap.class, () -> instance(Config.Tier.INTERP).function("deep_trap").call(2_000));
        Instance inst = instance(tier);
        for (int round = 0; round < 3; round++) { // in the tiered mode, compiled code takes over between rounds
            Trap t = assertThrows(Trap.class, () -> inst.function("deep_trap").call(2_000));
            assertEquals(reference.kind(), t.kind());
            assertEquals(reference.getMessage(), t.getMessage());
            assertEquals(reference.wasmStackTrace(), t.wasmStackTrace());
            Tier2.compile(wasm(inst, "deep_trap"));
        }
        assertEquals(2_001, reference.wasmStackTrace().size());
    }

    @ParameterizedTest
    @EnumSource(Config.Tier.class)
    void instanceReplacedWhileACallIsInFlight_bothFinishWithTheirOwnState(Config.Tier tier) throws Exception {
        long expected = instance(Config.Tier.INTERP).function("ticking").call(50_000, 1_000)[0];
        Instance old = instance(tier);
        AtomicReference<Instance> current = new AtomicReference<>(old);
        CountDownLatch inFlight = new CountDownLatch(1), swapped = new CountDownLatch(1);
        tick.set(caller -> {
            if (caller.instance() != old) return;
            inFlight.countDown();
            try {
                assertTrue(swapped.await(30, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        AtomicReference<Object> oldResult = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                oldResult.set(old.function("ticking").call(50_000, 1_000)[0]);
            } catch (Throwable e) {
                oldResult.set(e);
            }
        });
        caller.start();
        assertTrue(inFlight.await(30, TimeUnit.SECONDS));
        // the swap, as the gateway's supervisor does it: a new instance takes the calls, the old call finishes
        Instance replacement = instance(tier);
        current.set(replacement);
        for (int i = 0; i < 5; i++) assertEquals(expected, current.get().function("ticking").call(50_000, 1_000)[0]);
        swapped.countDown();
        caller.join(30_000);
        assertEquals(expected, oldResult.get());
        assertArrayEquals(replacement.function("main").call(10), old.function("main").call(10));
    }

    @ParameterizedTest
    @EnumSource(Config.Tier.class)
    void osrLoopCallingThroughCompiledCodeToTheHost_returnsToItsCaller(Config.Tier tier) {
        // inner's loop runs in on-stack-replacement code in the tiered mode and calls b, compiled in call's
        // convention, which calls c, whose host call publishes c's call depth to the context: the interpreter must
        // go on with inner's own depth when the loop's code returns (it used to run the loop again, unendingly)
        java.util.concurrent.atomic.AtomicLong ticks = new java.util.concurrent.atomic.AtomicLong();
        Imports imports = Imports.builder().add(HostModule.builder("test")
                .function("tick", FuncType.of(new ValType[] {ValType.I32}), (caller, stack, base) -> ticks.incrementAndGet())
                .build()).build();
        Instance inst = TestModules.compile("osrdepth", Config.DEFAULT.withTier(tier)).instantiate(imports);
        int n = 20_000;
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(30), () -> {
            for (int round = 0; round < 8; round++) {
                ticks.set(0);
                assertEquals((long) n * (n + 1) / 2 + 7, inst.function("main").call(n)[0], "round " + round);
                assertEquals(n, ticks.get(), "round " + round + ": one host call per iteration");
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Config.Tier.class)
    void osrLoopCallingThroughCompiledCodeToTheHost_andATrapAfterItHasTheInterpretersBacktrace(Config.Tier tier) {
        // as above, but inner_trap's own loop (on-stack replacement too) ends in a trap raised by that code itself:
        // the interpreter walks its frame records from the context's depth, which must be inner_trap's
        Imports imports = Imports.builder().add(HostModule.builder("test")
                .function("tick", FuncType.of(new ValType[] {ValType.I32}), (caller, stack, base) -> { })
                .build()).build();
        Trap reference = assertThrows(Trap.class, () -> TestModules.compile("osrdepth", Config.DEFAULT.withTier(
                Config.Tier.INTERP)).instantiate(imports).function("main_trap").call(2_000));
        Instance inst = TestModules.compile("osrdepth", Config.DEFAULT.withTier(tier)).instantiate(imports);
        for (int round = 0; round < 8; round++) {
            Trap t = assertThrows(Trap.class, () -> inst.function("main_trap").call(2_000));
            assertEquals(Trap.Kind.UNREACHABLE, t.kind());
            assertEquals(reference.wasmStackTrace(), t.wasmStackTrace(), "round " + round);
        }
        assertEquals(2, reference.wasmStackTrace().size(), "inner_trap, main_trap");
    }
}
