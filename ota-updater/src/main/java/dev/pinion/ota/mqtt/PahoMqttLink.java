package dev.pinion.ota.mqtt;

import dev.pinion.ota.MqttLink;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A stand-alone {@link MqttLink} over Eclipse Paho (MQTT 3.1.1) for the operator tools ({@code pinion deploy})
 * and tests. It reconnects by itself and then subscribes again to everything it was subscribed to. The gateway
 * daemon does not use it: it adapts its own MQTT session, which also owns the birth/will messages and the
 * persisted outbox.
 */
public final class PahoMqttLink implements MqttLink, AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.pinion.ota.mqtt");

    private record Sub(int qos, Handler handler) {}

    private final MqttClient client;
    private final Map<String, Sub> subs = new ConcurrentHashMap<>();
    private final List<Runnable> reconnectListeners = new CopyOnWriteArrayList<>();

    private PahoMqttLink(MqttClient client) {
        this.client = client;
    }

    /** Connects to {@code url} (tcp://host:port) with a clean session; throws if the broker cannot be reached. */
    public static PahoMqttLink connect(String url, String clientIdPrefix) throws MqttException {
        String id = clientIdPrefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        MqttClient client = new MqttClient(url, id, new MemoryPersistence());
        PahoMqttLink link = new PahoMqttLink(client);
        client.setCallback(link.new Callback());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setAutomaticReconnect(true);
        o.setMaxReconnectDelay(2000);
        o.setKeepAliveInterval(30);
        o.setConnectionTimeout(10);
        o.setMaxInflight(64);
        client.connect(o);
        return link;
    }

    /** Runs {@code r} after every automatic reconnect (after the subscriptions are made again). */
    public void onReconnect(Runnable r) {
        reconnectListeners.add(r);
    }

    public boolean isConnected() {
        return client.isConnected();
    }

    @Override
    public void subscribe(String filter, int qos, Handler handler) {
        subs.put(filter, new Sub(qos, handler));
        try {
            client.subscribe(filter, qos, (topic, msg) -> dispatch(filter, topic, msg));
        } catch (MqttException e) {
            // Kept in subs: the reconnect subscribes again.
            LOG.log(System.Logger.Level.DEBUG, "subscribe {0} failed now, retried after reconnect: {1}", filter, e.getMessage());
        }
    }

    @Override
    public void unsubscribe(String filter) {
        if (subs.remove(filter) == null) return;
        try {
            client.unsubscribe(filter);
        } catch (MqttException e) {
            LOG.log(System.Logger.Level.DEBUG, "unsubscribe {0} failed: {1}", filter, e.getMessage());
        }
    }

    @Override
    public void publish(String topic, byte[] payload, int qos, boolean retained) {
        for (int attempt = 0; ; attempt++) {
            try {
                client.publish(topic, payload, qos, retained);
                return;
            } catch (MqttException e) {
                // Several threads publishing at once can fill Paho's in-flight window: wait for a slot.
                if (e.getReasonCode() == MqttException.REASON_CODE_MAX_INFLIGHT && attempt < 1000) {
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted publishing to " + topic, ie);
                    }
                    continue;
                }
                throw new IllegalStateException("publish to " + topic + " failed: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) client.disconnect(2000);
        } catch (MqttException e) {
            LOG.log(System.Logger.Level.DEBUG, "disconnect failed: {0}", e.getMessage());
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.log(System.Logger.Level.DEBUG, "close failed: {0}", e.getMessage());
        }
    }

    private void dispatch(String filter, String topic, MqttMessage msg) {
        Sub s = subs.get(filter);
        if (s != null) s.handler().onMessage(topic, msg.getPayload(), msg.isRetained());
    }

    private final class Callback implements MqttCallbackExtended {
        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            if (!reconnect) return;
            // Paho's own callback thread must not block on a subscribe; do it on a fresh thread.
            Thread.ofVirtual().name("paho-resubscribe").start(() -> {
                for (var e : subs.entrySet()) {
                    String filter = e.getKey();
                    try {
                        client.subscribe(filter, e.getValue().qos(), (topic, msg) -> dispatch(filter, topic, msg));
                    } catch (MqttException ex) {
                        LOG.log(System.Logger.Level.WARNING, "resubscribe {0} failed: {1}", filter, ex.getMessage());
                    }
                }
                reconnectListeners.forEach(Runnable::run);
            });
        }

        @Override
        public void connectionLost(Throwable cause) {
            LOG.log(System.Logger.Level.DEBUG, "connection lost: {0}", cause == null ? "" : cause.getMessage());
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
        }
    }
}
