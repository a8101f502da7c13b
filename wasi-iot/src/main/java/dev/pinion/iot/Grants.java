package dev.pinion.iot;

import dev.pinion.device.BoardDescription;
import dev.pinion.device.DeviceSpec;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The devices one module may open, and how. Deny by default: {@link #NONE} (and any name or mode not listed)
 * makes every open fail with EACCES. Immutable.
 */
public final class Grants {
    public static final Grants NONE = new Grants(Set.of());

    private final Set<Grant> grants;

    private Grants(Set<Grant> grants) {
        this.grants = Set.copyOf(grants);
    }

    public static Grants of(Collection<Grant> grants) {
        return new Grants(new LinkedHashSet<>(grants));
    }

    /** Parses each {@code NAME[:MODE]}. */
    public static Grants parse(Collection<String> texts) {
        LinkedHashSet<Grant> out = new LinkedHashSet<>();
        for (String t : texts) out.add(Grant.parse(t));
        return new Grants(out);
    }

    public Set<Grant> grants() {
        return grants;
    }

    /** True if {@code name} is granted in {@code mode} ({@code rw} also covers read and write). */
    public boolean allows(String name, String mode) {
        for (Grant g : grants) {
            if (!g.name().equals(name)) continue;
            if (mode.equals(g.mode())) return true;
            if ("rw".equals(g.mode()) && (mode.equals("read") || mode.equals("write"))) return true;
        }
        return false;
    }

    /**
     * Checks every grant against the board and fills in missing modes: each name must be a device of the board
     * and each mode one its kind has. A bare name gets the kind's natural mode: out for an output, in for an
     * input, read for a sensor, rw for I2C, SPI and serial.
     *
     * @throws IllegalArgumentException naming the grant and what the board has instead
     */
    public Grants resolve(BoardDescription board) {
        LinkedHashSet<Grant> out = new LinkedHashSet<>();
        for (Grant g : grants) {
            DeviceSpec spec = board.device(g.name());
            if (spec == null)
                throw new IllegalArgumentException("grant '" + g + "': the board has no device '" + g.name() + "' ("
                        + (board.devices().isEmpty() ? "it has no devices: no board configured"
                                : "it has " + String.join(", ", board.devices().keySet())) + ")");
            List<String> modes = modesOf(spec);
            String mode = g.mode() == null ? modes.getLast() : g.mode();
            if (!modes.contains(mode))
                throw new IllegalArgumentException("grant '" + g + "': '" + g.name() + "' is " + spec.kind()
                        + ", which allows " + String.join(", ", modes));
            out.add(new Grant(g.name(), mode));
        }
        return new Grants(out);
    }

    /** The modes a device kind has; the last one is its natural mode. */
    static List<String> modesOf(DeviceSpec spec) {
        return switch (spec) {
            case DeviceSpec.Output o -> List.of("out");
            case DeviceSpec.Input i -> List.of("in");
            case DeviceSpec.SensorSpec s -> List.of("read");
            case DeviceSpec.I2c i -> List.of("read", "write", "rw");
            case DeviceSpec.Spi s -> List.of("rw");
            case DeviceSpec.Serial s -> List.of("read", "write", "rw");
        };
    }

    @Override
    public String toString() {
        return grants.toString();
    }
}
