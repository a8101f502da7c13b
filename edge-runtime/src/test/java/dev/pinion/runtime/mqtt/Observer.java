package dev.pinion.runtime.mqtt;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A plain Paho 3.1.1 client the tests watch the broker with (independent of the session under test). With a
 * persistent session it also survives broker restarts: it reconnects by itself and the broker keeps its queue.
 */
final class Observer implements AutoCloseable {
    record Received(String topic, String payload, boolean retained) {}

    private final MqttClient client;
    private final BlockingQueue<Received> queue = new LinkedBlockingQueue<>();

    Observer(String url, String clientId, boolean persistent, String... filters) throws MqttException {
        client = new MqttClient(url, clientId, new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {}

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                queue.add(new Received(topic, new String(message.getPayload(), StandardCharsets.UTF_8),
                        message.isRetained()));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {}
        });
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(!persistent);
        o.setAutomaticReconnect(persistent);
        o.setMaxReconnectDelay(500);
        o.setMaxInflight(1000);
        client.connect(o);
        int[] qos = new int[filters.length];
        java.util.Arrays.fill(qos, 1);
        if (filters.length > 0) client.subscribe(filters, qos);
    }

    /** The next message matching {@code p} within {@code timeout}, skipping others; null on timeout. */
    Received await(Duration timeout, Predicate<Received> p) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return null;
            Received r = queue.poll(left, TimeUnit.NANOSECONDS);
            if (r == null) return null;
            if (p.test(r)) return r;
        }
    }

    /** Everything received within {@code quiet} of silence. */
    List<Received> drain(Duration quiet) throws InterruptedException {
        List<Received> out = new ArrayList<>();
        Received r;
        while ((r = queue.poll(quiet.toMillis(), TimeUnit.MILLISECONDS)) != null) out.add(r);
        return out;
    }

    BlockingQueue<Received> queue() {
        return queue;
    }

    void publish(String topic, String payload, int qos, boolean retained) throws MqttException {
        client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos, retained);
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) client.disconnect(1000);
        } catch (MqttException ignored) {
            // the broker may be gone
        }
        try {
            client.close(true);
        } catch (MqttException ignored) {
            // already closed
        }
    }
}
