package dev.pinion.runtime.mqtt.internal;

import dev.pinion.runtime.mqtt.OutgoingMessage;
import java.util.concurrent.CompletableFuture;

/**
 * One QoS 1/2 message on its way to the broker. Sequence numbers are given at publish time, grow for the life
 * of the state directory and decide the delivery order; {@code future} is null for entries loaded from disk
 * after a restart. Guarded by the session's lock.
 */
final class OutboxEntry {
    final long seq;
    final OutgoingMessage message;
    final CompletableFuture<Void> future;
    /** On disk in the outbox directory. */
    boolean persisted;
    /** Sent on the current connection and not yet acknowledged. */
    boolean inFlight;
    /** Connection generation it was sent on. */
    long sentOn;
    /** How many connections were lost while it was in flight (a broker that rejects it closes the connection). */
    int lostInFlight;

    OutboxEntry(long seq, OutgoingMessage message, CompletableFuture<Void> future) {
        this.seq = seq;
        this.message = message;
        this.future = future;
    }
}
