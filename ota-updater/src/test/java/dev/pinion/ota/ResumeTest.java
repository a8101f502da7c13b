package dev.pinion.ota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Partial transfers survive a gateway restart and a broker restart, and fetch only what is missing. */
class ResumeTest {
    OtaFixture fx;
    static final OtaPolicy POLICY = OtaPolicy.PERMISSIVE.withHealthWindow(Duration.ofMillis(100));

    @BeforeEach
    void start() throws Exception {
        fx = new OtaFixture();
    }

    @AfterEach
    void stop() throws Exception {
        fx.close();
    }

    private void publishChunks(Manifest m, byte[] wasm, int from, int to) {
        for (int i = from; i < to; i++) {
            fx.publishChunk(m.sha256(), i, Arrays.copyOfRange(wasm, i * m.chunkSize(), i * m.chunkSize() + m.chunkLength(i)));
        }
    }

    @Test
    void gatewayRestart_midTransfer_fetchesOnlyTheMissingChunks() throws Exception {
        String device = OtaFixture.uniqueName("gw");
        var status = fx.watch(device, "app");
        byte[] wasm = TestModules.counter("resume", 40 * Manifest.DEFAULT_CHUNK_SIZE - 100);
        Manifest m = fx.sign("app", "1.0.0", wasm);
        assertEquals(40, m.chunkCount());
        var first = fx.gateway(device, POLICY);
        publishChunks(m, wasm, 0, 20);
        fx.publishManifest(device, "app", m.toBytes());
        status.await(s -> "fetching".equals(s.state()) && Integer.valueOf(20).equals(s.received()), Duration.ofSeconds(20));
        first.close();
        Path partial = first.dataDir.resolve("ota/partial/" + m.sha256());
        try (Stream<Path> files = Files.list(partial)) {
            assertEquals(20, files.filter(p -> p.getFileName().toString().startsWith("chunk-")).count());
        }

        var second = fx.gateway(device, first.dataDir, POLICY);
        publishChunks(m, wasm, 20, 40);
        assertEquals("active", status.awaitFinal(m).state());
        List<Integer> fetched = second.subscribed.stream().filter(t -> t.startsWith("pinion/blobs/"))
                .map(t -> Integer.parseInt(Topics.lastLevel(t))).sorted().toList();
        assertEquals(20, fetched.size(), "only the missing chunks: " + fetched);
        assertTrue(fetched.stream().allMatch(i -> i >= 20), "nothing fetched twice: " + fetched);
        assertEquals("1.0.0", second.host.running("app"));
        assertEquals(m.sha256(), Hashes.sha256Hex(Files.readAllBytes(first.dataDir.resolve("modules/app/1.0.0/module.wasm"))));
    }

    @Test
    void brokerRestart_midTransfer_resumesAndCompletes() throws Exception {
        String device = OtaFixture.uniqueName("gw");
        var status = fx.watch(device, "app");
        byte[] wasm = TestModules.counter("broker", 30 * Manifest.DEFAULT_CHUNK_SIZE);
        Manifest m = fx.sign("app", "1.0.0", wasm);
        var gw = fx.gateway(device, POLICY);
        publishChunks(m, wasm, 0, 10);
        fx.publishManifest(device, "app", m.toBytes());
        status.await(s -> "fetching".equals(s.state()) && Integer.valueOf(10).equals(s.received()), Duration.ofSeconds(20));

        fx.broker.restart();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!fx.operatorLink.isConnected() && System.nanoTime() < deadline) Thread.sleep(20);
        publishChunks(m, wasm, 10, m.chunkCount());
        assertEquals("active", status.awaitFinal(m).state());
        assertEquals("1.0.0", gw.host.running("app"));
    }
}
