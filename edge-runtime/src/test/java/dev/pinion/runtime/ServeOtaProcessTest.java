package dev.pinion.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pinion.cli.Pinion;
import dev.pinion.ota.KeyFiles;
import dev.pinion.runtime.config.PinionConfigTest;
import dev.pinion.testkit.Mosquitto;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pinion deploy} to a real {@code pinion serve} process on the example config: the release replaces the
 * configured module, handles messages, survives a SIGKILL of the daemon (it boots from the data directory), and
 * a refusal comes back with its reason.
 */
class ServeOtaProcessTest {
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

    private void start(Path config) throws Exception {
        log.setLength(0);
        daemon = ServeProcessTest.pinion("serve", "--log-level", "info", "--config", config.toString())
                .redirectErrorStream(true).start();
        Process p = daemon;
        Thread.ofPlatform().daemon(true).start(() -> {
            try (var r = p.inputReader(StandardCharsets.UTF_8)) {
                for (String line; (line = r.readLine()) != null; ) log.append(line).append('\n');
            } catch (java.io.IOException ignored) {
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Pattern.compile("OTA: following pinion/gw-example/desired").matcher(log).find()) {
            if (System.nanoTime() > deadline) throw new AssertionError("daemon did not start OTA:\n" + log);
            Thread.sleep(20);
        }
    }

    private String[] deploy(String brokerUrl, String version, String... extra) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("deploy", "--broker", brokerUrl,
                "--device", "gw-example", "--key", dir.resolve("keys/ops.key").toString(), "--manifest",
                dir.resolve("alert.json").toString(), "--version", version, "--wait", "30"));
        args.addAll(java.util.List.of(extra));
        args.add(dir.resolve("modules/alert.wasm").toString());
        int code;
        try (var o = new PrintWriter(out); var e = new PrintWriter(err)) {
            code = Pinion.run(o, e, args.toArray(String[]::new));
        }
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    void deployToServe_swapsTheModule_survivesSigkill_andReportsRefusals() throws Exception {
        try (Mosquitto broker = Mosquitto.start(); MqttProbe probe = new MqttProbe(broker.url())) {
            Path config = ServeProcessTest.exampleConfig(dir, broker);
            Files.createDirectories(dir.resolve("keys"));
            var pair = KeyFiles.generate();
            KeyFiles.write(pair, dir.resolve("keys/ops.key"), dir.resolve("keys/ops.pub"));
            Files.writeString(config, Files.readString(config).replace("trusted_keys: []",
                    "trusted_keys:\n  - id: ops\n    public_key_file: " + dir.resolve("keys/ops.pub")));
            Files.writeString(dir.resolve("alert.json"), """
                    {"name": "alert", "publish": ["alerts/#"],
                     "triggers": [{"type": "mqtt", "topic": "sensors/+/reading", "export": "on_reading"}]}
                    """);
            probe.subscribe("alerts/#");
            start(config);

            String[] ok = deploy(broker.url(), "2.0.0");
            assertEquals("0", ok[0], ok[1] + ok[2] + log);
            assertTrue(ok[1].contains("alert 2.0.0 active on 1 gateway(s)"), ok[1]);
            probe.publish("sensors/attic/reading", "{\"celsius\":41.5}");
            assertNotNull(probe.next("alerts/attic", Duration.ofSeconds(20)), log::toString);

            // SIGKILL: the delivered release boots again from the data directory, verified.
            daemon.destroyForcibly();
            daemon.waitFor(10, TimeUnit.SECONDS);
            start(config);
            assertTrue(Pattern.compile("started stored active release alert@2\\.0\\.0").matcher(log).find(), log::toString);
            probe.publish("sensors/cellar/reading", "{\"celsius\":50}");
            assertNotNull(probe.next("alerts/cellar", Duration.ofSeconds(20)), log::toString);

            String[] denied = deploy(broker.url(), "2.1.0", "--grant", "relay:out");
            assertEquals("1", denied[0], denied[1] + denied[2]);
            assertTrue(denied[2].contains("gw-example: rejected: grants_beyond_policy"), denied[2]);
            String[] downgrade = deploy(broker.url(), "1.0.0");
            assertEquals("1", downgrade[0]);
            assertTrue(downgrade[2].contains("gw-example: rejected: downgrade"), downgrade[2]);
        }
    }
}
