package dev.pinion.runtime.mqtt;

import java.util.Map;
import java.util.Objects;

/**
 * A message the broker delivered to one of the session's subscriptions. The MQTT 5 fields are null (or empty)
 * on a 3.1.1 connection and when the publisher did not set them.
 *
 * @param topic the topic it was published to (never the {@code $share/...} filter)
 * @param payload the payload (the array is the handler's to keep; do not modify it if several handlers match)
 * @param qos the QoS it was delivered with
 * @param retained true when the broker replayed a retained message on subscribe
 * @param responseTopic MQTT 5 response topic, or null
 * @param correlationData MQTT 5 correlation data, or null
 * @param userProperties MQTT 5 user properties in arrival order (a later duplicate key wins)
 */
public record IncomingMessage(
        String topic,
        byte[] payload,
        int qos,
        boolean retained,
        String responseTopic,
        byte[] correlationData,
        Map<String, String> userProperties) {

    public IncomingMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        userProperties = userProperties == null ? Map.of() : java.util.Collections.unmodifiableMap(
                new java.util.LinkedHashMap<>(userProperties));
    }

    /** A plain message with no MQTT 5 fields. */
    public IncomingMessage(String topic, byte[] payload, int qos, boolean retained) {
        this(topic, payload, qos, retained, null, null, Map.of());
    }

    /**
     * A reply to this message for its MQTT 5 request/response pattern: to its response topic, carrying its
     * correlation data. Null when the message carried no response topic.
     */
    public OutgoingMessage reply(byte[] payload, int qos) {
        if (responseTopic == null) return null;
        return new OutgoingMessage(responseTopic, payload, qos, false, null, correlationData, Map.of());
    }

    @Override
    public String toString() {
        return "IncomingMessage[topic=" + topic + ", " + payload.length + " bytes, qos=" + qos
                + (retained ? ", retained" : "") + (responseTopic != null ? ", responseTopic=" + responseTopic : "")
                + "]";
    }
}
