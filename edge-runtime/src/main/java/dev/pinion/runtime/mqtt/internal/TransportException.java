package dev.pinion.runtime.mqtt.internal;

/** A connection attempt failed; {@code protocolRejected} when the broker does not speak the version we tried. */
final class TransportException extends Exception {
    final boolean protocolRejected;
    /** Retrying cannot help without a config change (bad credentials, not authorised). */
    final boolean permanent;

    TransportException(String message, Throwable cause, boolean protocolRejected, boolean permanent) {
        super(message, cause);
        this.protocolRejected = protocolRejected;
        this.permanent = permanent;
    }
}
