package dev.pinion.device;

import dev.pinion.device.internal.Providers;
import dev.pinion.device.sim.SimBoard;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The devices of one gateway, opened by logical name from a {@link BoardDescription}. Every device is opened once
 * at {@link #open} (so a missing one is reported at start, naming the path and what was expected), logged with
 * its provider, shared by every user, and closed with the board. Thread-safe.
 */
public final class Board implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.pinion.device.Board");

    private final BoardDescription description;
    private final Map<String, Device> devices;
    private final List<AutoCloseable> closers;
    private final SimBoard sim;

    private Board(BoardDescription description, Map<String, Device> devices, List<AutoCloseable> closers,
            SimBoard sim) {
        this.description = description;
        this.devices = Collections.unmodifiableMap(devices);
        this.closers = closers;
        this.sim = sim;
    }

    /**
     * Where the Linux providers look and which simulated hardware backs {@code sim} devices.
     *
     * @param sysfsRoot       {@code /sys} normally; a temp tree in tests
     * @param devRoot         {@code /dev} normally (gpiochip nodes and {@code i2c-N} are found here)
     * @param serialNativeDir where jssc's native library is extracted and loaded from (a directory the service
     *                        may execute from); null for jssc's default (a temp directory)
     * @param sim             the simulated hardware; null: a new {@link SimBoard} if the description has sim devices
     */
    public record Options(Path sysfsRoot, Path devRoot, Path serialNativeDir, SimBoard sim) {
        public static final Options DEFAULTS = new Options(Path.of("/sys"), Path.of("/dev"), null, null);

        public Options {
            Objects.requireNonNull(sysfsRoot, "sysfsRoot");
            Objects.requireNonNull(devRoot, "devRoot");
        }

        public Options withSysfsRoot(Path p) { return new Options(p, devRoot, serialNativeDir, sim); }

        public Options withDevRoot(Path p) { return new Options(sysfsRoot, p, serialNativeDir, sim); }

        public Options withSerialNativeDir(Path p) { return new Options(sysfsRoot, devRoot, p, sim); }

        public Options withSim(SimBoard s) { return new Options(sysfsRoot, devRoot, serialNativeDir, s); }
    }

    /**
     * Opens every device of {@code description}. On a failure, the devices already opened are closed again and
     * the exception names the device, its address and what went wrong.
     */
    public static Board open(BoardDescription description, Options options) throws DeviceException {
        SimBoard sim = options.sim();
        boolean ownSim = false;
        if (sim == null && description.devices().values().stream().anyMatch(s -> s.provider().equals("sim"))) {
            sim = new SimBoard();
            ownSim = true;
        }
        Map<String, Device> opened = new LinkedHashMap<>();
        List<AutoCloseable> closers = new ArrayList<>();
        if (ownSim) closers.add(sim);
        try {
            for (DeviceSpec spec : description.devices().values()) {
                Device d;
                if (spec.provider().equals("sim")) {
                    d = sim.open(spec);
                } else {
                    d = Providers.open(spec, options);
                }
                opened.put(spec.name(), d);
                if (d instanceof AutoCloseable c) closers.add(c);
                LOG.log(System.Logger.Level.INFO, "device " + spec.name() + ": " + spec.kind() + " on "
                        + spec.address());
            }
        } catch (DeviceException | RuntimeException e) {
            closeAll(closers);
            throw e;
        }
        return new Board(description, opened, closers, sim);
    }

    public BoardDescription description() {
        return description;
    }

    /** The simulated hardware behind this board's {@code sim} devices (to script it), or null if it has none. */
    public SimBoard sim() {
        return sim;
    }

    /** Every device by logical name, in declaration order. */
    public Map<String, Device> devices() {
        return devices;
    }

    /** The device named {@code name}, or null. */
    public Device device(String name) {
        return devices.get(name);
    }

    public DigitalOutput output(String name) {
        return typed(name, DigitalOutput.class, "an output");
    }

    public DigitalInput input(String name) {
        return typed(name, DigitalInput.class, "an input");
    }

    public Sensor sensor(String name) {
        return typed(name, Sensor.class, "a sensor");
    }

    public I2cDevice i2c(String name) {
        return typed(name, I2cDevice.class, "an I2C device");
    }

    public SpiDevice spi(String name) {
        return typed(name, SpiDevice.class, "an SPI device");
    }

    public SerialPort serial(String name) {
        return typed(name, SerialPort.class, "a serial port");
    }

    private <T extends Device> T typed(String name, Class<T> type, String what) {
        Device d = devices.get(name);
        if (d == null) throw new IllegalArgumentException("the board has no device '" + name + "'");
        if (!type.isInstance(d))
            throw new IllegalArgumentException("device '" + name + "' is not " + what + " (it is "
                    + description.device(name).kind() + ")");
        return type.cast(d);
    }

    /** Closes every device (and a simulated board this board created). */
    @Override
    public void close() {
        closeAll(closers);
    }

    private static void closeAll(List<AutoCloseable> closers) {
        for (int i = closers.size() - 1; i >= 0; i--) {
            try {
                closers.get(i).close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "closing a device failed: " + e.getMessage());
            }
        }
        closers.clear();
    }
}
