package dev.pinion.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pinion.runtime.mqtt.MqttSession;
import dev.pinion.runtime.mqtt.MqttSettings;
import dev.pinion.testkit.Mosquitto;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fleet on one broker: {@code pinion.fleet.daemons} (default 10) {@code pinion serve} processes share one
 * {@code $share/fleet/fleet/in} trigger running the echo module; {@code pinion.fleet.messages} (default 10,000)
 * numbered QoS 1 messages go in, and every one must come out of {@code fleet/out}. One daemon is SIGKILLed
 * mid-stream and started again (as systemd's Restart= would): the broker redelivers what it had not been
 * acknowledged, so nothing is lost, and the only duplicates are those redeliveries (at most one daemon's
 * in-flight window).
 */
class FleetProcessTest {
    @TempDir Path dir;
    final List<Daemon> daemons = new ArrayList<>();

    /** One {@code pinion serve} process and its log. */
    static final class Daemon {
        final String id;
        final Path config;
        Process process;
        final StringBuffer log = new StringBuffer();

        Daemon(String id, Path config) {
            this.id = id;
            this.config = config;
        }

        void start() throws IOException {
            log.setLength(0);
            ProcessBuilder pb = ServeProcessTest.pinion("serve", "--log-level", "info", "--config", config.toString());
            // Lean JVMs: ten of them share two cores with the broker and the test.
            pb.command().addAll(1, List.of("-Xmx64m", "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1"));
            process = pb.redirectErrorStream(true).start();
            Process p = process;
            Thread.ofPlatform().daemon(true).start(() -> {
                try (var r = p.inputReader(StandardCharsets.UTF_8)) {
                    String line;
                    while ((line = r.readLine()) != null) log.append(line).append('\n');
                } catch (IOException ignored) {
                    // process ended
                }
            });
        }

        String await(Pattern pattern, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                Matcher m = pattern.matcher(log);
                if (m.find()) return m.groupCount() > 0 ? m.group(1) : m.group();
                if (!process.isAlive()) break;
                Thread.sleep(50);
            }
            throw new AssertionError(id + ": no log line matching " + pattern + " in:\n" + log);
        }

        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @AfterEach
    void killAll() throws InterruptedException {
        for (Daemon d : daemons) {
            if (d.process != null && d.process.isAlive()) d.kill();
        }
    }

    Path config(String id, Mosquitto broker) throws IOException {
        Path home = dir.resolve(id);
        Files.createDirectories(home);
        Files.copy(FleetProcessTest.class.getResourceAsStream("fleet/echo.wasm"), home.resolve("echo.wasm"));
        String yaml = """
                device_id: %s
                broker:
                  url: %s
                  reconnect_min: 100ms
                  reconnect_max: 1s
                data_dir: %s
                metrics:
                  address: 127.0.0.1:0
                policy:
                  publish: ["fleet/out"]
                  subscribe: ["$share/fleet/fleet/in"]
                limits:
                  default:
                    queue: 1000
                modules:
                  - name: echo
                    path: echo.wasm
                    publish: ["fleet/out"]
                    triggers:
                      - mqtt: $share/fleet/fleet/in
                        qos: 1
                        export: on_message
                ota:
                  enabled: false
                """.formatted(id, broker.url(), home.resolve("data"));
        Path file = home.resolve("pinion.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void sharedSubscription_tenDaemons_everyMessageOnce_andASigkilledDaemonLosesNothing() throws Exception {
        int daemonCount = Integer.getInteger("pinion.fleet.daemons", 10);
        int messages = Integer.getInteger("pinion.fleet.messages", 10_000);
        try (Mosquitto broker = Mosquitto.builder().config("max_queued_messages 0").start()) {
            AtomicIntegerArray seen = new AtomicIntegerArray(messages);
            AtomicInteger distinct = new AtomicInteger();
            AtomicInteger duplicates = new AtomicInteger();
            MqttSettings collectorSettings = MqttSettings.builder(broker.url(), "fleet-collector")
                    .stateDir(dir.resolve("collector")).build();
            try (MqttSession collector = MqttSession.start(collectorSettings);
                    MqttSession feeder = MqttSession.start(MqttSettings.builder(broker.url(), "fleet-feeder")
                            .stateDir(dir.resolve("feeder")).build())) {
                collector.subscribe("fleet/out", 1, m -> {
                    int n = Integer.parseInt(new String(m.payload(), StandardCharsets.US_ASCII));
                    if (seen.getAndIncrement(n) == 0) distinct.incrementAndGet();
                    else duplicates.incrementAndGet();
                }).get(30, TimeUnit.SECONDS);
                ConcurrentHashMap<String, Boolean> online = new ConcurrentHashMap<>();
                collector.subscribe("pinion/+/state", 1, m -> {
                    if (new String(m.payload(), StandardCharsets.UTF_8).contains("\"online\"")) {
                        online.put(m.topic(), true);
                    }
                }).get(30, TimeUnit.SECONDS);

                for (int i = 0; i < daemonCount; i++) {
                    Daemon d = new Daemon("fleet-" + i, config("fleet-" + i, broker));
                    daemons.add(d);
                    d.start();
                }
                // The birth message follows the SUBSCRIBE on the same connection: online means subscribed.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
                while (online.size() < daemonCount && System.nanoTime() < deadline) Thread.sleep(100);
                assertEquals(daemonCount, online.size(), "daemons online: " + online.keySet());
                Daemon victim = daemons.get(0);

                long start = System.nanoTime();
                List<CompletableFuture<Void>> sent = new ArrayList<>(messages);
                boolean killed = false;
                for (int i = 0; i < messages; i++) {
                    sent.add(feeder.publish("fleet/in", Integer.toString(i).getBytes(StandardCharsets.US_ASCII), 1, false));
                    if (!killed && i >= messages / 3) {
                        victim.kill(); // SIGKILL mid-stream
                        killed = true;
                    }
                }
                CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
                victim.start(); // what systemd's Restart=on-failure does
                deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
                while (distinct.get() < messages && System.nanoTime() < deadline) Thread.sleep(100);
                double seconds = (System.nanoTime() - start) / 1e9;
                List<Integer> missing = new ArrayList<>();
                for (int i = 0; i < messages && missing.size() < 20; i++) if (seen.get(i) == 0) missing.add(i);
                assertEquals(List.of(), missing, "first missing outputs (of " + (messages - distinct.get()) + ")");
                // Only the killed daemon's unacknowledged window can come twice.
                assertTrue(duplicates.get() <= 65, duplicates.get() + " duplicates");

                long total = 0;
                int busy = 0;
                HttpClient http = HttpClient.newHttpClient();
                Pattern invocations = Pattern.compile("pinion_module_invocations_total\\{module=\"echo\"} (\\d+)");
                for (Daemon d : daemons) {
                    String port = d.await(Pattern.compile("metrics on http://127\\.0\\.0\\.1:(\\d+)/metrics"),
                            Duration.ofSeconds(30));
                    String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                            .build(), HttpResponse.BodyHandlers.ofString()).body();
                    Matcher m = invocations.matcher(metrics);
                    long n = m.find() ? Long.parseLong(m.group(1)) : 0;
                    total += n;
                    if (n > 0) busy++;
                }
                assertTrue(busy >= daemonCount - 1, "the broker spread the stream: " + busy + " daemons did work");
                if (Boolean.getBoolean("pinion.test.verbose")) { // a green build stays quiet unless asked
                    System.out.printf("fleet: %d daemons, %d messages in %.1f s (%.0f msg/s), one SIGKILL + restart,"
                            + " %d duplicates removed; the surviving processes' counters sum to %d%n", daemonCount,
                            messages, seconds, messages / seconds, duplicates.get(), total);
                }
            }
        }
    }
}
