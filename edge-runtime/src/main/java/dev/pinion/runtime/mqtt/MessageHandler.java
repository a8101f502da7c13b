package dev.pinion.runtime.mqtt;

/**
 * Receives the messages of one subscription, one at a time, in the order the broker delivered them (one
 * dispatch thread per session: a handler that blocks delays every subscription, so hand long work to a queue).
 * A QoS 1 message is acknowledged to the broker only after {@link #handle} returned (or threw) and every QoS 1
 * message the session published before that is acknowledged by the broker or in the outbox on disk, so a
 * killed gateway either gets the message again from its persistent session or has already passed on what it
 * published in response.
 */
@FunctionalInterface
public interface MessageHandler {
    /**
     * Handles one message. An exception is logged with the topic; the message is still acknowledged (the broker
     * redelivering a message that always fails would stall the stream).
     */
    void handle(IncomingMessage message) throws Exception;
}
