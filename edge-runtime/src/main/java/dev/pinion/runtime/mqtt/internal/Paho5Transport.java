package dev.pinion.runtime.mqtt.internal;

import dev.pinion.runtime.mqtt.IncomingMessage;
import dev.pinion.runtime.mqtt.MqttErrors;
import dev.pinion.runtime.mqtt.MqttSettings;
import dev.pinion.runtime.mqtt.MqttVersion;
import dev.pinion.runtime.mqtt.OutgoingMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

/** MQTT 5 through Paho's mqttv5 client. */
final class Paho5Transport implements Transport {
    private MqttAsyncClient client;
    private volatile Events events;
    private volatile boolean closing;

    @Override
    public MqttVersion version() {
        return MqttVersion.MQTT_5;
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
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setAutomaticReconnect(false); // the session reconnects, including after a failed first connect
        long expiry = s.sessionExpiry().toSeconds();
        o.setCleanStart(expiry == 0);
        o.setSessionExpiryInterval(expiry);
        o.setKeepAliveInterval((int) s.keepAlive().toSeconds());
        o.setConnectionTimeout((int) Math.max(1, s.connectTimeout().toSeconds()));
        o.setReceiveMaximum(request.maxInflight());
        o.setWill(s.stateTopic(), new MqttMessage(request.willPayload(), 1, true, new MqttProperties()));
        if (s.username() != null) o.setUserName(s.username());
        if (s.password() != null) o.setPassword(s.password().getBytes(StandardCharsets.UTF_8));
        if (request.socketFactory() != null) o.setSocketFactory(request.socketFactory());
        o.setHttpsHostnameVerificationEnabled(true);
        try {
            IMqttToken token = client.connect(o);
            token.waitForCompletion(s.connectTimeout().toMillis() + 1000);
            if (!client.isConnected()) throw new MqttException(org.eclipse.paho.mqttv5.client.MqttClientException.REASON_CODE_CLIENT_TIMEOUT);
            MqttProperties p = token.getResponseProperties();
            int receiveMax = p != null && p.getReceiveMaximum() != null ? p.getReceiveMaximum() : 65_535;
            long maxPacket = p != null && p.getMaximumPacketSize() != null ? p.getMaximumPacketSize() : 0;
            return new Connected(token.getSessionPresent(), receiveMax, maxPacket);
        } catch (MqttException e) {
            abort();
            int code = e.getReasonCode();
            boolean permanent = code == 0x86 || code == 0x87 || code == 0x8C;
            // A 3.1.1-only broker answers an MQTT 5 CONNECT with the 3.1.1 return code 1 (unacceptable protocol
            // version), which Paho's v5 decoder reports as 50001 "invalid return code" (Moquette 0.17 does this),
            // or with 0x84, or just closes the connection.
            boolean protocol = code == 0x84 || code == 1 || code == 50001 || code == 0x81 || code == 0x82
                    || code == org.eclipse.paho.mqttv5.client.MqttClientException.REASON_CODE_CONNECTION_LOST;
            String reason = code == 50001 ? "broker answered in MQTT 3.1.1 (it does not speak MQTT 5)"
                    : MqttErrors.describe(code, e);
            throw new TransportException(reason, e, protocol, permanent);
        }
    }

    @Override
    public CompletableFuture<Void> publish(OutgoingMessage m) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        MqttProperties props = new MqttProperties();
        if (m.responseTopic() != null) props.setResponseTopic(m.responseTopic());
        if (m.correlationData() != null) props.setCorrelationData(m.correlationData());
        if (!m.userProperties().isEmpty()) {
            List<UserProperty> list = new ArrayList<>();
            m.userProperties().forEach((k, v) -> list.add(new UserProperty(k, v)));
            props.setUserProperties(list);
        }
        try {
            client.publish(m.topic(), new MqttMessage(m.payload(), m.qos(), m.retained(), props), null,
                    listener(done, t -> null));
        } catch (MqttException | RuntimeException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    @Override
    public CompletableFuture<int[]> subscribe(List<String> filters, int[] qos) {
        CompletableFuture<int[]> done = new CompletableFuture<>();
        MqttSubscription[] subs = new MqttSubscription[filters.size()];
        for (int i = 0; i < subs.length; i++) subs[i] = new MqttSubscription(filters.get(i), qos[i]);
        try {
            client.subscribe(subs, null, listener(done, IMqttToken::getReasonCodes), new MqttProperties());
        } catch (MqttException | RuntimeException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    @Override
    public CompletableFuture<Void> unsubscribe(String filter) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            client.unsubscribe(new String[] {filter}, null, listener(done, t -> null), new MqttProperties());
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
            client.disconnect(timeoutMillis, null, null, 0, new MqttProperties()).waitForCompletion(timeoutMillis);
        } catch (MqttException | RuntimeException e) {
            // Disconnecting from a broken connection: nothing more to say to the broker.
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

    private static <T> MqttActionListener listener(CompletableFuture<T> done,
            java.util.function.Function<IMqttToken, T> result) {
        return new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                done.complete(result.apply(token));
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
                done.completeExceptionally(e != null ? e : new MqttException(org.eclipse.paho.mqttv5.client.MqttClientException.REASON_CODE_UNEXPECTED_ERROR));
            }
        };
    }

    private final class Callback implements MqttCallback {
        @Override
        public void disconnected(MqttDisconnectResponse response) {
            if (closing) return;
            Throwable cause = response.getException() != null ? response.getException()
                    : new MqttException(response.getReturnCode());
            String reason = response.getReasonString();
            events.connectionLost(reason == null ? cause
                    : new MqttException(response.getReturnCode(), new RuntimeException(reason)));
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            // Protocol errors end in disconnected() as well.
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            MqttProperties p = message.getProperties();
            String responseTopic = null;
            byte[] correlation = null;
            Map<String, String> user = Map.of();
            if (p != null) {
                responseTopic = p.getResponseTopic();
                correlation = p.getCorrelationData();
                List<UserProperty> list = p.getUserProperties();
                if (list != null && !list.isEmpty()) {
                    user = new LinkedHashMap<>();
                    for (UserProperty u : list) user.put(u.getKey(), u.getValue());
                }
            }
            events.messageArrived(new IncomingMessage(topic, message.getPayload(), message.getQos(),
                    message.isRetained(), responseTopic, correlation, user), message.getId());
        }

        @Override
        public void deliveryComplete(IMqttToken token) {}

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {}

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {}
    }
}
