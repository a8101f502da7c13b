package dev.pinion.runtime.mqtt;

/**
 * Told about every change of the session's connection state, on the session's own thread (return quickly).
 */
public interface ConnectionListener {
    /**
     * The session is connected, has resubscribed and published its birth message.
     *
     * @param version the MQTT version spoken on this connection
     * @param sessionPresent whether the broker still had the session (queued messages will follow)
     */
    default void connected(MqttVersion version, boolean sessionPresent) {}

    /** The connection was lost or could not be made; the session keeps retrying (until closed). */
    default void disconnected(String reason) {}
}
