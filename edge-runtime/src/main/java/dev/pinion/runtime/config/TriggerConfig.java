package dev.pinion.runtime.config;

import java.time.Duration;

/** What calls a module's handler export. */
public sealed interface TriggerConfig {
    /** The handler export it calls. */
    String export();

    /** Messages matching an MQTT topic filter ({@code $share/<group>/...} spreads them over a fleet). */
    record Mqtt(String filter, int qos, String export) implements TriggerConfig {}

    /** A timer firing every {@code period}. */
    record Interval(Duration period, String export) implements TriggerConfig {}

    /** Edges on a named digital input of the board. */
    record Gpio(String device, Edge edge, String export) implements TriggerConfig {}

    enum Edge {
        RISING, FALLING, BOTH;

        public boolean accepts(boolean rising) {
            return this == BOTH || (this == RISING) == rising;
        }
    }
}
