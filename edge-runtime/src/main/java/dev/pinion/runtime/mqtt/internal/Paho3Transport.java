package dev.pinion.runtime.mqtt.internal;

import dev.pinion.runtime.mqtt.IncomingMessage;
import dev.pinion.runtime.mqtt.MqttErrors;
import dev.pinion.runtime.mqtt.MqttSettings;
import dev.pinion.runtime.mqtt.MqttVersion;
import dev.pinion.runtime.mqtt.OutgoingMessage;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** MQTT 3.1.1 through Paho's mqttv3 client: no response topic, correlation data or user properties. */
final class Paho3Transport implements Transport {
    private MqttAsyncClient client;
    private volatile Events events;
    private volatile boolean closing;

    @Override
    public MqttVersion version() {
        return MqttVersion.MQTT_3_1_1;
    }

    @Override
    public Connected connect(ConnectRequest request, Events events) throws TransportException {
        MqttSettings s = request.settings();
        this.events = events;
        try {
            client = new MqttAsyncClient(s.url().toString(), s.clientId(), new MemoryPersistence());
        } catch (MqttException e) {
            throw new TransportException("cannot create the MQTT client: " + e.getMessage(), e, false, true);
        }
        client.setManualAcks(true);
        client.setCallback(new Callback());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setAutomaticReconnect(false);
        o.setCleanSession(s.sessionExpiry().isZero()); // 3.1.1 has no expiry: the broker keeps it until reused
        o.setKeepAliveInterval((int) s.keepAlive().toSeconds());
        o.setConnectionTimeout((int) Math.max(1, s.connectTimeout().toSeconds()));
        o.setMaxInflight(request.maxInflight());
        o.setWill(s.stateTopic(), request.willPayload(), 1, true);
        if (s.username() != null) o.setUserName(s.username());
        if (s.password() != null) o.setPassword(s.password().toCharArray());
        if (request.socketFactory() != null) o.setSocketFactory(request.socketFactory());
        o.setHttpsHostnameVerificationEnabled(true);
        try {
            IMqttToken token = client.connect(o);
            token.waitForCompletion(s.connectTimeout().toMillis() + 1000);
            if (!client.isConnected()) throw new MqttException(MqttException.REASON_CODE_CLIENT_TIMEOUT);
            return new Connected(token.getSessionPresent(), request.maxInflight(), 0);
        } catch (MqttException e) {
            abort();
            int code = e.getReasonCode();
            throw new TransportException(MqttErrors.describe(code, e), e, code == 1, code == 4 || code == 5);
        }
    }

    @Override
    public CompletableFuture<Void> publish(OutgoingMessage m) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        MqttMessage msg = new MqttMessage(m.payload());
        msg.setQos(m.qos());
        msg.setRetained(m.retained());
        try {
            client.publish(m.topic(), msg, null, listener(done, t -> null));
        } catch (MqttException | RuntimeException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    @Override
    public CompletableFuture<int[]> subscribe(List<String> filters, int[] qos) {
        CompletableFuture<int[]> done = new CompletableFuture<>();
        try {
            client.subscribe(filters.toArray(String[]::new), qos, null, listener(done, IMqttToken::getGrantedQos));
        } catch (MqttException | RuntimeException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    @Override
    public CompletableFuture<Void> unsubscribe(String filter) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            client.unsubscribe(filter, null, listener(done, t -> null));
        } catch (MqttException | RuntimeException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    @Override
    public void ack(int packetId, int qos) {
        try {
            client.messageArrivedComplete(packetId, qos);
        } catch (MqttException | RuntimeException e) {
            // The connection is gone; the broker redelivers from the session.
        }
    }

    @Override
    public void disconnect(long timeoutMillis) {
        closing = true;
        try {
            client.disconnect(timeoutMillis).waitForCompletion(timeoutMillis);
        } catch (MqttException | RuntimeException e) {
            // nothing more to say to the broker
        }
        abort();
    }

    @Override
    public void abort() {
        closing = true;
        MqttAsyncClient c = client;
        if (c == null) return;
        try {
            c.disconnectForcibly(0, 100, false);
        } catch (MqttException | RuntimeException e) {
            // already down
        }
        try {
            c.close(true);
        } catch (MqttException | RuntimeException e) {
            // already closed
        }
    }

    private static <T> IMqttActionListener listener(CompletableFuture<T> done,
            java.util.function.Function<IMqttToken, T> result) {
        return new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                done.complete(result.apply(token));
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
                done.completeExceptionally(e != null ? e : new MqttException(MqttException.REASON_CODE_UNEXPECTED_ERROR));
            }
        };
    }

    private final class Callback implements MqttCallback {
        @Override
        public void connectionLost(Throwable cause) {
            if (!closing) events.connectionLost(cause);
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            events.messageArrived(new IncomingMessage(topic, message.getPayload(), message.getQos(),
                    message.isRetained()), message.getId());
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {}
    }
}
