package dev.pinion.cli;

import dev.pinion.ota.ModuleStatus;
import dev.pinion.ota.json.Json;
import dev.pinion.runtime.mqtt.MqttSettings;
import dev.pinion.runtime.mqtt.internal.TlsSocketFactories;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pinion status --broker URL --device ID}: what a gateway last said about itself, read from the retained
 * topics {@code pinion/<device>/state} (its session) and {@code pinion/<device>/modules/+/status} (its modules).
 * Retained messages arrive right after the subscription, so the command waits until they stop coming (or
 * {@code --timeout}). Exit 0 when the broker knows the device (online or offline), 1 when it does not or the
 * broker cannot be reached.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show a gateway's connection state and its modules, from the retained status topics.",
                "Exit 0 when the broker knows the device, 1 when it does not or cannot be reached."})
final class StatusCommand implements Callable<Integer> {
    /** Retained messages come in one burst; this much silence after the last one ends the wait. */
    private static final long QUIET_MILLIS = 300;

    @Spec
    CommandSpec spec;

    @Option(names = "--broker", required = true, paramLabel = "URL",
            description = "MQTT broker: tcp://host:port or ssl://host:port.")
    String broker;

    @Option(names = "--device", required = true, paramLabel = "ID", description = "The gateway's device id.")
    String device;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5s",
            description = "How long to wait for the broker (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Option(names = "--ca-file", paramLabel = "FILE", description = "PEM CA certificate(s) for an ssl:// broker.")
    Path caFile;

    @Option(names = "--username", paramLabel = "USER", description = "Broker user name.")
    String username;

    @Option(names = "--password-file", paramLabel = "FILE", description = "File holding the broker password.")
    Path passwordFile;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Duration wait;
        MqttSettings settings;
        try {
            wait = dev.pinion.runtime.config.Units.duration(timeout);
            String password = passwordFile == null ? null : Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
            settings = MqttSettings.builder(broker, device).caFile(caFile).credentials(username, password)
                    .stateDir(Path.of(System.getProperty("java.io.tmpdir"))).build();
        } catch (IllegalArgumentException | IOException e) {
            err.println("pinion status: " + e.getMessage());
            return Pinion.EXIT_USAGE;
        }
        Map<String, byte[]> retained = new ConcurrentHashMap<>();
        AtomicLong lastArrival = new AtomicLong(System.nanoTime());
        String prefix = "pinion/" + device + "/";
        MqttClient client;
        try {
            client = new MqttClient(settings.url().toString(), "pinion-status-" + UUID.randomUUID().toString().substring(0, 8),
                    new MemoryPersistence());
            client.setCallback(new MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {}

                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    if (message.isRetained()) retained.put(topic, message.getPayload());
                    lastArrival.set(System.nanoTime());
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {}
            });
            MqttConnectOptions o = new MqttConnectOptions();
            o.setCleanSession(true);
            o.setConnectionTimeout((int) Math.max(1, wait.toSeconds()));
            if (username != null) o.setUserName(username);
            if (settings.password() != null) o.setPassword(settings.password().toCharArray());
            if (settings.tls()) o.setSocketFactory(TlsSocketFactories.create(settings));
            client.connect(o);
        } catch (MqttException | IOException e) {
            err.println("pinion status: cannot connect to " + settings.url() + ": " + dev.pinion.runtime.mqtt.MqttErrors.describe(e));
            return Pinion.EXIT_FAILURE;
        }
        try {
            long start = System.nanoTime();
            lastArrival.set(start);
            client.subscribe(new String[] {prefix + "state", prefix + "modules/+/status"}, new int[] {1, 1});
            long deadline = start + wait.toNanos();
            while (System.nanoTime() < deadline
                    && System.nanoTime() - lastArrival.get() < QUIET_MILLIS * 1_000_000L) {
                Thread.sleep(20);
            }
        } finally {
            try {
                client.disconnect(1000);
                client.close(true);
            } catch (MqttException ignored) {
                // leaving anyway
            }
        }
        if (retained.isEmpty()) {
            err.println("pinion status: " + settings.url() + " has no retained state for device '" + device
                    + "' (it never connected to this broker, or its device id is different)");
            return Pinion.EXIT_FAILURE;
        }
        print(out, retained, prefix);
        return 0;
    }

    private void print(PrintWriter out, Map<String, byte[]> retained, String prefix) {
        byte[] state = retained.remove(prefix + "state");
        out.println(device + ": " + describeState(state));
        Map<String, ModuleStatus> modules = new TreeMap<>();
        List<String[]> unreadable = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : retained.entrySet()) {
            String module = e.getKey().substring((prefix + "modules/").length(), e.getKey().length() - "/status".length());
            try {
                modules.put(module, ModuleStatus.parse(e.getValue()));
            } catch (IOException ex) {
                unreadable.add(new String[] {module, new String(e.getValue(), StandardCharsets.UTF_8)});
            }
        }
        if (modules.isEmpty() && unreadable.isEmpty()) {
            out.println("no module status published");
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"MODULE", "STATE", "VERSION", "SHA256", "ACTIVE", "REASON"});
        for (Map.Entry<String, ModuleStatus> e : modules.entrySet()) {
            ModuleStatus s = e.getValue();
            String reason = s.reason() == null ? "-" : s.reason() + (s.detail() == null ? "" : ": " + s.detail());
            String shown = s.received() != null ? s.state() + " " + s.received() + "/" + s.total() : s.state();
            rows.add(new String[] {e.getKey(), shown, orDash(s.version()), shortHash(s.sha256()),
                    orDash(s.activeVersion()), reason});
        }
        for (String[] u : unreadable) rows.add(new String[] {u[0], "?", "-", "-", "-", "unreadable status: " + u[1]});
        int[] width = new int[rows.get(0).length];
        for (String[] r : rows) for (int i = 0; i < r.length; i++) width[i] = Math.max(width[i], r[i].length());
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                line.append(r[i]);
                if (i < r.length - 1) line.append(" ".repeat(width[i] - r[i].length() + 2));
            }
            out.println(line.toString().stripTrailing());
        }
    }

    private static String describeState(byte[] payload) {
        if (payload == null) return "no state published (its modules' status follows)";
        try {
            Json n = Json.parse(payload);
            if (n == null || !n.isObject()) throw new IOException("not an object");
            Json stateNode = n.get("state");
            String state = stateNode != null && stateNode.asText() != null ? stateNode.asText() : "?";
            List<String> parts = new ArrayList<>();
            if (n.has("session")) parts.add("session " + n.get("session").asText());
            if (n.has("since")) parts.add("since " + n.get("since").asText());
            if (n.has("mqtt")) parts.add("MQTT " + n.get("mqtt").asText());
            if (n.has("reason")) parts.add(n.get("reason").asText());
            return state + (parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")");
        } catch (IOException e) {
            return "unreadable state: " + new String(payload, StandardCharsets.UTF_8);
        }
    }

    private static String orDash(String s) {
        return s == null ? "-" : s;
    }

    private static String shortHash(String sha) {
        return sha == null ? "-" : sha.length() > 12 ? sha.substring(0, 12) : sha;
    }
}
