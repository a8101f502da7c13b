package dev.pinion.runtime.mqtt;

import dev.pinion.runtime.mqtt.internal.SessionCore;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The gateway's one MQTT session (Eclipse Paho underneath). It owns the connection for the life of the
 * gateway: connects in the background (a failed first connect is retried like any other), reconnects with
 * exponential backoff and jitter, resubscribes after every connect, announces itself with a retained birth
 * message on {@code pinion/<device>/state} and leaves a retained Will there, and keeps QoS 1 publishes made while
 * offline in a bounded outbox on disk that survives a restart and is delivered in order after the next
 * connect.
 *
 * <p>Thread-safe. Handlers run on one dispatch thread, in arrival order; listeners on the session thread.
 */
public final class MqttSession implements AutoCloseable {
    private final SessionCore core;

    private MqttSession(SessionCore core) {
        this.core = core;
    }

    /**
     * Opens the outbox and the session counter under {@link MqttSettings#stateDir()} and starts connecting in
     * the background. Returns at once, whether or not the broker is reachable.
     *
     * @throws IOException if the state directory cannot be created, read or written
     */
    public static MqttSession start(MqttSettings settings) throws IOException {
        return new MqttSession(SessionCore.start(settings));
    }

    /**
     * Subscribes now (when connected) and after every reconnect. One handler per filter: subscribing the same
     * filter again replaces its handler and QoS. A {@code $share/<group>/<filter>} filter is a shared
     * subscription (MQTT 5; many 3.1.1 brokers accept it too). The future completes with the QoS the broker
     * granted at the first SUBACK, or exceptionally if the broker refused the filter.
     */
    public CompletableFuture<Integer> subscribe(String filter, int qos, MessageHandler handler) {
        return core.subscribe(filter, qos, SessionCore.immediate(handler));
    }

    /**
     * Like {@link #subscribe}, but a QoS 1 message is acknowledged to the broker only when the stage the handler
     * returns completes.
     */
    public CompletableFuture<Integer> subscribeDeferred(String filter, int qos, DeferredMessageHandler handler) {
        return core.subscribe(filter, qos, handler);
    }

    /** Removes the subscription (no more resubscribes) and unsubscribes at the broker when connected. */
    public void unsubscribe(String filter) {
        core.unsubscribe(filter);
    }

    /**
     * Publishes a message. Connected: sent now. Offline (or while the outbox still drains): QoS 1 and 2 are
     * written to the outbox (fsync'd) before this method returns; QoS 0 is dropped and counted.
     *
     * @return completes when the broker acknowledged the message (QoS 1/2) or it was written to the socket
     *     (QoS 0); exceptionally when it was dropped (QoS 0 offline, outbox bound, session closed)
     */
    public CompletableFuture<Void> publish(OutgoingMessage message) {
        return core.publish(message);
    }

    /** Publishes a plain message; see {@link #publish(OutgoingMessage)}. */
    public CompletableFuture<Void> publish(String topic, byte[] payload, int qos, boolean retained) {
        return core.publish(new OutgoingMessage(topic, payload, qos, retained));
    }

    /** Whether a connection is up (connected, resubscribed, birth published). */
    public boolean isConnected() {
        return core.isConnected();
    }

    /** Waits until connected; false on timeout. */
    public boolean awaitConnected(Duration timeout) throws InterruptedException {
        return core.awaitConnected(timeout);
    }

    /** The MQTT version of the current connection; empty while offline. */
    public Optional<MqttVersion> version() {
        return core.version();
    }

    /** Adds a listener for connection changes. */
    public void addListener(ConnectionListener listener) {
        core.addListener(listener);
    }

    /** Removes a listener. */
    public void removeListener(ConnectionListener listener) {
        core.removeListener(listener);
    }

    /** The counters, for metrics. */
    public MqttStats stats() {
        return core.stats();
    }

    /** The settings this session runs with. */
    public MqttSettings settings() {
        return core.settings();
    }

    /**
     * Shuts down for SIGTERM: stops delivering messages (the subscriptions stay in the broker's session, so
     * messages that arrive meanwhile wait for the next start), waits for the running handler, flushes the outbox
     * while connected, publishes the retained {@code offline} state and disconnects, all within
     * {@link MqttSettings#closeTimeout()} (plus the running handler's time). Undelivered outbox messages stay on
     * disk for the next start. Idempotent.
     */
    @Override
    public void close() {
        core.close();
    }
}
