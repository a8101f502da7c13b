package dev.pinion.runtime.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pinion.engine.FuncType;
import dev.pinion.engine.HostModule;
import dev.pinion.engine.Imports;
import dev.pinion.engine.ValType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SupervisorTest {
    static final byte[] HANDLERS = resource("handlers.wasm");
    static final ModuleLimits LIMITS = new ModuleLimits(2_000_000, Duration.ofSeconds(2), 1 << 20, 16);
    static final RestartPolicy FAST = new RestartPolicy(Duration.ofMillis(10), Duration.ofMillis(50), 3, Duration.ofMinutes(1));

    /** What the guest handed to test.record, as "version:payload". */
    final List<String> recorded = new CopyOnWriteArrayList<>();
    volatile CountDownLatch gate = new CountDownLatch(0);
    final Supervisor supervisor = new Supervisor(FAST);

    @AfterEach
    void stop() throws InterruptedException {
        gate.countDown();
        supervisor.shutdown(Duration.ofSeconds(2));
    }

    ModuleSpec spec(String name, String version, ModuleLimits limits, Handler... handlers) {
        return new ModuleSpec(name, version, HANDLERS, limits, List.of(handlers), ctx -> {
            HostModule test = HostModule.builder("test")
                    .function("record", FuncType.of(new ValType[] {ValType.I32, ValType.I32}), (caller, stack, base) -> {
                        String payload = caller.memory().readString(stack[base], (int) stack[base + 1]);
                        recorded.add(ctx.version() + ":" + payload);
                        try {
                            gate.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    })
                    .build();
            return new HostLinker.Linked(Imports.builder().add(test).build(), () -> {});
        });
    }

    static Invocation message(String export, String payload) {
        return new Invocation(export, Event.Message.of("t/x", payload.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void moduleInstances_runInTheSpecsEngineTier() {
        for (dev.pinion.engine.Config.Tier tier : dev.pinion.engine.Config.Tier.values()) {
            ModuleSpec base = spec("m", "1", ModuleLimits.DEFAULT);
            ModuleSpec spec = new ModuleSpec(base.name(), base.version(), base.wasm(), base.limits(), base.handlers(),
                    base.linker(), tier);
            assertEquals(tier, ModuleWorker.prepare(spec).module.config().tier());
        }
        assertEquals(dev.pinion.engine.Config.DEFAULT.tier(), spec("m", "1", ModuleLimits.DEFAULT).tier());
    }

    @Test
    void submit_manyMessages_runInArrivalOrderExactlyOnce() {
        supervisor.load(spec("rec", "1", LIMITS.withQueue(1000), new Handler("on_message", Handler.Kind.MESSAGE)));
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            assertEquals(Admission.QUEUED, supervisor.submit("rec", message("on_message", "m" + i)));
            expected.add("1:m" + i);
        }
        await(() -> recorded.size() == 500);
        assertEquals(expected, recorded);
        assertEquals(500, supervisor.stats("rec").orElseThrow().invocations());
    }

    @Test
    void submit_queueAtBound_refusedNotDropped() {
        supervisor.load(spec("rec", "1", LIMITS.withQueue(2), new Handler("on_message", Handler.Kind.MESSAGE)));
        gate = new CountDownLatch(1);
        assertEquals(Admission.QUEUED, supervisor.submit("rec", message("on_message", "a")));
        await(() -> recorded.size() == 1); // "a" is now running, held by the gate
        assertEquals(Admission.QUEUED, supervisor.submit("rec", message("on_message", "b")));
        assertEquals(Admission.QUEUED, supervisor.submit("rec", message("on_message", "c")));
        assertEquals(Admission.QUEUE_FULL, supervisor.submit("rec", message("on_message", "d")));
        assertEquals(2, supervisor.status("rec").orElseThrow().queueDepth());
        gate.countDown();
        await(() -> recorded.size() == 3);
        assertEquals(List.of("1:a", "1:b", "1:c"), recorded);
        assertEquals(1, supervisor.stats("rec").orElseThrow().rejected());
    }

    @Test
    void runawayModules_stoppedAndRestarted_othersUnaffected() {
        List<String> failures = new CopyOnWriteArrayList<>();
        supervisor.addListener(new SupervisorListener() {
            @Override
            public void failed(String module, String version, String reason) {
                failures.add(module + ": " + reason);
            }
        });
        supervisor.load(spec("spinner", "1", LIMITS, new Handler("spin", Handler.Kind.MESSAGE)));
        supervisor.load(spec("crasher", "1", LIMITS, new Handler("crash", Handler.Kind.MESSAGE)));
        supervisor.load(spec("hog", "1", LIMITS, new Handler("hog", Handler.Kind.MESSAGE)));
        supervisor.load(spec("rec", "1", LIMITS.withQueue(1000), new Handler("on_message", Handler.Kind.MESSAGE)));
        supervisor.submit("spinner", message("spin", "x"));
        supervisor.submit("crasher", message("crash", "x"));
        supervisor.submit("hog", message("hog", "x"));
        for (int i = 0; i < 200; i++) assertEquals(Admission.QUEUED, supervisor.submit("rec", message("on_message", "m" + i)));
        await(() -> recorded.size() == 200 && failures.size() == 3);
        assertTrue(failures.contains("spinner: spin trapped: fuel exhausted (message on t/x, 1 bytes)"), failures::toString);
        assertTrue(failures.contains("crasher: crash trapped: unreachable (message on t/x, 1 bytes)"), failures::toString);
        assertTrue(failures.contains("hog: hog trapped: unreachable (message on t/x, 1 bytes)"), failures::toString);
        // the hog reached its 1 MiB cap (16 pages) and no more
        await(() -> supervisor.stats("hog").orElseThrow().restarts() == 1);
        await(() -> supervisor.status("spinner").orElseThrow().state() == ModuleState.RUNNING);
        assertEquals(0, supervisor.stats("rec").orElseThrow().traps());
    }

    @Test
    void busyNeighbours_doNotDelayAModuleBeyondItsOwnQueue() {
        // Neighbours that each burn a full 1.5 s deadline per call, with calls queued behind; meanwhile a healthy
        // module's 200 calls must all finish long before the neighbours' first calls end.
        ModuleLimits slow = new ModuleLimits(Long.MAX_VALUE - 1, Duration.ofMillis(1500), 1 << 20, 16);
        supervisor.load(spec("spinner", "1", slow, new Handler("spin", Handler.Kind.MESSAGE)));
        supervisor.load(spec("hog", "1", slow, new Handler("hog", Handler.Kind.MESSAGE)));
        supervisor.load(spec("rec", "1", LIMITS.withQueue(1000), new Handler("on_message", Handler.Kind.MESSAGE)));
        for (int i = 0; i < 4; i++) {
            supervisor.submit("spinner", message("spin", "x"));
            supervisor.submit("hog", message("hog", "x"));
        }
        long start = System.nanoTime();
        for (int i = 0; i < 200; i++) assertEquals(Admission.QUEUED, supervisor.submit("rec", message("on_message", "m" + i)));
        await(() -> recorded.size() == 200);
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms < 1500, "200 calls took " + ms + " ms while the neighbours were busy");
        assertEquals(0, supervisor.stats("spinner").orElseThrow().traps(), "the spinner's first call is still running");
    }

    @Test
    void repeatedFailures_disableModule_untilSwapped() throws Exception {
        supervisor.load(spec("crasher", "1", LIMITS, new Handler("crash", Handler.Kind.MESSAGE),
                new Handler("on_message", Handler.Kind.MESSAGE)));
        for (int i = 0; i < 3; i++) {
            int restarts = i;
            await(() -> supervisor.status("crasher").orElseThrow().state() == ModuleState.RUNNING
                    && supervisor.stats("crasher").orElseThrow().restarts() == restarts);
            assertEquals(Admission.QUEUED, supervisor.submit("crasher", message("crash", "x")));
            await(() -> supervisor.stats("crasher").orElseThrow().traps() == restarts + 1);
        }
        await(() -> supervisor.status("crasher").orElseThrow().state() == ModuleState.DISABLED);
        assertEquals(Admission.DISABLED, supervisor.submit("crasher", message("on_message", "y")));
        assertEquals("3 failures within 60s, last: crash trapped: unreachable (message on t/x, 1 bytes)",
                supervisor.status("crasher").orElseThrow().reason());

        supervisor.swap(spec("crasher", "2", LIMITS, new Handler("on_message", Handler.Kind.MESSAGE)))
                .get(5, TimeUnit.SECONDS);
        assertEquals(Admission.QUEUED, supervisor.submit("crasher", message("on_message", "y")));
        await(() -> recorded.contains("2:y"));
    }

    @Test
    void swap_whileMessagesQueue_nothingDroppedOrDuplicated_inFlightFinishesOnOld() throws Exception {
        supervisor.load(spec("rec", "1", LIMITS.withQueue(5000), new Handler("on_message", Handler.Kind.MESSAGE)));
        gate = new CountDownLatch(1);
        supervisor.submit("rec", message("on_message", "0"));
        await(() -> recorded.size() == 1); // call 0 in flight on version 1
        var swapped = supervisor.swap(spec("rec", "2", LIMITS.withQueue(5000), new Handler("on_message", Handler.Kind.MESSAGE)));
        for (int i = 1; i < 2000; i++) supervisor.submit("rec", message("on_message", Integer.toString(i)));
        gate.countDown();
        swapped.get(5, TimeUnit.SECONDS);
        await(() -> recorded.size() == 2000);
        assertEquals("1:0", recorded.get(0));
        for (int i = 1; i < 2000; i++) assertEquals("2:" + i, recorded.get(i));
    }

    @Test
    void swap_toBrokenVersion_throwsAndKeepsOld() {
        supervisor.load(spec("rec", "1", LIMITS, new Handler("on_message", Handler.Kind.MESSAGE)));
        var e = assertThrows(IllegalArgumentException.class,
                () -> supervisor.swap(spec("rec", "2", LIMITS, new Handler("missing", Handler.Kind.MESSAGE))));
        assertEquals("module rec does not export missing (the message handler)", e.getMessage());
        supervisor.submit("rec", message("on_message", "still"));
        await(() -> recorded.contains("1:still"));
    }

    @Test
    void load_handlerWithWrongType_namesExportAndType() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> supervisor.load(spec("m", "1", LIMITS, new Handler("wrong_type", Handler.Kind.TIMER))));
        assertEquals("module m: export wrong_type has type (i32) -> (i32), the timer handler must be () -> (i32)",
                e.getMessage());
    }

    @Test
    void handlerStatus_nonZeroCountedAsError_instanceKept() {
        supervisor.load(spec("m", "1", LIMITS, new Handler("fail", Handler.Kind.MESSAGE),
                new Handler("on_edge", Handler.Kind.EDGE), new Handler("on_tick", Handler.Kind.TIMER)));
        supervisor.submit("m", message("fail", "x"));
        supervisor.submit("m", new Invocation("on_edge", new Event.Edge("button", false, 123)));
        supervisor.submit("m", new Invocation("on_tick", new Event.Timer("tick", 1)));
        await(() -> supervisor.stats("m").orElseThrow().invocations() == 3);
        assertEquals(1, supervisor.stats("m").orElseThrow().errors());
        assertEquals(0, supervisor.stats("m").orElseThrow().restarts());
        assertEquals(List.of("1:button"), recorded);
    }

    @Test
    void isLive_falseWhileACallIsStuckPastItsDeadline() throws InterruptedException {
        // a host function that blocks is the one thing the engine's deadline cannot stop
        Supervisor s = new Supervisor(FAST, Duration.ofMillis(200));
        try {
            gate = new CountDownLatch(1);
            s.load(spec("rec", "1", LIMITS.withTimeout(Duration.ofMillis(100)), new Handler("on_message", Handler.Kind.MESSAGE)));
            assertTrue(s.isLive());
            s.submit("rec", message("on_message", "stuck"));
            await(() -> !s.isLive());
            gate.countDown();
            await(s::isLive);
        } finally {
            gate.countDown();
            s.shutdown(Duration.ofSeconds(2));
        }
    }

    static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("condition not met within 20 s");
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    static byte[] resource(String name) {
        try (InputStream in = SupervisorTest.class.getResourceAsStream(name)) {
            assertNotNull(in, name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
