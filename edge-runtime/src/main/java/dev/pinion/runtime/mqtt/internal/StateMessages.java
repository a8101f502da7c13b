package dev.pinion.runtime.mqtt.internal;

import dev.pinion.ota.json.Json;
import dev.pinion.runtime.mqtt.MqttVersion;
import java.time.Instant;

/**
 * The retained payloads on {@code pinion/<device>/state}:
 * {@code {"state":"online","session":7,"client_id":"gw-1","mqtt":"5","since":"2026-12-04T22:00:00Z"}} as the
 * birth message, and {@code {"state":"offline","session":7,"reason":"connection lost"}} as the Will (or
 * {@code "shutdown"} on a clean stop). The session number tells which run a state belongs to.
 */
public final class StateMessages {
    private StateMessages() {}

    static byte[] online(long session, String clientId, MqttVersion version, Instant since) {
        Json n = Json.object();
        n.put("state", "online");
        n.put("session", session);
        n.put("client_id", clientId);
        n.put("mqtt", version.text());
        n.put("since", since.toString());
        return n.toBytes();
    }

    static byte[] offline(long session, String reason) {
        Json n = Json.object();
        n.put("state", "offline");
        n.put("session", session);
        n.put("reason", reason);
        return n.toBytes();
    }
}
