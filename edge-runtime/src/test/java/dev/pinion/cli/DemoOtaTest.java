package dev.pinion.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pinion.ota.mqtt.PahoMqttLink;
import dev.pinion.runtime.Gateway;
import dev.pinion.runtime.SystemdNotifier;
import dev.pinion.runtime.config.PinionConfig;
import dev.pinion.runtime.config.PinionConfigTest;
import dev.pinion.testkit.Mosquitto;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's OTA part against a real gateway (the example config) on a real Mosquitto. */
class DemoOtaTest {
    @TempDir
    Path dir;

    @Test
    void demoOta_deliversV2_andRollsBackFaultyV3() throws Exception {
        DemoOta demo = new DemoOta();
        try (Mosquitto broker = Mosquitto.start(); PahoMqttLink sensor = PahoMqttLink.connect(broker.url(), "sensor")) {
            Files.createDirectories(dir.resolve("modules"));
            Files.copy(PinionConfigTest.ALERT_WASM, dir.resolve("modules/alert.wasm"));
            Path pub = demo.writePublicKey(dir);
            String yaml = PinionConfigTest.exampleText()
                    .replace("tcp://127.0.0.1:1883", broker.url())
                    .replace("data_dir: /var/lib/pinion", "data_dir: " + dir.resolve("data"))
                    .replace("address: 127.0.0.1:9464", "address: 127.0.0.1:0")
                    .replace("trusted_keys: []", DemoOta.trustedKeysYaml(pub))
                    .replace("health_window: 3s", "health_window: 1s");
            Path config = dir.resolve("pinion.yaml");
            Files.writeString(config, yaml);
            AtomicBoolean running = new AtomicBoolean(true);
            try (Gateway gw = Gateway.start(PinionConfig.load(config),
                    new Gateway.Options(null, SystemdNotifier.fromEnvironment(Map.of())))) {
                Thread readings = Thread.ofPlatform().start(() -> {
                    while (running.get()) {
                        try {
                            sensor.publish("sensors/room/reading", "{\"celsius\":33.0}".getBytes(StandardCharsets.UTF_8), 1, false);
                            Thread.sleep(200);
                        } catch (InterruptedException | IllegalStateException e) {
                            return;
                        }
                    }
                });
                StringWriter text = new StringWriter();
                try (PrintWriter out = new PrintWriter(text)) {
                    demo.run(out, broker.url(), PinionConfigTest.exampleText().contains("gw-example") ? "gw-example" : "?",
                            Files.readAllBytes(dir.resolve("modules/alert.wasm")));
                } finally {
                    running.set(false);
                    readings.join();
                }
                String s = text.toString();
                assertTrue(s.contains("gw-example: fetching -> verifying -> staged -> active"), s);
                assertTrue(s.contains("v2 handles the next reading:  alerts/room"), s);
                assertTrue(s.contains("-> staged -> rolled_back"), s);
                assertTrue(s.contains("unhealthy: on_reading trapped: unreachable"), s);
                assertTrue(s.contains("2.0.0 runs again:"), s);
                if (Boolean.getBoolean("pinion.test.verbose")) { // a green build stays quiet unless asked
                    System.out.println(s);
                }
            }
        }
    }
}
