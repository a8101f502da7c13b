package dev.pinion.runtime.supervisor;

import java.util.Map;

/**
 * Something that happened and that a module's handler export is called with. The supervisor turns each kind
 * into the handler's arguments as docs/abi.md ("Triggers") describes.
 */
public sealed interface Event {
    /**
     * An MQTT message that matched a module's topic filter. {@code responseTopic} and {@code correlationData}
     * are the MQTT 5 request/response properties (null when absent); {@code pinion_mqtt.reply} answers them.
     */
    record Message(String topic, byte[] payload, int qos, String responseTopic, byte[] correlationData,
                   Map<String, String> userProperties) implements Event {
        public Message {
            userProperties = userProperties == null ? Map.of() : Map.copyOf(userProperties);
        }

        public static Message of(String topic, byte[] payload) {
            return new Message(topic, payload, 0, null, null, Map.of());
        }
    }

    /** An interval timer fired; {@code sequence} counts its firings from 1. */
    record Timer(String name, long sequence) implements Event {}

    /**
     * An edge on a digital input: the logical device name the operator gave the line, the direction and the
     * event's monotonic timestamp in nanoseconds (as the kernel reports gpio edge events).
     */
    record Edge(String device, boolean rising, long timestampNanos) implements Event {}
}
