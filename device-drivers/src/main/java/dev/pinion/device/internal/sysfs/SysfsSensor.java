package dev.pinion.device.internal.sysfs;

import dev.pinion.device.DeviceException;
import dev.pinion.device.DeviceSpec;
import dev.pinion.device.Sensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Sensors the kernel already drives, read from sysfs text files under a configurable root: IIO
 * ({@code in_X_input}, or {@code (in_X_raw + in_X_offset) * in_X_scale}, the IIO ABI's formula, with the type's
 * shared scale/offset as fallback), hwmon ({@code tempN_input}, ...), thermal zones ({@code temp}) and 1-Wire
 * DS18B20 ({@code w1_slave}, whose CRC line must say YES and whose CRC byte is checked again here). Values are
 * converted from the kernel's milli-units to the unit this sensor reports.
 */
public final class SysfsSensor implements Sensor {
    private final DeviceSpec.SensorSpec spec;
    private final String unit;
    private final double factor;
    private final Reader reader;
    private final String where;

    @FunctionalInterface
    private interface Reader {
        double raw() throws IOException, DeviceException;
    }

    private SysfsSensor(DeviceSpec.SensorSpec spec, String unit, double factor, String where, Reader reader) {
        this.spec = spec;
        this.unit = unit;
        this.factor = factor;
        this.where = where;
        this.reader = reader;
    }

    public static SysfsSensor open(DeviceSpec.SensorSpec spec, Path sysfs) throws DeviceException {
        return switch (spec.provider()) {
            case "iio" -> iio(spec, sysfs);
            case "hwmon" -> hwmon(spec, sysfs);
            case "thermal" -> thermal(spec, sysfs);
            case "w1" -> w1(spec, sysfs);
            default -> throw new IllegalArgumentException("not a sysfs provider: " + spec.provider());
        };
    }

    @Override public String name() { return spec.name(); }

    @Override public String provider() { return spec.provider(); }

    @Override public String unit() { return unit; }

    @Override
    public double read() throws DeviceException {
        try {
            return reader.raw() * factor;
        } catch (NoSuchFileException e) {
            throw new DeviceException("sensor '" + spec.name() + "' (" + where + ") is gone: " + e.getFile()
                    + " no longer exists");
        } catch (IOException e) {
            throw new DeviceException("sensor '" + spec.name() + "' (" + where + "): " + e.getMessage());
        }
    }

    // ---- IIO ---------------------------------------------------------------------------------------------------

    private static SysfsSensor iio(DeviceSpec.SensorSpec spec, Path sysfs) throws DeviceException {
        Path dir = byNameOrDir(spec, sysfs.resolve("bus/iio/devices"), "iio:device\\d+", "name", "IIO device");
        String ch = spec.channel();
        String type = ch.replaceFirst("\\d+$", ""); // in_voltage0 -> in_voltage: shared attributes
        Unit u = Unit.iio(type.replaceFirst("^(in|out)_", ""));
        Path input = dir.resolve(ch + "_input");
        if (Files.isRegularFile(input)) return new SysfsSensor(spec, u.name, u.inputFactor, input.toString(),
                () -> number(input));
        Path raw = dir.resolve(ch + "_raw");
        if (!Files.isRegularFile(raw))
            throw new DeviceException("sensor '" + spec.name() + "': expected " + input + " or " + raw
                    + " (IIO channel '" + ch + "' of " + dir.getFileName() + ")");
        Path scale = first(dir.resolve(ch + "_scale"), dir.resolve(type + "_scale"));
        Path offset = first(dir.resolve(ch + "_offset"), dir.resolve(type + "_offset"));
        return new SysfsSensor(spec, u.name, u.rawFactor, raw.toString(), () -> {
            double r = number(raw);
            double o = offset == null ? 0 : number(offset);
            double s = scale == null ? 1 : number(scale);
            return (r + o) * s;
        });
    }

    private static Path first(Path a, Path b) {
        if (Files.isRegularFile(a)) return a;
        return Files.isRegularFile(b) ? b : null;
    }

    // ---- hwmon, thermal ------------------------------------------------------------------------------------

    private static SysfsSensor hwmon(DeviceSpec.SensorSpec spec, Path sysfs) throws DeviceException {
        Path dir = byNameOrDir(spec, sysfs.resolve("class/hwmon"), "hwmon\\d+", "name", "hwmon chip");
        Path input = dir.resolve(spec.channel() + "_input");
        if (!Files.isRegularFile(input))
            throw new DeviceException("sensor '" + spec.name() + "': expected " + input + " (hwmon channel '"
                    + spec.channel() + "' of " + dir.getFileName() + ")");
        Unit u = Unit.hwmon(spec.channel().replaceFirst("\\d+$", ""));
        return new SysfsSensor(spec, u.name, u.inputFactor, input.toString(), () -> number(input));
    }

    private static SysfsSensor thermal(DeviceSpec.SensorSpec spec, Path sysfs) throws DeviceException {
        Path dir = byNameOrDir(spec, sysfs.resolve("class/thermal"), "thermal_zone\\d+", "type", "thermal zone");
        Path temp = dir.resolve("temp");
        if (!Files.isRegularFile(temp))
            throw new DeviceException("sensor '" + spec.name() + "': expected " + temp + " (thermal zone "
                    + dir.getFileName() + ")");
        return new SysfsSensor(spec, "celsius", 0.001, temp.toString(), () -> number(temp));
    }

    // ---- 1-Wire DS18B20 ---------------------------------------------------------------------------------------

    private static SysfsSensor w1(DeviceSpec.SensorSpec spec, Path sysfs) throws DeviceException {
        Path slave = sysfs.resolve("bus/w1/devices").resolve(spec.device()).resolve("w1_slave");
        if (!Files.isRegularFile(slave))
            throw new DeviceException("sensor '" + spec.name() + "': expected " + slave + " (1-Wire slave '"
                    + spec.device() + "'; is the w1-gpio overlay and w1_therm loaded?)");
        return new SysfsSensor(spec, "celsius", 0.001, slave.toString(), () -> w1Millicelsius(slave));
    }

    /**
     * Parses w1_therm's two lines: {@code "72 01 4b 46 7f ff 0e 10 57 : crc=57 YES"} and
     * {@code "72 01 4b 46 7f ff 0e 10 57 t=23125"}. The kernel's YES is required, and the CRC-8 (Dallas/Maxim)
     * of the first eight bytes must equal the ninth, so a corrupted read never becomes a temperature.
     */
    static double w1Millicelsius(Path slave) throws IOException, DeviceException {
        List<String> lines = Files.readAllLines(slave, StandardCharsets.US_ASCII);
        if (lines.size() < 2) throw new DeviceException(slave + ": expected two lines, got " + lines.size());
        String crcLine = lines.get(0).strip();
        if (!crcLine.endsWith("YES"))
            throw new DeviceException(slave + ": CRC check failed (\"" + crcLine + "\")");
        String[] bytes = crcLine.split("\\s+");
        if (bytes.length < 9) throw new DeviceException(slave + ": malformed CRC line \"" + crcLine + "\"");
        byte[] scratch = new byte[9];
        try {
            for (int i = 0; i < 9; i++) scratch[i] = (byte) Integer.parseInt(bytes[i], 16);
        } catch (NumberFormatException e) {
            throw new DeviceException(slave + ": malformed CRC line \"" + crcLine + "\"");
        }
        if (crc8(scratch, 8) != (scratch[8] & 0xFF))
            throw new DeviceException(slave + ": scratchpad CRC mismatch (\"" + crcLine + "\")");
        String t = lines.get(1).strip();
        int at = t.lastIndexOf("t=");
        if (at < 0) throw new DeviceException(slave + ": no t= value in \"" + t + "\"");
        try {
            return Long.parseLong(t.substring(at + 2).strip());
        } catch (NumberFormatException e) {
            throw new DeviceException(slave + ": bad t= value in \"" + t + "\"");
        }
    }

    /** Dallas/Maxim CRC-8 (polynomial x^8 + x^5 + x^4 + 1, reflected 0x8C). */
    static int crc8(byte[] data, int len) {
        int crc = 0;
        for (int i = 0; i < len; i++) {
            int b = data[i] & 0xFF;
            for (int bit = 0; bit < 8; bit++) {
                int mix = (crc ^ b) & 1;
                crc >>= 1;
                if (mix != 0) crc ^= 0x8C;
                b >>= 1;
            }
        }
        return crc;
    }

    // ---- shared -------------------------------------------------------------------------------------------

    private static double number(Path p) throws IOException, DeviceException {
        String s = Files.readString(p, StandardCharsets.US_ASCII).strip();
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new DeviceException(p + ": expected a number, got \"" + s + "\"");
        }
    }

    /** The device directory: {@code device} is a directory name matching {@code dirPattern}, or the content of its name/type file. */
    private static Path byNameOrDir(DeviceSpec.SensorSpec spec, Path parent, String dirPattern, String nameFile,
            String what) throws DeviceException {
        String device = spec.device();
        if (device.matches(dirPattern)) {
            Path d = parent.resolve(device);
            if (!Files.isDirectory(d))
                throw new DeviceException("sensor '" + spec.name() + "': expected the " + what + " directory " + d);
            return d;
        }
        List<String> seen = new ArrayList<>();
        try (Stream<Path> s = Files.list(parent)) {
            for (Path d : s.sorted().toList()) {
                Path n = d.resolve(nameFile);
                if (!Files.isRegularFile(n)) continue;
                String name = Files.readString(n, StandardCharsets.UTF_8).strip();
                if (name.equals(device)) return d;
                seen.add(d.getFileName() + " '" + name + "'");
            }
        } catch (NoSuchFileException e) {
            throw new DeviceException("sensor '" + spec.name() + "': " + parent + " does not exist (no " + what
                    + "s on this system)");
        } catch (IOException e) {
            throw new DeviceException("sensor '" + spec.name() + "': cannot list " + parent + ": " + e.getMessage());
        }
        throw new DeviceException("sensor '" + spec.name() + "': no " + what + " with " + nameFile + " '" + device
                + "' under " + parent + (seen.isEmpty() ? "" : " (found: " + String.join(", ", seen) + ")"));
    }

    /** A unit and the factors from the kernel's numbers: _input (milli-units mostly) and processed raw values. */
    private record Unit(String name, double inputFactor, double rawFactor) {
        static Unit iio(String type) {
            return switch (type) {
                case "temp" -> new Unit("celsius", 0.001, 0.001);
                case "voltage" -> new Unit("volt", 0.001, 0.001);
                case "current" -> new Unit("ampere", 0.001, 0.001);
                case "humidityrelative" -> new Unit("percent", 0.001, 0.001);
                case "pressure" -> new Unit("kilopascal", 1, 1);
                case "illuminance" -> new Unit("lux", 1, 1);
                case "power" -> new Unit("watt", 0.001, 0.001);
                default -> new Unit(type.toLowerCase(Locale.ROOT), 1, 1);
            };
        }

        static Unit hwmon(String type) {
            return switch (type) {
                case "temp" -> new Unit("celsius", 0.001, 0.001);
                case "in" -> new Unit("volt", 0.001, 0.001);
                case "curr" -> new Unit("ampere", 0.001, 0.001);
                case "power" -> new Unit("watt", 1e-6, 1e-6);
                case "energy" -> new Unit("joule", 1e-6, 1e-6);
                case "humidity" -> new Unit("percent", 0.001, 0.001);
                case "fan" -> new Unit("rpm", 1, 1);
                default -> new Unit(type, 1, 1);
            };
        }
    }
}
