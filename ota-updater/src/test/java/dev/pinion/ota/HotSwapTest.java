package dev.pinion.ota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Swaps while numbered messages stream in over MQTT: every message is processed exactly once, in order, across
 * 100 signed deliveries and across the automatic rollback of a faulty version.
 */
class HotSwapTest {
    OtaFixture fx;

    @BeforeEach
    void start() throws Exception {
        fx = new OtaFixture();
    }

    @AfterEach
    void stop() throws Exception {
        fx.close();
    }

    /** Publishes 0, 1, 2, ... on {@code topic} every {@code periodMillis} until stopped; returns how many. */
    private static final class Stream implements AutoCloseable {
        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicInteger sent = new AtomicInteger();
        final Thread thread;

        Stream(OtaFixture fx, String topic, long periodMillis) {
            thread = Thread.ofPlatform().name("stream").start(() -> {
                while (running.get()) {
                    int n = sent.get();
                    fx.operatorLink.publish(topic, Integer.toString(n).getBytes(StandardCharsets.US_ASCII), 1, false);
                    sent.incrementAndGet();
                    try {
                        Thread.sleep(periodMillis);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join();
        }
    }

    private static void awaitProcessed(EngineModuleHost host, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (host.processed().size() < count && System.nanoTime() < deadline) Thread.sleep(10);
    }

    private static void assertExactlyOnceInOrder(List<EngineModuleHost.Processed> processed, int count) {
        List<Integer> ns = processed.stream().map(EngineModuleHost.Processed::n).toList();
        assertEquals(IntStream.range(0, count).boxed().toList(), ns, "every message exactly once, in order");
    }

    @Test
    void hundredSwaps_underAStream_loseAndRepeatNothing() throws Exception {
        String device = OtaFixture.uniqueName("gw");
        var gw = fx.gateway(device, OtaPolicy.PERMISSIVE.withHealthWindow(Duration.ofMillis(10)));
        byte[] first = TestModules.counter("swap-0", 1000);
        Manifest m0 = fx.sign("counter", "1.0.0", first);
        var status = fx.watch(device, "counter");
        fx.publish(device, m0, first);
        assertEquals("active", status.awaitFinal(m0).state());
        gw.route("stream/" + device, "counter");
        Thread.sleep(200); // the subscription is in place before the first message

        int swaps = Integer.getInteger("pinion.ota.swaps", 100);
        int sent;
        try (Stream stream = new Stream(fx, "stream/" + device, 1)) {
            for (int i = 1; i <= swaps; i++) {
                byte[] wasm = TestModules.counter("swap-" + i, 1000);
                Manifest m = fx.sign("counter", "1.0." + i, wasm);
                fx.publish(device, m, wasm);
                assertEquals("active", status.awaitFinal(m).state());
            }
            stream.close();
            sent = stream.sent.get();
        }
        awaitProcessed(gw.host, sent);
        var processed = gw.host.processed();
        assertExactlyOnceInOrder(processed, sent);
        long versions = processed.stream().map(EngineModuleHost.Processed::version).distinct().count();
        assertTrue(versions > swaps / 2, "the stream ran across the swaps: " + versions + " versions processed messages");
        assertEquals("1.0." + swaps, gw.host.running("counter"));
    }

    @Test
    void faultyV3_isRolledBackToV2_whileTheStreamRuns() throws Exception {
        String device = OtaFixture.uniqueName("gw");
        var gw = fx.gateway(device, OtaPolicy.PERMISSIVE.withHealthWindow(Duration.ofMillis(500)));
        var status = fx.watch(device, "counter");
        byte[] v2 = TestModules.counter("v2", 1000);
        Manifest m2 = fx.sign("counter", "2.0.0", v2);
        fx.publish(device, m2, v2);
        assertEquals("active", status.awaitFinal(m2).state());
        gw.route("stream/" + device, "counter");
        Thread.sleep(200);

        byte[] v3 = TestModules.load("faulty");
        Manifest m3 = fx.sign("counter", "3.0.0", v3);
        int sent;
        try (Stream stream = new Stream(fx, "stream/" + device, 2)) {
            Thread.sleep(100);
            fx.publish(device, m3, v3);
            ModuleStatus s = status.awaitFinal(m3);
            assertEquals("rolled_back", s.state(), s.toString());
            assertEquals("unhealthy", s.reason());
            assertTrue(s.detail().contains("unreachable"), s.detail());
            assertEquals("2.0.0", s.activeVersion());
            Thread.sleep(100);
            stream.close();
            sent = stream.sent.get();
        }
        awaitProcessed(gw.host, sent);
        var processed = gw.host.processed();
        assertExactlyOnceInOrder(processed, sent);
        assertTrue(processed.stream().allMatch(p -> p.version().equals("2.0.0")), "v3 processed nothing");
        assertEquals("2.0.0", gw.host.running("counter"));
        assertEquals("2.0.0", java.nio.file.Files.readString(gw.dataDir.resolve("modules/counter/current")).strip());

        // After a restart the retained v3 manifest is not tried again: the gateway remembers it failed.
        gw.close();
        var again = fx.gateway(device, gw.dataDir, OtaPolicy.PERMISSIVE);
        var status2 = fx.watch(device, "counter");
        ModuleStatus s = status2.await(x -> m3.sha256().equals(x.sha256()) && !x.state().equals("active")
                && x.time() > 0 && x.isFinal() && "2.0.0".equals(x.activeVersion()), Duration.ofSeconds(20));
        assertEquals("rolled_back", s.state());
        assertEquals(List.of("counter@2.0.0"), again.host.activations());
    }
}
