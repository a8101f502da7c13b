package dev.pinion.runtime.mqtt;

/**
 * Receives the messages of one subscription, one at a time, in the order the broker delivered them (one
 * dispatch thread per session: a handler that blocks delays every subscription, so hand long work to a queue).
 * A QoS 1 message is acknowledged to the broker only after {@link #handle} returned (or threw), so a killed
 * gateway gets it again from a persistent session.
 */
@FunctionalInterface
public interface MessageHandler {
    /**
     * Handles one message. An exception is logged with the topic; the message is still acknowledged (the broker
     * redelivering a message that always fails would stall the stream).
     */
    void handle(IncomingMessage message) throws Exception;
}
