package dev.pinion.runtime.host;

/**
 * Where {@code pinion_mqtt} sends what modules publish: the gateway's MQTT session in the daemon. Must not
 * block for long (the session queues QoS 1 messages while offline).
 */
@FunctionalInterface
public interface Publisher {
    /**
     * @param correlationData MQTT 5 correlation data for a reply, or null
     */
    void publish(String topic, byte[] payload, int qos, boolean retain, byte[] correlationData);
}
