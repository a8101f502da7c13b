package dev.pinion.runtime.ota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pinion.ota.Deployer;
import dev.pinion.ota.KeyFiles;
import dev.pinion.ota.Manifest;
import dev.pinion.ota.OtaPolicy;
import dev.pinion.ota.SigningKey;
import dev.pinion.ota.Trigger;
import dev.pinion.ota.TrustedKeys;
import dev.pinion.ota.mqtt.PahoMqttLink;
import io.moquette.broker.Server;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same delivery on the embedded Moquette 0.17 that {@code pinion demo} uses, with its default 8,092-byte
 * message limit: a 100 KB module in 6 KB chunks, a group of two gateways, and a rollback.
 */
class MoquetteOtaTest {
    @TempDir
    Path tmp;
    Server broker;
    String url;
    final java.security.KeyPair keys = KeyFiles.generate();
    final SigningKey signer = new SigningKey(KeyFiles.keyId(keys.getPublic()), keys.getPrivate());
    final TrustedKeys trusted = TrustedKeys.of(List.of(keys.getPublic()));

    @BeforeEach
    void start() throws Exception {
        System.setProperty("io.netty.noUnsafe", "true");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Properties p = new Properties();
        p.setProperty("host", "127.0.0.1");
        p.setProperty("port", Integer.toString(port));
        p.setProperty("allow_anonymous", "true");
        p.setProperty("persistence_enabled", "false");
        p.setProperty("websocket_port", "disabled");
        p.setProperty("telemetry_enabled", "false");
        p.setProperty("data_path", tmp.resolve("broker").toString());
        broker = new Server();
        broker.startServer(p);
        url = "tcp://127.0.0.1:" + port;
    }

    @AfterEach
    void stop() {
        broker.stopServer();
    }

    @Test
    void delivery_group_andRollback_onMoquette() throws Exception {
        var policy = OtaPolicy.PERMISSIVE.withHealthWindow(Duration.ofSeconds(1));
        // Moquette 0.17 speaks MQTT 3.1.1 only (and the session's "auto" does not fall back from its refusal).
        var v311 = dev.pinion.runtime.mqtt.MqttSettings.Protocol.MQTT_3_1_1;
        try (var a = new TestGateway(url, v311, "mq-a", tmp.resolve("a"), trusted, policy, List.of("mq"));
             var b = new TestGateway(url, v311, "mq-b", tmp.resolve("b"), trusted, policy, List.of("mq"));
             var op = PahoMqttLink.connect(url, "mq-operator")) {
            byte[] big = SupervisorSwapTest.module("recorder", "x".repeat(100));
            big = java.util.Arrays.copyOf(big, big.length); // recorder plus a tag
            byte[] v1 = padded(big, 100 * 1024);
            Manifest m1 = signer.sign(Manifest.builder("rec", "1.0.0", v1)
                    .trigger(new Trigger("mqtt", "on_message", Map.of("topic", "mq/in"))));
            assertTrue(m1.chunkCount() >= 17);
            var d = new Deployer(op, m1, v1, new Deployer.Target("mq", true));
            d.watch(null);
            d.publish(null);
            var outcome = d.await(Duration.ofSeconds(60));
            assertTrue(outcome.allActive(), outcome.toString());
            assertEquals(2, outcome.byDevice().size());

            byte[] v2 = SupervisorSwapTest.module("faulty", "2");
            Manifest m2 = signer.sign(Manifest.builder("rec", "2.0.0", v2)
                    .trigger(new Trigger("mqtt", "on_message", Map.of("topic", "mq/in"))));
            // Traffic for the health gate to judge, from before the deploy until the verdict.
            var running = new java.util.concurrent.atomic.AtomicBoolean(true);
            Thread traffic = Thread.ofPlatform().start(() -> {
                for (int i = 0; running.get(); i++) {
                    try {
                        op.publish("mq/in", ("m" + i).getBytes(), 1, false);
                        Thread.sleep(10);
                    } catch (InterruptedException | IllegalStateException e) {
                        return;
                    }
                }
            });
            var d2 = new Deployer(op, m2, v2, new Deployer.Target("mq-a", false));
            d2.watch(null);
            d2.publish(null);
            var s = d2.await(Duration.ofSeconds(60)).byDevice().get("mq-a");
            running.set(false);
            traffic.join();
            assertEquals("rolled_back", s.state(), s.toString());
            assertEquals("1.0.0", s.activeVersion());
            assertEquals("1.0.0", a.supervisor.status("rec").orElseThrow().version());
        }
    }

    /** {@code wasm} with a custom section that pads it to {@code size} bytes. */
    static byte[] padded(byte[] wasm, int size) {
        int pad = size - wasm.length - 8;
        var out = new java.io.ByteArrayOutputStream();
        out.writeBytes(wasm);
        out.write(0);
        int n = pad + 4;
        do {
            int bt = n & 0x7f;
            n >>>= 7;
            out.write(n != 0 ? bt | 0x80 : bt);
        } while (n != 0);
        out.write(3);
        out.writeBytes("pad".getBytes());
        out.writeBytes(new byte[pad]);
        return out.toByteArray();
    }
}
