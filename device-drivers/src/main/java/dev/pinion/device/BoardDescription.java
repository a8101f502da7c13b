package dev.pinion.device;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The devices of one board, by logical name, in declaration order. Immutable. It is the {@code board:} section of
 * the gateway's config file ({@code dev.pinion.runtime.config.BoardSection} parses it), or built in code.
 */
public record BoardDescription(Map<String, DeviceSpec> devices) {
    public BoardDescription {
        Objects.requireNonNull(devices, "devices");
        for (var e : devices.entrySet()) {
            if (!e.getKey().equals(e.getValue().name()))
                throw new IllegalArgumentException("device key '" + e.getKey() + "' differs from its spec's name '"
                        + e.getValue().name() + "'");
        }
        devices = Collections.unmodifiableMap(new LinkedHashMap<>(devices));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The spec named {@code name}, or null. */
    public DeviceSpec device(String name) {
        return devices.get(name);
    }

    public static final class Builder {
        private final Map<String, DeviceSpec> devices = new LinkedHashMap<>();

        private Builder() {}

        /** Adds a device; a second device with the same name is an error. */
        public Builder add(DeviceSpec spec) {
            if (devices.putIfAbsent(spec.name(), spec) != null)
                throw new IllegalArgumentException("device '" + spec.name() + "' is declared twice");
            return this;
        }

        public BoardDescription build() {
            return new BoardDescription(devices);
        }
    }
}
