package dev.pinion.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pinion.cli.Main;
import dev.pinion.runtime.config.PinionConfigTest;
import dev.pinion.testkit.Mosquitto;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pinion serve} as operators run it: a real process on the commented example config, a real Mosquitto,
 * a real SIGTERM.
 */
class ServeProcessTest {
    @TempDir
    Path dir;
    Process daemon;
    final StringBuffer log = new StringBuffer();

    @AfterEach
    void kill() throws InterruptedException {
        if (daemon != null && daemon.isAlive()) {
            daemon.destroyForcibly();
            daemon.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The example config, pointed at {@code broker}, a temp data dir and a free metrics port. */
    static Path exampleConfig(Path dir, Mosquitto broker) throws IOException {
        Files.createDirectories(dir.resolve("modules"));
        Files.copy(PinionConfigTest.ALERT_WASM, dir.resolve("modules/alert.wasm"));
        String yaml = PinionConfigTest.exampleText()
                .replace("tcp://127.0.0.1:1883", broker.url())
                .replace("data_dir: /var/lib/pinion", "data_dir: " + dir.resolve("data"))
                .replace("address: 127.0.0.1:9464", "address: 127.0.0.1:0");
        Path file = dir.resolve("pinion.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    static ProcessBuilder pinion(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-cp", mainClassPath(), Main.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd);
    }

    /** This JVM's class path without the test classes (whose tinylog-test.properties would hide log lines). */
    static String mainClassPath() {
        String testClasses = Path.of(ServeProcessTest.class.getProtectionDomain().getCodeSource().getLocation().getPath()).toString();
        List<String> kept = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!Path.of(entry).toString().equals(testClasses)) kept.add(entry);
        }
        return String.join(File.pathSeparator, kept);
    }

    void start(ProcessBuilder pb) throws IOException {
        daemon = pb.redirectErrorStream(true).start();
        Thread.ofPlatform().daemon(true).start(() -> {
            try (var r = daemon.inputReader(StandardCharsets.UTF_8)) {
                String line;
                while ((line = r.readLine()) != null) log.append(line).append('\n');
            } catch (IOException ignored) {
                // process ended
            }
        });
    }

    String awaitLog(Pattern p) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Matcher m = p.matcher(log);
            if (m.find()) return m.group(m.groupCount() > 0 ? 1 : 0);
            Thread.sleep(20);
        }
        throw new AssertionError("no log line matching " + p + " in:\n" + log);
    }

    @Test
    void serve_exampleConfig_onMosquitto_alertsMetricsAndCleanSigterm() throws Exception {
        try (Mosquitto broker = Mosquitto.start(); MqttProbe probe = new MqttProbe(broker.url())) {
            probe.subscribe("alerts/#", "pinion/gw-example/state");
            Path config = exampleConfig(dir, broker);
            start(pinion("serve", "--log-level", "info", "--config", config.toString()));
            String port = awaitLog(Pattern.compile("metrics on http://127\\.0\\.0\\.1:(\\d+)/metrics"));
            awaitLog(Pattern.compile("connected to " + Pattern.quote(broker.url())));
            assertNotNull(probe.nextContaining("pinion/gw-example/state", "\"online\"", Duration.ofSeconds(20)));

            probe.publish("sensors/attic/reading", "{\"celsius\":41.5}");
            MqttProbe.Received alert = probe.next("alerts/attic", Duration.ofSeconds(20));
            assertNotNull(alert, log::toString);
            assertEquals("{\"sensor\":\"attic\",\"celsius\":41.5,\"threshold\":30.0}", alert.payload());

            probe.publish("sensors/attic/reading", "{\"temperature\":41.5}");
            awaitLog(Pattern.compile(Pattern.quote(
                    "WARN  runtime.supervisor: module alert: on_reading returned status 28 (message on sensors/attic/reading, 20 bytes)")));
            probe.publish("sensors/attic/reading", new byte[300 * 1024]);
            awaitLog(Pattern.compile(Pattern.quote(
                    "WARN  runtime.triggers: module alert: message on sensors/attic/reading not delivered: payload of 307200 bytes exceeds limits.max_payload (262144 bytes)")));

            HttpClient http = HttpClient.newHttpClient();
            String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(metrics.contains("pinion_module_invocations_total{module=\"alert\"} 2\n"), metrics);
            assertTrue(metrics.contains("pinion_module_errors_total{module=\"alert\"} 1\n"), metrics);
            assertTrue(metrics.contains("pinion_module_oversized_total{module=\"alert\"} 1\n"), metrics);
            assertTrue(metrics.contains("pinion_mqtt_connected 1\n"), metrics);
            var health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            assertEquals("ok\n", health.body());

            // SIGTERM: exit 0 after publishing offline
            assertEquals(0, new ProcessBuilder("kill", "-TERM", Long.toString(daemon.pid())).start().waitFor());
            assertTrue(daemon.waitFor(30, TimeUnit.SECONDS), log::toString);
            assertEquals(0, daemon.exitValue(), log::toString);
            assertNotNull(probe.nextContaining("pinion/gw-example/state", "\"offline\"", Duration.ofSeconds(10)));
            assertTrue(log.toString().contains("INFO  runtime.gateway: gateway gw-example stopped"), log::toString);
        }
    }

    @Test
    void serveCheck_exampleConfig_valid() throws Exception {
        try (Mosquitto broker = Mosquitto.start()) {
            Path config = exampleConfig(dir, broker);
            start(pinion("serve", "--check", "--config", config.toString()));
            assertTrue(daemon.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, daemon.exitValue(), log::toString);
            assertEquals(config + ": valid (1 module(s))\n", log.toString());
        }
    }

    @Test
    void serve_badConfig_exit1_namingFileLineKey() throws Exception {
        Path config = dir.resolve("bad.yaml");
        Files.writeString(config, "device_id: gw1\nbroker:\n  url: tcp://127.0.0.1:1\nlimits:\n  default:\n    timout: 10s\n");
        start(pinion("serve", "--config", config.toString()));
        assertTrue(daemon.waitFor(30, TimeUnit.SECONDS));
        assertEquals(1, daemon.exitValue());
        assertEquals("pinion serve: " + config + ":6: limits.default.timout: unknown key; did you mean 'timeout'? (allowed here: fuel, memory, queue, timeout)\n",
                log.toString());
    }
}
