package dev.pinion.ota;

/**
 * The MQTT connection the OTA code needs, and nothing more. The gateway adapts its one MQTT session to it
 * (edge-runtime); the operator tools and tests use {@link dev.pinion.ota.mqtt.PahoMqttLink}. Subscriptions are
 * the link's to keep: after a reconnect it subscribes again, so retained messages arrive again.
 */
public interface MqttLink {
    /** Receives one message; called on the link's delivery thread, so it must not block. */
    @FunctionalInterface
    interface Handler {
        void onMessage(String topic, byte[] payload, boolean retained);
    }

    /** Subscribes (or replaces the handler of) {@code filter}; kept across reconnects. */
    void subscribe(String filter, int qos, Handler handler);

    /** Stops a subscription made with the same filter; unknown filters are ignored. */
    void unsubscribe(String filter);

    /**
     * Publishes. QoS 1 publishes made while offline are sent after the reconnect by links that persist an outbox;
     * links that cannot throw {@link IllegalStateException}.
     */
    void publish(String topic, byte[] payload, int qos, boolean retained);
}
