package dev.pinion.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Fuel, deadline, interrupt, memory cap and call-depth limit, on limits.wat: the same assertions in every tier
 * ({@link Interp}, {@link Tiered} with the tests' threshold of 2, {@link Compiled}).
 */
class LimitsTest {
    @Nested
    class Interp extends LimitsCases {
        Interp() {
            super(Config.Tier.INTERP);
        }
    }

    @Nested
    class Tiered extends LimitsCases {
        Tiered() {
            super(Config.Tier.TIERED);
        }
    }

    @Nested
    class Compiled extends LimitsCases {
        Compiled() {
            super(Config.Tier.COMPILED);
        }
    }
}

abstract class LimitsCases {
    private final Config base;
    private final Instance inst;

    LimitsCases(Config.Tier tier) {
        base = Config.DEFAULT.withTier(tier);
        inst = TestModules.compile("limits", base).instantiate();
    }

    @Test
    void infiniteLoop_stoppedByFuel() {
        Trap t = assertThrows(Trap.class, () -> inst.function("spin").call(CallLimits.fuel(1_000_000)));
        assertEquals(Trap.Kind.FUEL_EXHAUSTED, t.kind());
        assertEquals("fuel exhausted", t.getMessage());
        // the instance stays usable after the trap
        assertEquals(5, inst.function("count").call(5)[0]);
    }

    @Test
    void fuel_enoughFuelLetsTheCallFinish() {
        assertEquals(1000, inst.function("count").call(CallLimits.fuel(100_000), 1000)[0]);
        Trap t = assertThrows(Trap.class, () -> inst.function("count").call(CallLimits.fuel(100), 1000));
        assertEquals(Trap.Kind.FUEL_EXHAUSTED, t.kind());
    }

    @Test
    void infiniteLoop_stoppedByTimeout() {
        long start = System.nanoTime();
        Trap t = assertThrows(Trap.class,
                () -> inst.function("spin").call(CallLimits.timeout(Duration.ofMillis(100))));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals(Trap.Kind.INTERRUPTED, t.kind());
        assertTrue(t.getMessage().contains("deadline exceeded"), t.getMessage());
        assertTrue(ms >= 100 && ms < 10_000, "stopped after " + ms + " ms");
    }

    @Test
    void infiniteLoop_stoppedByInterruptFromAnotherThread() throws InterruptedException {
        Interrupt interrupt = new Interrupt();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread runner = new Thread(() -> {
            try {
                inst.function("spin").call(CallLimits.NONE.withInterrupt(interrupt));
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        runner.start();
        Thread.sleep(100);
        assertTrue(runner.isAlive(), "the loop should still be running");
        interrupt.request();
        runner.join(10_000);
        Trap t = (Trap) thrown.get();
        assertEquals(Trap.Kind.INTERRUPTED, t.kind());
        assertTrue(t.getMessage().contains("stopped by request"), t.getMessage());
    }

    @Test
    void deadlinePassedAndInterruptRequested_reasonIsTheDeadline() {
        // What pinion run's watchdog does at the deadline (it wakes a guest blocked in a host call): whichever the
        // interpreter looks at first, the user must read the true reason.
        for (int i = 0; i < 20; i++) {
            Interrupt watchdog = new Interrupt();
            watchdog.request(Interrupt.DEADLINE_EXCEEDED);
            Trap t = assertThrows(Trap.class, () -> inst.function("spin")
                    .call(CallLimits.timeout(Duration.ofMillis(20)).withInterrupt(watchdog)));
            assertEquals("interrupted: deadline exceeded", t.getMessage());
        }
        Interrupt plain = new Interrupt();
        plain.request();
        Trap t = assertThrows(Trap.class, () -> inst.function("spin")
                .call(CallLimits.timeout(Duration.ofNanos(1)).withInterrupt(plain)));
        assertEquals("interrupted: deadline exceeded", t.getMessage(), "both hold: the deadline is the reason");
    }

    @Test
    void interruptReason_isTheFirstRequestersUntilReset() {
        Interrupt i = new Interrupt();
        i.request("gateway shutting down");
        i.request();
        Trap t = assertThrows(Trap.class, () -> inst.function("spin").call(CallLimits.NONE.withInterrupt(i)));
        assertEquals("interrupted: gateway shutting down", t.getMessage());
        i.reset();
        assertEquals(null, i.reason());
        i.request();
        assertEquals(Interrupt.STOPPED_BY_REQUEST, i.reason());
    }

    @Test
    void memoryGrowLoop_stopsAtTheCap() {
        Instance capped = TestModules.compile("limits", base.withMaxMemoryPages(10)).instantiate();
        assertEquals(10, capped.function("grow_until_fail").call()[0]);
        assertEquals(10, capped.memory().pages());
    }

    @Test
    void declaredMinimumAboveTheCap_failsInstantiation() {
        WasmModule m = TestModules.compile("bigmem", base.withMaxMemoryPages(10));
        Trap t = assertThrows(Trap.class, m::instantiate);
        assertEquals(Trap.Kind.RESOURCE_LIMIT, t.kind());
        assertTrue(t.getMessage().contains("100 pages exceeds the limit of 10 pages"), t.getMessage());
    }

    @Test
    void deepRecursion_trapsCallStackExhaustedOnASmallThreadStack() throws InterruptedException {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread small = new Thread(null, () -> {
            try {
                inst.function("recurse").call(0);
            } catch (Throwable e) {
                thrown.set(e);
            }
        }, "small-stack", 512 * 1024);
        small.start();
        small.join();
        Trap t = assertThrows(Trap.class, () -> {
            throw thrown.get();
        });
        assertEquals(Trap.Kind.CALL_STACK_EXHAUSTED, t.kind());
        assertEquals("call stack exhausted", t.getMessage());
        assertEquals(Config.DEFAULT.maxCallDepth(), t.wasmStackTrace().size());
    }

    @Test
    void recursionThroughHostFunctions_trapsInsteadOfOverflowingTheJvmStack() throws InterruptedException {
        HostFunction again = (caller, stack, base) -> caller.instance().function("f").call();
        Instance reenter = TestModules.compile("reenter", base).instantiate(Imports.builder()
                .add(HostModule.builder("env").function("again", FuncType.of(new ValType[0]), again).build())
                .build());
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Long> after = new AtomicReference<>();
        Thread small = new Thread(null, () -> {
            try {
                reenter.function("f").call();
            } catch (Throwable e) {
                thrown.set(e);
            }
            after.set(inst.function("count").call(3)[0]); // the thread's execution context is clean again
        }, "small-stack", 512 * 1024);
        small.start();
        small.join();
        assertTrue(thrown.get() instanceof Trap, String.valueOf(thrown.get()));
        assertEquals(Trap.Kind.CALL_STACK_EXHAUSTED, ((Trap) thrown.get()).kind());
        assertEquals(3L, after.get());
    }

    @Test
    void callDepthLimit_isConfigurable() {
        Instance shallow = TestModules.compile("limits", base.withMaxCallDepth(50)).instantiate();
        Trap t = assertThrows(Trap.class, () -> shallow.function("recurse").call(0));
        assertEquals(Trap.Kind.CALL_STACK_EXHAUSTED, t.kind());
        assertEquals(50, t.wasmStackTrace().size());
    }

    @Test
    void defaultLimitsFromConfig_applyToPlainCalls() {
        Instance limited = TestModules.compile("limits", base.withLimits(CallLimits.fuel(10_000)))
                .instantiate();
        Trap t = assertThrows(Trap.class, () -> limited.function("spin").call());
        assertEquals(Trap.Kind.FUEL_EXHAUSTED, t.kind());
        assertNull(t.getCause());
    }
}
