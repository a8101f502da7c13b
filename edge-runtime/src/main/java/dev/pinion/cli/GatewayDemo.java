package dev.pinion.cli;

import dev.pinion.device.Board;
import dev.pinion.device.DigitalOutput;
import dev.pinion.device.sim.SimBoard;
import dev.pinion.runtime.Gateway;
import dev.pinion.runtime.SystemdNotifier;
import dev.pinion.runtime.config.PinionConfig;
import dev.pinion.runtime.supervisor.ModuleStats;
import io.moquette.broker.Server;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * {@code pinion demo}: a whole gateway on one machine with nothing installed. An embedded MQTT broker (Moquette,
 * MQTT 3.1.1) on a free loopback port, the simulated board, and the daemon running five C modules (sources beside
 * them under {@code dev/pinion/cli/demo/gateway/}); a watcher client prints what crosses the broker.
 */
final class GatewayDemo {
    static final String DEVICE = "demo-gw";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String[] MODULES = {"thermometer", "alert", "light_switch", "status", "runaway"};

    private final PrintWriter out;
    private final DemoOta demoOta = new DemoOta();
    private final BlockingQueue<String[]> seen = new LinkedBlockingQueue<>();
    private Path work;
    private Server broker;
    private Gateway gateway;
    private MqttClient watcher;
    private SimBoard sim;

    GatewayDemo(PrintWriter out) {
        this.out = out;
    }

    /** Runs the demo; with {@code keepRunning} it then serves until the process is stopped. */
    int run(boolean keepRunning) throws Exception {
        try {
            start();
            sensor();
            button();
            request();
            runaway();
            ota();
            summary();
            if (keepRunning) {
                out.println();
                // -T: the retained OTA chunks are binary and would fill the terminal
                out.println("Still running (--keep-running): try  mosquitto_sub -p " + port
                        + " -t '#' -T 'pinion/blobs/#' -v   (Ctrl-C stops)");
                out.flush();
                Thread.currentThread().join();
            }
            return 0;
        } finally {
            stop();
        }
    }

    private int port;

    /** The embedded broker's settings: loopback only, anonymous, nothing kept, no telemetry. */
    static Properties brokerProperties(int port, Path dataPath) {
        Properties p = new Properties();
        p.setProperty("host", "127.0.0.1");
        p.setProperty("port", Integer.toString(port));
        p.setProperty("allow_anonymous", "true");
        // mosquitto_sub/_pub (2.x) send an empty client id on MQTT 3.1.1 and let the broker assign one; without
        // this Moquette refuses them ("identifier rejected"), and the demo's own mosquitto_sub hint would fail.
        p.setProperty("allow_zero_byte_client_id", "true");
        p.setProperty("persistence_enabled", "false");
        p.setProperty("websocket_port", "disabled");
        p.setProperty("telemetry_enabled", "false"); // Moquette would otherwise report home over the network
        p.setProperty("data_path", dataPath.toString());
        return p;
    }

    private void start() throws Exception {
        // netty (inside the embedded broker) would use sun.misc.Unsafe, which JDK 24+ warns about on stderr
        System.setProperty("io.netty.noUnsafe", "true");
        work = Files.createTempDirectory("pinion-demo");
        port = freePort();
        broker = new Server();
        broker.startServer(brokerProperties(port, work.resolve("broker")));

        Path modules = Files.createDirectories(work.resolve("modules"));
        for (String m : MODULES) Files.write(modules.resolve(m + ".wasm"), resource(m + ".wasm"));
        Path config = work.resolve("pinion.yaml");
        demoOta.writePublicKey(work);
        Files.writeString(config, config(port, work));
        PinionConfig cfg = PinionConfig.load(config);
        sim = new SimBoard();
        Board board = Board.open(cfg.boardDescription(), Board.Options.DEFAULTS.withSim(sim));
        gateway = Gateway.start(cfg, new Gateway.Options(board, SystemdNotifier.fromEnvironment(Map.of())));

        watcher = new MqttClient("tcp://127.0.0.1:" + port, "demo-watcher", new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        watcher.connect(o);
        for (String filter : new String[] {"sensors/#", "alerts/#", "pinion/#"}) {
            watcher.subscribe(filter, 1, (topic, msg) ->
                    seen.add(new String[] {topic, new String(msg.getPayload(), StandardCharsets.UTF_8)}));
        }
        out.println("Pinion " + VersionProvider.version() + " gateway demo");
        out.println("  broker   embedded Moquette (MQTT 3.1.1) on 127.0.0.1:" + port);
        out.println("  board    simulated: button, led, room_temp");
        waitFor("the gateway to connect", () -> gateway.session().isConnected());
        out.println("  gateway  " + DEVICE + ": " + gateway.supervisor().modules().size()
                + " modules (" + String.join(", ", MODULES) + "), each in its own sandbox with its own limits");
        out.println("  metrics  http://127.0.0.1:" + gateway.metricsAddress().getPort() + "/metrics");
        out.println();
        out.flush();
    }

    /** The config a user would write for this gateway (printed by nothing, but kept in the temp dir). */
    static String config(int port, Path work) {
        return """
                device_id: %s
                broker:
                  url: tcp://127.0.0.1:%d
                  protocol: 3.1.1
                  reconnect_min: 100ms
                  reconnect_max: 1s
                board:
                  devices:
                    led: {kind: output, provider: sim}
                    button: {kind: input, provider: sim, active_low: true, bias: pull_up, edges: both}
                    room_temp: {kind: sensor, provider: sim, unit: celsius, value: 24.0}
                policy:
                  grants: [room_temp:read, led:out, button:in]
                  publish: ["sensors/#", "alerts/#", "pinion/%s/responses/#"]
                  subscribe: ["sensors/#", "pinion/%s/requests/#", "demo/#"]
                limits:
                  default: {fuel: 2000000, timeout: 1s, memory: 2MiB, queue: 64}
                  restart: {initial_backoff: 50ms, max_backoff: 1s, max_failures: 5, window: 1m}
                data_dir: %s
                trusted_keys:
                  - id: demo-operator
                    public_key_file: %s
                ota:
                  health_window: 1s
                metrics:
                  address: 127.0.0.1:0
                modules:
                  - name: thermometer
                    path: modules/thermometer.wasm
                    grants: [room_temp:read]
                    publish: ["sensors/room/reading"]
                    triggers: [{interval: 300ms, export: on_timer}]
                  - name: alert
                    path: modules/alert.wasm
                    publish: ["alerts/#"]
                    triggers: [{mqtt: sensors/+/reading, export: on_reading}]
                  - name: light_switch
                    path: modules/light_switch.wasm
                    grants: [led:out]
                    triggers: [{gpio: button, edge: rising, export: on_edge}]
                  - name: status
                    path: modules/status.wasm
                    publish: ["pinion/%s/responses/status"]
                    triggers: [{mqtt: pinion/%s/requests/status, export: on_request}]
                  - name: runaway
                    path: modules/runaway.wasm
                    limits: {fuel: 5000000}
                    triggers: [{mqtt: demo/runaway, qos: 0, export: on_message}]
                """.formatted(DEVICE, port, DEVICE, DEVICE, work.resolve("data"), work.resolve("operator.pub"), DEVICE, DEVICE);
    }

    private void sensor() throws Exception {
        out.println("1. A sensor module publishes readings (thermometer.wasm reads room_temp every 300 ms;");
        out.println("   alert.wasm, the C example, publishes an alert above 30.0 C)");
        seen.clear();
        for (double c : new double[] {24.5, 28.9, 31.4}) {
            sim.setSensor("room_temp", c);
            String want = String.format(Locale.ROOT, "{\"celsius\":%.1f}", c);
            String[] reading = next("sensors/room/reading", want);
            show(reading);
        }
        show(next("alerts/room", null));
        out.println();
        out.flush();
    }

    private void button() throws Exception {
        out.println("2. A button press triggers a function that switches an LED (light_switch.wasm on rising edges)");
        DigitalOutput led = (DigitalOutput) gateway.board().device("led");
        for (int i = 0; i < 2; i++) {
            boolean before = lit(led);
            sim.click("button", Duration.ofMillis(50));
            waitFor("the LED to switch", () -> lit(led) != before);
            out.println("   press button  ->  led " + (lit(led) ? "ON" : "OFF"));
            Thread.sleep(150); // let the click's release happen before the next press
        }
        out.println();
        out.flush();
    }

    private static boolean lit(DigitalOutput led) {
        try {
            return led.get();
        } catch (dev.pinion.device.DeviceException e) {
            throw new IllegalStateException("demo: cannot read the LED: " + e.getMessage(), e);
        }
    }

    private void request() throws Exception {
        out.println("3. An MQTT request answered by a module (status.wasm; on MQTT 5 brokers it answers the request's");
        out.println("   response topic with its correlation data, on this 3.1.1 broker a fixed response topic)");
        String topic = "pinion/" + DEVICE + "/requests/status";
        out.printf("   %-40s %s%n", "-> " + topic, "ping");
        watcher.publish(topic, new MqttMessage("ping".getBytes(StandardCharsets.UTF_8)));
        String[] answer = next("pinion/" + DEVICE + "/responses/status", null);
        out.printf("   %-40s %s%n", "<- " + answer[0], answer[1]);
        out.println();
        out.flush();
    }

    private void runaway() throws Exception {
        out.println("4. A runaway module is stopped by its fuel limit while the others keep running");
        ModuleStats stats = gateway.supervisor().stats("runaway").orElseThrow();
        long start = System.nanoTime();
        watcher.publish("demo/runaway", new MqttMessage("go".getBytes(StandardCharsets.UTF_8)));
        waitFor("the runaway call to be stopped", () -> stats.traps() == 1);
        long ms = (System.nanoTime() - start) / 1_000_000;
        out.println("   runaway.wasm on_message looped: trapped with \"fuel exhausted\" after " + ms
                + " ms (5,000,000 fuel); instance recreated");
        waitFor("the runaway module to restart", () -> stats.restarts() == 1);
        seen.clear();
        sim.setSensor("room_temp", 22.3);
        String[] reading = next("sensors/room/reading", "{\"celsius\":22.3}");
        out.print("   meanwhile thermometer.wasm still publishes: ");
        out.println(reading[0] + "  " + reading[1]);
        out.println();
        out.flush();
    }

    /**
     * Over-the-air update: v2 of a module signed, delivered over MQTT and hot-swapped, then a faulty v3 rolled back
     * automatically by the daemon's health gate (the real signed path, see DemoOta).
     */
    private void ota() throws Exception {
        sim.setSensor("room_temp", 33.0); // hot enough for alerts, so each version's behaviour shows
        demoOta.run(out, "tcp://127.0.0.1:" + port, DEVICE, resource("alert.wasm"));
    }

    private void summary() {
        out.println("Metrics after the demo (from /metrics):");
        for (String m : MODULES) {
            ModuleStats s = gateway.supervisor().stats(m).orElseThrow();
            out.printf("   %-13s invocations %3d   errors %d   traps %d   restarts %d%n", m, s.invocations(), s.errors(),
                    s.traps(), s.restarts());
        }
        out.flush();
    }

    private void show(String[] message) {
        out.printf("   %-24s %s%n", message[0], message[1]);
    }

    /** The next message on {@code topic} (whose payload is {@code payload} when not null). */
    private String[] next(String topic, String payload) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            String[] m = seen.poll(100, TimeUnit.MILLISECONDS);
            if (m != null && m[0].equals(topic) && (payload == null || m[1].equals(payload))) return m;
        }
        throw new IllegalStateException("demo: no message on " + topic + (payload == null ? "" : " with " + payload)
                + " within " + WAIT.toSeconds() + " s");
    }

    private static void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("demo: timed out waiting for " + what);
            Thread.sleep(10);
        }
    }

    private void stop() {
        try {
            if (watcher != null && watcher.isConnected()) watcher.disconnect();
            if (watcher != null) watcher.close();
        } catch (MqttException e) {
            // the broker goes next anyway
        }
        if (gateway != null) {
            gateway.shutdown(Duration.ofSeconds(2));
            try {
                gateway.board().close();
            } catch (Exception e) {
                // demo ends
            }
        }
        if (broker != null) broker.stopServer();
        if (work != null) {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                // a temp dir left behind
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = GatewayDemo.class.getResourceAsStream("demo/gateway/" + name)) {
            if (in == null) throw new IOException("demo module " + name + " is missing from the pinion jar");
            return in.readAllBytes();
        }
    }
}
