package dev.pinion.runtime;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/** A plain MQTT 5 client for tests: publishes, and collects what arrives on its subscriptions. */
public final class MqttProbe implements AutoCloseable {
    /** A received message: topic, payload as text, and the MQTT 5 correlation data as text (or null). */
    public record Received(String topic, String payload, String correlation, boolean retained) {}

    private final MqttClient client;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

    public MqttProbe(String url) throws MqttException {
        client = new MqttClient(url, "probe-" + UUID.randomUUID(), new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        client.connect(o);
    }

    public MqttProbe subscribe(String... filters) throws MqttException {
        for (String f : filters) {
            // Paho 1.2.5's subscribe(String, int, IMqttMessageListener) calls itself forever: use the array form
            client.subscribe(new MqttSubscription[] {new MqttSubscription(f, 1)},
                    new IMqttMessageListener[] {(topic, msg) -> received.add(new Received(topic,
                            new String(msg.getPayload(), StandardCharsets.UTF_8),
                            msg.getProperties().getCorrelationData() == null ? null
                                    : new String(msg.getProperties().getCorrelationData(), StandardCharsets.UTF_8),
                            msg.isRetained()))});
        }
        return this;
    }

    public void publish(String topic, byte[] payload) throws MqttException {
        MqttMessage m = new MqttMessage(payload);
        m.setQos(1);
        client.publish(topic, m);
    }

    public void publish(String topic, String payload) throws MqttException {
        publish(topic, payload.getBytes(StandardCharsets.UTF_8));
    }

    /** An MQTT 5 request: response topic and correlation data set. */
    public void request(String topic, String payload, String responseTopic, String correlation) throws MqttException {
        MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        MqttProperties p = new MqttProperties();
        p.setResponseTopic(responseTopic);
        p.setCorrelationData(correlation.getBytes(StandardCharsets.UTF_8));
        m.setProperties(p);
        client.publish(topic, m);
    }

    /** The next message on {@code topic} (others seen meanwhile are skipped), or null after {@code timeout}. */
    public Received next(String topic, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return null;
            Received r = received.poll(left, TimeUnit.NANOSECONDS);
            if (r == null) return null;
            if (r.topic().equals(topic)) return r;
        }
    }

    /** The next message whose payload contains {@code text} on {@code topic}. */
    public Received nextContaining(String topic, String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Received r = next(topic, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (r == null || r.payload().contains(text)) return r;
        }
    }

    public List<Received> drain() {
        List<Received> out = new java.util.ArrayList<>();
        received.drainTo(out);
        return out;
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) client.disconnect();
        client.close();
    }
}
