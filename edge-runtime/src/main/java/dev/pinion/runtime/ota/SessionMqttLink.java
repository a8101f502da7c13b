package dev.pinion.runtime.ota;

import dev.pinion.ota.MqttLink;
import dev.pinion.runtime.mqtt.MqttSession;

/**
 * The gateway's one MQTT session as the OTA agent's {@link MqttLink}: the session owns reconnects,
 * resubscription and the persisted outbox, so status published while offline goes out after the reconnect.
 */
public final class SessionMqttLink implements MqttLink {
    private final MqttSession session;

    public SessionMqttLink(MqttSession session) {
        this.session = session;
    }

    @Override
    public void subscribe(String filter, int qos, Handler handler) {
        session.subscribe(filter, qos, m -> handler.onMessage(m.topic(), m.payload(), m.retained()));
    }

    @Override
    public void unsubscribe(String filter) {
        session.unsubscribe(filter);
    }

    @Override
    public void publish(String topic, byte[] payload, int qos, boolean retained) {
        session.publish(topic, payload, qos, retained);
    }
}
