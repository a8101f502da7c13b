package dev.pinion.ota;

import static org.junit.jupiter.api.Assertions.fail;

import dev.pinion.ota.mqtt.PahoMqttLink;
import dev.pinion.testkit.Mosquitto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/** A real broker, an operator key, and gateways (in-process agents on the real engine) for OTA tests. */
final class OtaFixture implements AutoCloseable {
    private static final AtomicInteger IDS = new AtomicInteger();
    final Mosquitto broker;
    final Path tmp;
    final KeyPair operator = KeyFiles.generate();
    final SigningKey signer = new SigningKey(KeyFiles.keyId(operator.getPublic()), operator.getPrivate());
    final TrustedKeys trusted = TrustedKeys.of(List.of(operator.getPublic()));
    private final List<AutoCloseable> closeables = new ArrayList<>();
    final PahoMqttLink operatorLink;

    OtaFixture() throws Exception {
        broker = Mosquitto.start();
        tmp = Files.createTempDirectory("pinion-ota-test-");
        operatorLink = PahoMqttLink.connect(broker.url(), "test-operator");
        closeables.add(operatorLink);
    }

    static String uniqueName(String prefix) {
        return prefix + "-" + IDS.incrementAndGet() + "-" + ProcessHandle.current().pid();
    }

    /** A gateway: its own MQTT connection, host, data directory and agent. */
    final class Gateway implements AutoCloseable {
        final String device;
        final Path dataDir;
        final PahoMqttLink link;
        final EngineModuleHost host = new EngineModuleHost();
        final OtaAgent agent;
        final List<String> subscribed = Collections.synchronizedList(new ArrayList<>());

        Gateway(String device, Path dataDir, List<String> groups, OtaPolicy policy) throws Exception {
            this.device = device;
            this.dataDir = dataDir;
            this.link = PahoMqttLink.connect(broker.url(), device);
            MqttLink recording = new MqttLink() {
                public void subscribe(String filter, int qos, Handler handler) {
                    subscribed.add(filter);
                    link.subscribe(filter, qos, handler);
                }

                public void unsubscribe(String filter) {
                    link.unsubscribe(filter);
                }

                public void publish(String topic, byte[] payload, int qos, boolean retained) {
                    link.publish(topic, payload, qos, retained);
                }
            };
            agent = new OtaAgent(recording, host, new OtaAgent.Settings(device, groups, dataDir, trusted, policy,
                    OtaAgent.Settings.DEFAULT_FETCH_WINDOW));
            agent.start();
        }

        /** Feeds numbered messages published on {@code topic} into {@code module}, as an MQTT trigger would. */
        void route(String topic, String module) {
            link.subscribe(topic, 1, (t, payload, retained) ->
                    host.deliver(module, Integer.parseInt(new String(payload, java.nio.charset.StandardCharsets.US_ASCII))));
        }

        /** Stops this gateway (agent, host, connection), keeping its data directory. */
        @Override
        public void close() {
            agent.close();
            host.close();
            link.close();
        }
    }

    Gateway gateway(String device, OtaPolicy policy, String... groups) throws Exception {
        return gateway(device, tmp.resolve(device), policy, groups);
    }

    Gateway gateway(String device, Path dataDir, OtaPolicy policy, String... groups) throws Exception {
        Gateway g = new Gateway(device, dataDir, List.of(groups), policy);
        closeables.add(g);
        return g;
    }

    Manifest sign(String name, String version, byte[] wasm) throws OtaException {
        return signer.sign(Manifest.builder(name, version, wasm));
    }

    /** Publishes the chunks and then the manifest, retained, for one device. */
    void publish(String device, Manifest m, byte[] wasm) {
        new Deployer(operatorLink, m, wasm, new Deployer.Target(device, false)).publish(null);
    }

    void publishManifest(String target, String module, byte[] payload) {
        operatorLink.publish(Topics.desired(target, module), payload, 1, true);
    }

    void publishChunk(String sha, int index, byte[] bytes) {
        operatorLink.publish(Topics.chunk(sha, index), bytes, 1, true);
    }

    /** Collects the status messages of one module on one device. */
    StatusWatch watch(String device, String module) {
        StatusWatch w = new StatusWatch();
        operatorLink.subscribe(Topics.status(device, module), 1, (topic, payload, retained) -> {
            try {
                w.add(ModuleStatus.parse(payload));
            } catch (IOException e) {
                w.add(new ModuleStatus(device, module, "unparseable", null, null, null, null, null, null, null, null, 0));
            }
        });
        return w;
    }

    static final class StatusWatch {
        private final List<ModuleStatus> seen = new ArrayList<>();

        synchronized void add(ModuleStatus s) {
            seen.add(s);
            notifyAll();
        }

        synchronized List<ModuleStatus> all() {
            return List.copyOf(seen);
        }

        /** Waits for a status matching {@code p} (seen at index {@code from} or later). */
        synchronized ModuleStatus await(Predicate<ModuleStatus> p, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            int i = 0;
            while (true) {
                for (; i < seen.size(); i++) if (p.test(seen.get(i))) return seen.get(i);
                long left = deadline - System.nanoTime();
                if (left <= 0) fail("no matching status within " + timeout + "; seen: " + seen);
                wait(Math.max(1, left / 1_000_000));
            }
        }

        ModuleStatus awaitFinal(Manifest m) throws InterruptedException {
            return await(s -> m.sha256().equals(s.sha256()) && s.isFinal(), Duration.ofSeconds(20));
        }

        ModuleStatus awaitState(String state, Manifest m) throws InterruptedException {
            return await(s -> m.sha256().equals(s.sha256()) && s.state().equals(state), Duration.ofSeconds(20));
        }
    }

    @Override
    public void close() throws Exception {
        Collections.reverse(closeables);
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception e) {
                // keep closing the rest
            }
        }
        broker.close();
        dev.pinion.ota.internal.AtomicFiles.deleteTree(tmp);
    }
}
