package dev.pinion.runtime.mqtt.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pinion.runtime.mqtt.MqttVersion;
import java.time.Instant;

/**
 * The retained payloads on {@code pinion/<device>/state}:
 * {@code {"state":"online","session":7,"client_id":"gw-1","mqtt":"5","since":"2026-12-04T22:00:00Z"}} as the
 * birth message, and {@code {"state":"offline","session":7,"reason":"connection lost"}} as the Will (or
 * {@code "shutdown"} on a clean stop). The session number tells which run a state belongs to.
 */
public final class StateMessages {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StateMessages() {}

    static byte[] online(long session, String clientId, MqttVersion version, Instant since) {
        ObjectNode n = JSON.createObjectNode();
        n.put("state", "online");
        n.put("session", session);
        n.put("client_id", clientId);
        n.put("mqtt", version.text());
        n.put("since", since.toString());
        return bytes(n);
    }

    static byte[] offline(long session, String reason) {
        ObjectNode n = JSON.createObjectNode();
        n.put("state", "offline");
        n.put("session", session);
        n.put("reason", reason);
        return bytes(n);
    }

    private static byte[] bytes(ObjectNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e); // cannot happen for an ObjectNode of strings and numbers
        }
    }
}
