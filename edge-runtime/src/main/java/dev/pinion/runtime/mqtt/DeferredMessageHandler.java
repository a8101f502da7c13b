package dev.pinion.runtime.mqtt;

import java.util.concurrent.CompletionStage;

/**
 * A handler that finishes later: the session acknowledges a QoS 1 message to the broker only when the returned
 * stage completed (normally or not) and every QoS 1 message published before that is acknowledged by the broker
 * or on disk, so work queued elsewhere (a module's call queue) and the publishes it makes are covered by the
 * acknowledgement. Called on the dispatch thread, in arrival order; it should
 * return quickly.
 */
@FunctionalInterface
public interface DeferredMessageHandler {
    CompletionStage<?> handle(IncomingMessage message);
}
