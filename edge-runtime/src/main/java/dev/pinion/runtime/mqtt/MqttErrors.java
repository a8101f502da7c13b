package dev.pinion.runtime.mqtt;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;

/**
 * Readable reasons for what the MQTT client library throws. Paho's own messages are terse, sometimes wrong
 * ("MqttException (0)" for an unknown host) and name its internals; an operator needs what went wrong in terms
 * of the broker and the network. Used by the daemon's session and by the CLI commands that talk to a broker.
 */
public final class MqttErrors {
    private MqttErrors() {}

    /** A reason for any throwable from Paho (v3 or v5) or the network; never null. */
    public static String describe(Throwable t) {
        if (t instanceof org.eclipse.paho.client.mqttv3.MqttException e) return describe(e.getReasonCode(), e);
        if (t instanceof org.eclipse.paho.mqttv5.common.MqttException e) return describe(e.getReasonCode(), e);
        return network(t);
    }

    /** A reason for a Paho exception with reason code {@code code} (the v3 and v5 codes used here do not clash). */
    public static String describe(int code, Throwable e) {
        Throwable cause = e.getCause();
        if (cause != null && isNetwork(cause)) return network(cause);
        String detail = cause != null ? network(cause) : e.getMessage();
        return switch (code) {
            case 1, 0x84 -> "broker does not accept this MQTT protocol version";
            case 2, 0x85 -> "broker rejected the client id";
            case 3, 0x88 -> "broker unavailable";
            case 4, 0x86 -> "bad user name or password";
            case 5, 0x87 -> "not authorised";
            case 32000 -> "timed out waiting for the broker";
            case 32103 -> "cannot connect: " + detail;
            case 32109 -> "connection lost" + (cause == null ? "" : ": " + detail);
            default -> "error " + code + (detail == null ? "" : ": " + detail);
        };
    }

    private static boolean isNetwork(Throwable t) {
        return t instanceof UnknownHostException || t instanceof ConnectException || t instanceof SSLException
                || t instanceof NoRouteToHostException || t instanceof SocketTimeoutException;
    }

    private static String network(Throwable t) {
        String m = t.getMessage();
        if (t instanceof UnknownHostException) return "unknown host " + m;
        if (t instanceof ConnectException) return m == null ? "connection refused" : m.toLowerCase(java.util.Locale.ROOT);
        if (t instanceof NoRouteToHostException) return "no route to host";
        if (t instanceof SocketTimeoutException) return "timed out connecting";
        if (t instanceof SSLException) return "TLS handshake failed: " + m;
        return m == null ? t.getClass().getSimpleName() : m;
    }
}
