package dev.pinion.runtime.mqtt.internal;

import dev.pinion.runtime.mqtt.IncomingMessage;
import dev.pinion.runtime.mqtt.MqttVersion;
import dev.pinion.runtime.mqtt.OutgoingMessage;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One connection to the broker through one Paho client object (a new one for every connection attempt, so no
 * Paho state survives a connection loss: the session, not Paho, owns retries and resends). Two
 * implementations: {@link Paho5Transport} and {@link Paho3Transport}.
 */
interface Transport {
    /** Events from Paho's threads; they must not block. */
    interface Events {
        /** A message arrived; QoS 1/2 ones are acknowledged only through {@link #ack}. */
        void messageArrived(IncomingMessage message, int packetId);

        /** The connection broke (not called for {@link #disconnect}). */
        void connectionLost(Throwable cause);
    }

    /** What the broker told us in its CONNACK. */
    record Connected(boolean sessionPresent, int receiveMaximum, long maximumPacketSize) {}

    /** Connects, blocking up to the connect timeout. */
    Connected connect(ConnectRequest request, Events events) throws TransportException;

    MqttVersion version();

    /** Sends; completes on PUBACK (QoS 1), PUBCOMP (QoS 2) or when written (QoS 0). */
    CompletableFuture<Void> publish(OutgoingMessage message);

    /** Subscribes; completes with one granted QoS (or failure reason code >= 0x80) per filter. */
    CompletableFuture<int[]> subscribe(List<String> filters, int[] qos);

    CompletableFuture<Void> unsubscribe(String filter);

    /** Acknowledges a delivered QoS 1/2 message. */
    void ack(int packetId, int qos);

    /** Normal DISCONNECT (the broker discards the Will), then releases Paho's threads. */
    void disconnect(long timeoutMillis);

    /** Drops the connection without DISCONNECT and releases Paho's threads. */
    void abort();
}
