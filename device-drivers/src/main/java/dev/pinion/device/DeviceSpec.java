package dev.pinion.device;

import dev.pinion.device.sim.PressScript;
import dev.pinion.device.sim.Waveform;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * What one logical device is and where it lives: its kind, the provider that drives it (chosen explicitly, never
 * guessed) and the provider's address. Fields that only the simulated board uses are null elsewhere.
 */
public sealed interface DeviceSpec {
    /** The logical name a module opens it by. */
    String name();

    /** The provider: see each kind's {@code PROVIDERS}. */
    String provider();

    /** The kind as written in a board description: output, input, sensor, i2c, spi, serial. */
    String kind();

    /** Where the device lives, for log lines and error messages. */
    String address();

    /**
     * A GPIO output line.
     *
     * @param chip    gpiochip provider: the chip's label ({@code pinctrl-rp1}), name ({@code gpiochip0}) or path;
     *                unused by sim
     * @param line    the line's name ({@code GPIO17}) or offset ({@code 17}); for sim the simulated line's name
     * @param wiredTo sim only: the simulated line this output is wired to (its level drives that input), or null
     */
    record Output(String name, String provider, String chip, String line, boolean activeLow, boolean initial,
            String wiredTo) implements DeviceSpec {
        public static final Set<String> PROVIDERS = Set.of("gpiochip", "sim");

        public Output {
            check(name, provider, PROVIDERS, "output");
            Objects.requireNonNull(line, "line");
        }

        @Override public String kind() { return "output"; }

        @Override public String address() { return lineAddress(provider, chip, line); }
    }

    /**
     * A GPIO input line.
     *
     * @param bias     as_is, disabled, pull_up or pull_down
     * @param edges    which edges are reported: none, rising, falling, both (logical, after active_low)
     * @param debounce debounce period, or {@link Duration#ZERO} for none
     * @param presses  sim only: scripted button presses, or null
     */
    record Input(String name, String provider, String chip, String line, boolean activeLow, Bias bias,
            Edges edges, Duration debounce, PressScript presses) implements DeviceSpec {
        public static final Set<String> PROVIDERS = Set.of("gpiochip", "sim");

        public Input {
            check(name, provider, PROVIDERS, "input");
            Objects.requireNonNull(line, "line");
            Objects.requireNonNull(bias, "bias");
            Objects.requireNonNull(edges, "edges");
            Objects.requireNonNull(debounce, "debounce");
            if (debounce.isNegative()) throw new IllegalArgumentException("debounce must not be negative");
        }

        @Override public String kind() { return "input"; }

        @Override public String address() { return lineAddress(provider, chip, line); }
    }

    /** Line bias, as the kernel's GPIO_V2_LINE_FLAG_BIAS_* flags. */
    enum Bias { AS_IS, DISABLED, PULL_UP, PULL_DOWN }

    /** Which edges an input reports. */
    enum Edges { NONE, RISING, FALLING, BOTH }

    /**
     * A numeric sensor.
     *
     * @param device   iio: the device's {@code name} or directory ({@code iio:device0}); hwmon: its {@code name}
     *                 or {@code hwmon0}; thermal: the zone's {@code type} or {@code thermal_zone0}; w1: the slave
     *                 id ({@code 28-0000075cbe9a}); sim: unused
     * @param channel  iio: the channel prefix ({@code in_temp}, {@code in_voltage0}); hwmon: {@code temp1},
     *                 {@code in0}, ...; others: unused
     * @param unit     sim: the unit it reports; sysfs providers derive the unit from the channel
     * @param waveform sim only: what the readings follow
     */
    record SensorSpec(String name, String provider, String device, String channel, String unit, Waveform waveform)
            implements DeviceSpec {
        public static final Set<String> PROVIDERS = Set.of("iio", "hwmon", "thermal", "w1", "sim");

        public SensorSpec {
            check(name, provider, PROVIDERS, "sensor");
            if (provider.equals("sim")) {
                Objects.requireNonNull(waveform, "a sim sensor needs a waveform");
                Objects.requireNonNull(unit, "a sim sensor needs a unit");
            } else {
                Objects.requireNonNull(device, "a " + provider + " sensor needs a device");
                if ((provider.equals("iio") || provider.equals("hwmon")) && channel == null)
                    throw new IllegalArgumentException("an " + provider + " sensor needs a channel");
            }
        }

        @Override public String kind() { return "sensor"; }

        @Override
        public String address() {
            if (provider.equals("sim")) return "sim " + waveform;
            return provider + " " + device + (channel == null ? "" : " " + channel);
        }
    }

    /**
     * A device on an I2C bus.
     *
     * @param model sim only: the simulated chip at the address ({@code temp_sensor} or {@code eeprom}), or null
     *              for an empty address that NACKs
     */
    record I2c(String name, String provider, int bus, int address7, String model) implements DeviceSpec {
        public static final Set<String> PROVIDERS = Set.of("i2c-dev", "sim");

        public I2c {
            check(name, provider, PROVIDERS, "i2c");
            if (bus < 0) throw new IllegalArgumentException("bus must be >= 0, got " + bus);
            if (address7 < 0x03 || address7 > 0x77)
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "address must be a 7-bit device address 0x03..0x77, got 0x%02x", address7));
        }

        @Override public String kind() { return "i2c"; }

        @Override
        public String address() {
            return String.format(Locale.ROOT, "%s bus %d address 0x%02x", provider, bus, address7);
        }
    }

    /**
     * An SPI device.
     *
     * @param device spidev: the node ({@code /dev/spidev0.0}); sim: unused (a loopback: MISO wired to MOSI)
     * @param mode   SPI mode 0..3 (CPOL, CPHA)
     */
    record Spi(String name, String provider, String device, int mode, int bitsPerWord, int speedHz)
            implements DeviceSpec {
        public static final Set<String> PROVIDERS = Set.of("spidev", "sim");

        public Spi {
            check(name, provider, PROVIDERS, "spi");
            if (provider.equals("spidev")) Objects.requireNonNull(device, "an spidev device needs a device path");
            if (mode < 0 || mode > 3) throw new IllegalArgumentException("mode must be 0..3, got " + mode);
            if (bitsPerWord < 1 || bitsPerWord > 32)
                throw new IllegalArgumentException("bits must be 1..32, got " + bitsPerWord);
            if (speedHz <= 0) throw new IllegalArgumentException("speed_hz must be positive, got " + speedHz);
        }

        @Override public String kind() { return "spi"; }

        @Override
        public String address() {
            return provider + " " + (device == null ? "loopback" : device) + " mode " + mode + ", " + bitsPerWord
                    + " bits, " + speedHz + " Hz";
        }
    }

    /**
     * A serial port, 8N1.
     *
     * @param device jssc: the tty ({@code /dev/ttyAMA0}); sim: unused (a loopback: TX wired to RX)
     */
    record Serial(String name, String provider, String device, int baud) implements DeviceSpec {
        public static final Set<String> PROVIDERS = Set.of("jssc", "sim");

        public Serial {
            check(name, provider, PROVIDERS, "serial");
            if (provider.equals("jssc")) Objects.requireNonNull(device, "a jssc serial port needs a device path");
            if (baud <= 0) throw new IllegalArgumentException("baud must be positive, got " + baud);
        }

        @Override public String kind() { return "serial"; }

        @Override
        public String address() {
            return provider + " " + (device == null ? "loopback" : device) + " " + baud + " baud";
        }
    }

    private static void check(String name, String provider, Set<String> allowed, String kind) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(provider, "provider");
        if (!validName(name))
            throw new IllegalArgumentException("device name '" + name + "' must be 1-64 characters of a-z, 0-9, _ or -,"
                    + " starting with a letter");
        if (!allowed.contains(provider))
            throw new IllegalArgumentException("provider '" + provider + "' cannot drive a " + kind + "; one of "
                    + new java.util.TreeSet<>(allowed));
    }

    /** Logical names are what a guest passes as a string, so they are kept to a plain, portable alphabet. */
    static boolean validName(String name) {
        if (name.isEmpty() || name.length() > 64) return false;
        if (name.charAt(0) < 'a' || name.charAt(0) > 'z') return false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return false;
        }
        return true;
    }

    private static String lineAddress(String provider, String chip, String line) {
        return provider.equals("sim") ? "sim line '" + line + "'" : "gpiochip '" + chip + "' line '" + line + "'";
    }
}
