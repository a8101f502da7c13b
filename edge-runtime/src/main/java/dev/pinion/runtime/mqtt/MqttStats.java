package dev.pinion.runtime.mqtt;

/**
 * A snapshot of the session's counters, for metrics. Counters only grow during the life of a session object.
 *
 * @param connected whether a connection is up now
 * @param version the version of the current (or last) connection, or null before the first connect
 * @param session the persisted session counter (one more on every start of the gateway)
 * @param connects successful connects
 * @param reconnects successful connects after the first
 * @param connectFailures failed connection attempts
 * @param outboxSize QoS 1 messages waiting on disk (or in flight from the outbox)
 * @param outboxDropped messages dropped from the outbox at its bound
 * @param messagesIn messages delivered to handlers
 * @param messagesOut messages the broker accepted (QoS 1: acknowledged; QoS 0: written)
 * @param qos0Dropped QoS 0 messages dropped: published while offline, or arrived while handlers were 10,000
 *     messages behind
 */
public record MqttStats(
        boolean connected,
        MqttVersion version,
        long session,
        long connects,
        long reconnects,
        long connectFailures,
        long outboxSize,
        long outboxDropped,
        long messagesIn,
        long messagesOut,
        long qos0Dropped) {}
