package dev.pinion.cli;

import dev.pinion.ota.Deployer;
import dev.pinion.ota.KeyFiles;
import dev.pinion.ota.Manifest;
import dev.pinion.ota.ModuleStatus;
import dev.pinion.ota.SigningKey;
import dev.pinion.ota.Trigger;
import dev.pinion.ota.mqtt.PahoMqttLink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The over-the-air part of {@code pinion demo}, through the real signed path and nothing else: an operator key,
 * {@code alert} v2 signed and delivered over MQTT (chunks + manifest, retained) and hot-swapped by the gateway,
 * then a v3 that traps on every reading, rolled back to v2 by the health gate. Only MQTT connects it to the
 * gateway, as {@code pinion deploy} would.
 */
final class DemoOta {
    static final String MODULE = "alert";
    private final KeyPair key = KeyFiles.generate();
    private final SigningKey signer = new SigningKey(KeyFiles.keyId(key.getPublic()), key.getPrivate());

    /** Writes the operator's public key under {@code dir}; the demo config lists it in {@code trusted_keys}. */
    Path writePublicKey(Path dir) throws IOException {
        Path priv = dir.resolve("operator.key"), pub = dir.resolve("operator.pub");
        KeyFiles.write(key, priv, pub);
        return pub;
    }

    /** The config lines that make the gateway trust this key. */
    static String trustedKeysYaml(Path publicKey) {
        return "trusted_keys:\n  - id: demo-operator\n    public_key_file: " + publicKey + "\n";
    }

    /** Delivers v2, then the faulty v3; prints each gateway state and an alert from the version that runs. */
    void run(PrintWriter out, String brokerUrl, String device, byte[] alertWasm) throws Exception {
        out.println("5. Over-the-air update through the signed path (key " + signer.keyId() + "): alert v2 hot-swapped,");
        out.println("   then a faulty v3 rolled back automatically by the health gate");
        out.flush();
        BlockingQueue<String> alerts = new LinkedBlockingQueue<>();
        try (PahoMqttLink link = PahoMqttLink.connect(brokerUrl, "demo-operator")) {
            link.subscribe("alerts/#", 1, (topic, payload, retained) -> {
                if (!retained) alerts.add(topic + "  " + new String(payload, StandardCharsets.UTF_8));
            });
            ModuleStatus v2 = deliver(out, link, device, "2.0.0", tagged(alertWasm, "demo v2"));
            if (!v2.state().equals("active")) throw new IllegalStateException("demo: alert v2 was not activated: " + v2);
            alerts.clear();
            out.println("   v2 handles the next reading:  " + awaitAlert(alerts));
            ModuleStatus v3 = deliver(out, link, device, "3.0.0", resource("alert_faulty.wasm"));
            if (!v3.state().equals("rolled_back")) throw new IllegalStateException("demo: faulty v3 was not rolled back: " + v3);
            out.println("   " + v3.reason() + ": " + v3.detail());
            alerts.clear();
            out.println("   " + v3.activeVersion() + " runs again:           " + awaitAlert(alerts));
        }
        out.println();
        out.flush();
    }

    private ModuleStatus deliver(PrintWriter out, PahoMqttLink link, String device, String version, byte[] wasm) throws Exception {
        Manifest m = signer.sign(Manifest.builder(MODULE, version, wasm)
                .trigger(new Trigger("mqtt", "on_reading", Map.of("topic", "sensors/+/reading")))
                .publish(List.of("alerts/#")));
        var d = new Deployer(link, m, wasm, new Deployer.Target(device, false));
        List<String> states = java.util.Collections.synchronizedList(new ArrayList<>());
        d.watch(new Deployer.Progress() {
            @Override
            public void published(int chunks, int total) {}

            @Override
            public void status(ModuleStatus s) {
                synchronized (states) {
                    if (states.isEmpty() || !states.getLast().equals(s.state())) states.add(s.state());
                }
            }
        });
        out.printf("   deploy %s %s (%d bytes, sha256 %s, signed)%n", MODULE, version, wasm.length, m.sha256().substring(0, 12));
        out.flush();
        d.publish(null);
        Deployer.Outcome outcome = d.await(Duration.ofSeconds(30));
        ModuleStatus s = outcome.byDevice().get(device);
        if (s == null) throw new IllegalStateException("demo: no status from " + device + " for " + MODULE + " " + version);
        synchronized (states) {
            out.println("   " + device + ": " + String.join(" -> ", states));
        }
        out.flush();
        return s;
    }

    private static String awaitAlert(BlockingQueue<String> alerts) throws InterruptedException {
        String a = alerts.poll(20, TimeUnit.SECONDS);
        if (a == null) throw new IllegalStateException("demo: no alert within 20 s");
        return a;
    }

    /** The same module with a custom section naming the release: same code, its own bytes and sha256. */
    static byte[] tagged(byte[] wasm, String tag) {
        byte[] name = "pinion.release".getBytes(StandardCharsets.US_ASCII);
        byte[] text = tag.getBytes(StandardCharsets.UTF_8);
        var out = new ByteArrayOutputStream();
        out.writeBytes(wasm);
        out.write(0);
        out.write(1 + name.length + text.length); // < 128: one LEB128 byte
        out.write(name.length);
        out.writeBytes(name);
        out.writeBytes(text);
        return out.toByteArray();
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = DemoOta.class.getResourceAsStream("demo/ota/" + name)) {
            if (in == null) throw new IOException("missing demo resource " + name);
            return in.readAllBytes();
        }
    }
}
