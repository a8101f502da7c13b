package dev.pinion.runtime.mqtt;

import java.util.Map;
import java.util.Objects;

/**
 * A message to publish. QoS 1 (and 2) messages published while the session is offline go to the persisted
 * outbox and are delivered, in order, after the next connect; QoS 0 messages published while offline are
 * dropped (and counted), as QoS 0 promises no more.
 *
 * <p>The MQTT 5 fields are sent only on an MQTT 5 connection; on 3.1.1 they are left out and the session logs
 * that once per topic.
 *
 * @param topic topic name (no wildcards)
 * @param payload payload bytes (copied by the session only when it must keep them)
 * @param qos 0, 1 or 2 (2 is delivered at least once across reconnects, like 1)
 * @param retained whether the broker keeps it as the topic's retained message
 * @param responseTopic MQTT 5 response topic, or null
 * @param correlationData MQTT 5 correlation data, or null
 * @param userProperties MQTT 5 user properties (keeps insertion order)
 */
public record OutgoingMessage(
        String topic,
        byte[] payload,
        int qos,
        boolean retained,
        String responseTopic,
        byte[] correlationData,
        Map<String, String> userProperties) {

    public OutgoingMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        if (topic.isEmpty() || topic.contains("+") || topic.contains("#") || topic.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("not a valid topic to publish to: '" + topic + "'");
        }
        if (qos < 0 || qos > 2) throw new IllegalArgumentException("qos must be 0, 1 or 2, not " + qos);
        userProperties = userProperties == null ? Map.of() : java.util.Collections.unmodifiableMap(
                new java.util.LinkedHashMap<>(userProperties));
    }

    /** A plain message with no MQTT 5 fields. */
    public OutgoingMessage(String topic, byte[] payload, int qos, boolean retained) {
        this(topic, payload, qos, retained, null, null, Map.of());
    }

    /** True when the message uses a field that only MQTT 5 carries. */
    public boolean usesMqtt5Fields() {
        return responseTopic != null || correlationData != null || !userProperties.isEmpty();
    }

    @Override
    public String toString() {
        return "OutgoingMessage[topic=" + topic + ", " + payload.length + " bytes, qos=" + qos
                + (retained ? ", retained" : "") + "]";
    }
}
