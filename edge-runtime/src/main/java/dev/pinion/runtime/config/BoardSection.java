package dev.pinion.runtime.config;

import dev.pinion.device.Board;
import dev.pinion.device.BoardDescription;
import dev.pinion.device.DeviceSpec;
import dev.pinion.device.sim.PressScript;
import dev.pinion.device.sim.SimBoard;
import dev.pinion.device.sim.Waveform;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code board:} section: the gateway's devices by logical name. Either the word {@code sim} (the standard
 * simulated board, {@link SimBoard#standardDescription()}) or a map:
 *
 * <pre>
 * board:
 *   sysfs_root: /sys            # optional, where sysfs sensors are looked up (tests point it at a fake tree)
 *   dev_root: /dev              # optional, where gpiochip, i2c-N and spidev nodes are
 *   devices:
 *     led:       {kind: output, provider: gpiochip, chip: pinctrl-rp1, line: GPIO17}
 *     button:    {kind: input, provider: gpiochip, chip: pinctrl-rp1, line: GPIO27, active_low: true,
 *                 bias: pull_up, edges: both, debounce: 5ms}
 *     room_temp: {kind: sensor, provider: w1, device: 28-0000075cbe9a}
 *     eeprom:    {kind: i2c, provider: i2c-dev, bus: 1, address: 0x50}
 * </pre>
 *
 * Every device names its provider: nothing is guessed. Keys a provider does not use are errors, like every
 * unknown key. The example config ({@code pinion.example.yaml}) documents each key.
 */
public final class BoardSection {
    private BoardSection() {}

    /** Parses the section. */
    public static BoardDescription parse(ConfigNode board) {
        if (!board.isMap()) {
            if (board.string().equals("sim")) return SimBoard.standardDescription();
            throw board.error("expected \"sim\" or a map with a devices: key");
        }
        board.keys("devices", "sysfs_root", "dev_root");
        ConfigNode devices = board.get("devices");
        if (!devices.isMap()) throw devices.error("expected a map of device names to devices");
        BoardDescription.Builder b = BoardDescription.builder();
        for (var e : devices.entries().entrySet()) {
            ConfigNode d = e.getValue();
            if (d.isNull() || !d.isMap()) throw d.error("expected a map with kind: and provider:");
            DeviceSpec spec;
            try {
                spec = device(e.getKey(), d);
            } catch (IllegalArgumentException | NullPointerException ex) {
                throw d.error(ex.getMessage());
            }
            b.add(spec);
        }
        return b.build();
    }

    /** {@code base} with the section's {@code sysfs_root} and {@code dev_root}, when given. */
    public static Board.Options options(ConfigNode board, Board.Options base) {
        if (!board.isMap()) return base;
        Board.Options o = base;
        if (board.has("sysfs_root")) o = o.withSysfsRoot(board.get("sysfs_root").file());
        if (board.has("dev_root")) o = o.withDevRoot(board.get("dev_root").file());
        return o;
    }

    private static DeviceSpec device(String name, ConfigNode d) {
        String kind = d.get("kind").oneOf("output", "input", "sensor", "i2c", "spi", "serial");
        String provider = d.get("provider").oneOf(providers(kind));
        boolean sim = provider.equals("sim");
        return switch (kind) {
            case "output" -> {
                d.keys(with(sim, List.of("kind", "provider", "chip", "line", "active_low", "initial"), "wired_to"));
                yield new DeviceSpec.Output(name, provider, chip(d, sim), line(d, name, sim), flag(d, "active_low"),
                        flag(d, "initial"), d.find("wired_to").map(ConfigNode::string).orElse(null));
            }
            case "input" -> {
                d.keys(with(sim, List.of("kind", "provider", "chip", "line", "active_low", "bias", "edges",
                        "debounce"), "presses"));
                DeviceSpec.Bias bias = d.find("bias").map(n -> DeviceSpec.Bias.valueOf(
                        n.oneOf("as_is", "disabled", "pull_up", "pull_down").toUpperCase(Locale.ROOT)))
                        .orElse(DeviceSpec.Bias.AS_IS);
                DeviceSpec.Edges edges = d.find("edges").map(n -> DeviceSpec.Edges.valueOf(
                        n.oneOf("none", "rising", "falling", "both").toUpperCase(Locale.ROOT)))
                        .orElse(DeviceSpec.Edges.BOTH);
                Duration debounce = d.find("debounce").map(ConfigNode::duration).orElse(Duration.ZERO);
                yield new DeviceSpec.Input(name, provider, chip(d, sim), line(d, name, sim), flag(d, "active_low"),
                        bias, edges, debounce, d.find("presses").map(BoardSection::presses).orElse(null));
            }
            case "sensor" -> sim ? simSensor(name, d) : sysfsSensor(name, provider, d);
            case "i2c" -> {
                d.keys(with(sim, List.of("kind", "provider", "bus", "address"), "model"));
                String model = d.find("model").map(n -> n.oneOf(SimBoard.I2C_MODELS.stream().sorted()
                        .toArray(String[]::new))).orElse(null);
                yield new DeviceSpec.I2c(name, provider, d.get("bus").intValue(0, 1023),
                        d.get("address").intValue(0x03, 0x77), model);
            }
            case "spi" -> {
                d.keys(sim ? List.of("kind", "provider", "mode", "bits", "speed_hz").toArray(String[]::new)
                        : new String[] {"kind", "provider", "device", "mode", "bits", "speed_hz"});
                yield new DeviceSpec.Spi(name, provider, sim ? null : d.get("device").string(),
                        d.find("mode").map(n -> n.intValue(0, 3)).orElse(0),
                        d.find("bits").map(n -> n.intValue(1, 32)).orElse(8),
                        d.find("speed_hz").map(n -> n.intValue(1, Integer.MAX_VALUE)).orElse(1_000_000));
            }
            default -> {
                d.keys(sim ? new String[] {"kind", "provider", "baud"}
                        : new String[] {"kind", "provider", "device", "baud"});
                yield new DeviceSpec.Serial(name, provider, sim ? null : d.get("device").string(),
                        d.find("baud").map(n -> n.intValue(1, 4_000_000)).orElse(115_200));
            }
        };
    }

    private static String[] providers(String kind) {
        java.util.Set<String> p = switch (kind) {
            case "output" -> DeviceSpec.Output.PROVIDERS;
            case "input" -> DeviceSpec.Input.PROVIDERS;
            case "sensor" -> DeviceSpec.SensorSpec.PROVIDERS;
            case "i2c" -> DeviceSpec.I2c.PROVIDERS;
            case "spi" -> DeviceSpec.Spi.PROVIDERS;
            default -> DeviceSpec.Serial.PROVIDERS;
        };
        return p.stream().sorted().toArray(String[]::new);
    }

    private static String[] with(boolean sim, List<String> common, String simOnly) {
        List<String> keys = new ArrayList<>(common);
        if (sim) keys.add(simOnly);
        return keys.toArray(String[]::new);
    }

    private static boolean flag(ConfigNode d, String key) {
        return d.find(key).map(ConfigNode::bool).orElse(false);
    }

    /** gpiochip: the chip is required (label, name or path); sim has none. */
    private static String chip(ConfigNode d, boolean sim) {
        if (sim) {
            if (d.has("chip")) throw d.errorAt("chip", "a sim line has no chip");
            return null;
        }
        return d.get("chip").string();
    }

    /** The line's name or offset; a sim line defaults to the device's name. */
    private static String line(ConfigNode d, String name, boolean sim) {
        if (sim) return d.find("line").map(ConfigNode::string).orElse(name);
        return d.get("line").string();
    }

    private static PressScript presses(ConfigNode p) {
        p.keys("start", "every", "hold", "count");
        try {
            return new PressScript(p.find("start").map(ConfigNode::duration).orElse(Duration.ZERO),
                    p.get("every").duration(), p.find("hold").map(ConfigNode::duration).orElse(Duration.ofMillis(100)),
                    p.find("count").map(n -> n.intValue(0, Integer.MAX_VALUE)).orElse(0));
        } catch (IllegalArgumentException e) {
            throw p.error(e.getMessage());
        }
    }

    /** A simulated sensor: a unit and exactly one of value (constant), sine {min, max, period} or csv (file). */
    private static DeviceSpec simSensor(String name, ConfigNode d) {
        d.keys("kind", "provider", "unit", "value", "sine", "csv");
        List<String> given = new ArrayList<>();
        for (String k : List.of("value", "sine", "csv")) if (d.has(k)) given.add(k);
        if (given.size() != 1) throw d.error("a sim sensor needs exactly one of value, sine or csv");
        Waveform w = switch (given.getFirst()) {
            case "value" -> new Waveform.Constant(d.get("value").doubleValue());
            case "sine" -> {
                ConfigNode s = d.get("sine").keys("min", "max", "period");
                try {
                    yield new Waveform.Sine(s.get("min").doubleValue(), s.get("max").doubleValue(),
                            s.get("period").duration());
                } catch (IllegalArgumentException e) {
                    throw s.error(e.getMessage());
                }
            }
            default -> {
                ConfigNode f = d.get("csv");
                try {
                    yield Waveform.csv(f.file());
                } catch (IOException e) {
                    throw f.error(e.getMessage());
                }
            }
        };
        return new DeviceSpec.SensorSpec(name, "sim", null, null, d.get("unit").string(), w);
    }

    private static DeviceSpec sysfsSensor(String name, String provider, ConfigNode d) {
        boolean channel = provider.equals("iio") || provider.equals("hwmon");
        d.keys(channel ? new String[] {"kind", "provider", "device", "channel"}
                : new String[] {"kind", "provider", "device"});
        return new DeviceSpec.SensorSpec(name, provider, d.get("device").string(),
                channel ? d.get("channel").string() : null, null, null);
    }
}
