package dev.pinion.iot;

import java.util.Objects;

/**
 * Permission for a module to open one device by its logical name in one mode. Written {@code NAME:MODE}
 * ({@code led:out}, {@code button:in}, {@code room_temp:read}, {@code eeprom:rw}); {@code NAME} alone means the
 * device's natural mode ({@link Grants#resolve}).
 *
 * @param mode in, out, read, write or rw; null until resolved against a board
 */
public record Grant(String name, String mode) {
    public static final java.util.Set<String> MODES = java.util.Set.of("in", "out", "read", "write", "rw");

    public Grant {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) throw new IllegalArgumentException("a grant needs a device name");
        if (mode != null && !MODES.contains(mode))
            throw new IllegalArgumentException("grant '" + name + ":" + mode + "': unknown mode '" + mode
                    + "'; one of in, out, read, write, rw");
    }

    /** Parses {@code NAME[:MODE]}. */
    public static Grant parse(String text) {
        Objects.requireNonNull(text, "grant");
        String t = text.strip();
        int colon = t.indexOf(':');
        if (colon < 0) return new Grant(t, null);
        String name = t.substring(0, colon).strip(), mode = t.substring(colon + 1).strip();
        if (name.isEmpty()) throw new IllegalArgumentException("grant '" + text + "' has no device name");
        if (mode.isEmpty()) throw new IllegalArgumentException("grant '" + text + "' has an empty mode");
        return new Grant(name, mode);
    }

    @Override
    public String toString() {
        return mode == null ? name : name + ":" + mode;
    }
}
