package dev.pinion.device.sim;

import dev.pinion.device.Board;
import dev.pinion.device.BoardDescription;
import dev.pinion.device.Device;
import dev.pinion.device.DeviceException;
import dev.pinion.device.DeviceSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Simulated hardware behind the {@code sim} provider: GPIO lines (with bias, wiring and scripted button presses),
 * sensors that follow a {@link Waveform}, I2C buses with register chips, SPI and serial loopbacks. It behaves like
 * the real thing where a module could tell: an input cannot be driven by its reader, a line driven by an output
 * or a wire cannot be pushed by a script, edges carry monotonic timestamps, an empty I2C address NACKs, and an
 * unplugged device fails its I/O.
 *
 * <p>One SimBoard is the hardware of one {@link Board}: pass it in {@link Board.Options#withSim}, keep the
 * reference to script it ({@link #press}, {@link #setSensor}, {@link #onLevel} to watch an LED).
 *
 * <pre>{@code
 * SimBoard sim = new SimBoard();
 * try (Board board = Board.open(SimBoard.standardDescription(), Board.Options.DEFAULTS.withSim(sim))) {
 *     sim.press("button");                        // the module's input sees a falling... logical rising edge
 *     board.output("led").set(true);
 *     boolean lit = sim.level("led");             // true
 * }
 * }</pre>
 */
public final class SimBoard implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.pinion.device.sim.SimBoard");

    final long startNanos = System.nanoTime();
    private final Map<String, SimLine> lines = new HashMap<>();
    private final Map<Integer, Map<Integer, RegisterChip>> i2cBuses = new HashMap<>();
    private final Map<String, SimSerial> serials = new HashMap<>();
    private final Map<String, SimSensor> sensors = new HashMap<>();
    private final Set<String> unplugged = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService scheduler;

    /**
     * The board {@code pinion run --board sim} and {@code pinion demo} use: {@code led} (output), {@code button}
     * (input, active-low with pull-up, both edges, pressed for 150 ms every 400 ms from 300 ms on), {@code relay}
     * (output wired to the input {@code relay_sense}), {@code room_temp} (celsius, 20..23 sine over 60 s),
     * {@code humidity} (percent, 40..60 over 90 s), {@code thermometer} (I2C bus 1 at 0x48: {@code temp_sensor}
     * chip), {@code eeprom} (I2C bus 1 at 0x50: 256-byte EEPROM), {@code spi_loop} (SPI loopback) and
     * {@code console} (serial loopback, 115200 baud).
     */
    public static BoardDescription standardDescription() {
        return BoardDescription.builder()
                .add(new DeviceSpec.Output("led", "sim", null, "led", false, false, null))
                .add(new DeviceSpec.Input("button", "sim", null, "button", true, DeviceSpec.Bias.PULL_UP,
                        DeviceSpec.Edges.BOTH, Duration.ZERO,
                        new PressScript(Duration.ofMillis(300), Duration.ofMillis(400), Duration.ofMillis(150), 0)))
                .add(new DeviceSpec.Output("relay", "sim", null, "relay", false, false, "relay_sense"))
                .add(new DeviceSpec.Input("relay_sense", "sim", null, "relay_sense", false, DeviceSpec.Bias.PULL_DOWN,
                        DeviceSpec.Edges.BOTH, Duration.ZERO, null))
                .add(new DeviceSpec.SensorSpec("room_temp", "sim", null, null, "celsius",
                        new Waveform.Sine(20, 23, Duration.ofSeconds(60))))
                .add(new DeviceSpec.SensorSpec("humidity", "sim", null, null, "percent",
                        new Waveform.Sine(40, 60, Duration.ofSeconds(90))))
                .add(new DeviceSpec.I2c("thermometer", "sim", 1, 0x48, "temp_sensor"))
                .add(new DeviceSpec.I2c("eeprom", "sim", 1, 0x50, "eeprom"))
                .add(new DeviceSpec.Spi("spi_loop", "sim", null, 0, 8, 1_000_000))
                .add(new DeviceSpec.Serial("console", "sim", null, 115_200))
                .build();
    }

    /**
     * Opens {@link #standardDescription()} on a new SimBoard that the board owns (closing the board stops its
     * scripts); {@link Board#sim()} returns it for scripting.
     */
    public static Board openStandard() throws DeviceException {
        return Board.open(standardDescription(), Board.Options.DEFAULTS);
    }

    /** The models an I2C spec may name: {@code temp_sensor} and {@code eeprom}. */
    public static final Set<String> I2C_MODELS = Set.of(RegisterChip.TEMP_SENSOR, RegisterChip.EEPROM);

    /** Called by {@link Board#open}: the device for a {@code sim} spec, backed by this simulated hardware. */
    public synchronized Device open(DeviceSpec spec) throws DeviceException {
        return switch (spec) {
            case DeviceSpec.Output o -> openOutput(o);
            case DeviceSpec.Input in -> openInput(in);
            case DeviceSpec.SensorSpec s -> {
                SimSensor sensor = new SimSensor(this, s);
                sensors.put(s.name(), sensor);
                yield sensor;
            }
            case DeviceSpec.I2c i -> openI2c(i);
            case DeviceSpec.Spi s -> new SimSpi(this, s);
            case DeviceSpec.Serial s -> {
                SimSerial port = new SimSerial(this, s);
                serials.put(s.name(), port);
                yield port;
            }
        };
    }

    private SimOutput openOutput(DeviceSpec.Output o) throws DeviceException {
        SimLine line = line(o.line());
        if (line.driver != null)
            throw new DeviceException("sim line '" + o.line() + "' is already driven by output '" + line.driver.name()
                    + "'; output '" + o.name() + "' cannot drive it too");
        if (line.wiredFrom != null)
            throw new DeviceException("sim line '" + o.line() + "' is driven by a wire from '" + line.wiredFrom.name
                    + "'; output '" + o.name() + "' cannot drive it too");
        SimOutput out = new SimOutput(this, o, line);
        line.driver = out;
        if (o.wiredTo() != null) wire(o.line(), o.wiredTo());
        setLevel(line, o.initial() ^ o.activeLow());
        return out;
    }

    private SimInput openInput(DeviceSpec.Input in) {
        SimLine line = line(in.line());
        SimInput input = new SimInput(this, in, line);
        line.readers.add(input);
        if (line.driver == null && line.wiredFrom == null) {
            if (in.bias() == DeviceSpec.Bias.PULL_UP) line.high = true;
            else if (in.bias() == DeviceSpec.Bias.PULL_DOWN) line.high = false;
            line.idleHigh = line.high;
        }
        if (in.presses() != null) schedulePresses(in.line(), in.presses());
        return input;
    }

    private SimI2c openI2c(DeviceSpec.I2c i) throws DeviceException {
        Map<Integer, RegisterChip> bus = i2cBuses.computeIfAbsent(i.bus(), b -> new HashMap<>());
        if (i.model() != null) {
            if (bus.containsKey(i.address7()))
                throw new DeviceException(String.format("sim I2C bus %d address 0x%02x already has a chip; "
                        + "device '%s' cannot add another", i.bus(), i.address7(), i.name()));
            bus.put(i.address7(), RegisterChip.create(i.model(), this));
        }
        return new SimI2c(this, i);
    }

    // ---- scripting -------------------------------------------------------------------------------------------

    /** Presses a button: drives the line to the level its input reads as active, until {@link #release}. */
    public synchronized void press(String line) {
        SimLine l = scriptable(line);
        setLevel(l, l.activeLevel());
    }

    /** Releases a button: the line returns to its bias level. */
    public synchronized void release(String line) {
        SimLine l = scriptable(line);
        setLevel(l, l.idleHigh);
    }

    /** Presses, and releases {@code hold} later on the board's script thread. */
    public void click(String line, Duration hold) {
        press(line);
        scheduler().schedule(() -> release(line), hold.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Runs a press script on the board's script thread. */
    public void schedulePresses(String line, PressScript script) {
        scriptable(line);
        long every = script.every().toNanos();
        long[] done = {0};
        Runnable[] self = new Runnable[1];
        self[0] = () -> {
            if (script.count() > 0 && done[0] >= script.count()) return;
            done[0]++;
            try {
                click(line, script.hold());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "sim: press of '" + line + "' failed: " + e.getMessage());
                return;
            }
            scheduler().schedule(self[0], every, TimeUnit.NANOSECONDS);
        };
        scheduler().schedule(self[0], script.start().toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Drives a line that no output and no wire drives, to an electrical level (true = high). */
    public synchronized void drive(String line, boolean high) {
        setLevel(scriptable(line), high);
    }

    /** A line's electrical level (true = high), e.g. to watch an LED. */
    public synchronized boolean level(String line) {
        return line(line).high;
    }

    /** Calls {@code listener} with each new electrical level of {@code line}; close to stop. */
    public synchronized AutoCloseable onLevel(String line, Consumer<Boolean> listener) {
        SimLine l = line(line);
        l.levelListeners.add(listener);
        return () -> l.levelListeners.remove(listener);
    }

    /** Wires an output line to an input line: the input then follows the output's electrical level. */
    public synchronized void wire(String from, String to) throws DeviceException {
        SimLine a = line(from), b = line(to);
        if (a == b) throw new DeviceException("sim line '" + from + "' cannot be wired to itself");
        if (b.driver != null) throw new DeviceException("sim line '" + to + "' is driven by output '"
                + b.driver.name() + "'; two outputs must not be wired together");
        if (b.wiredFrom != null && b.wiredFrom != a)
            throw new DeviceException("sim line '" + to + "' is already wired to '" + b.wiredFrom.name + "'");
        for (SimLine x = a; x != null; x = x.wiredFrom)
            if (x == b) throw new DeviceException("wiring '" + from + "' to '" + to + "' would make a loop");
        b.wiredFrom = a;
        a.wiredTo.add(b);
        setLevel(b, a.high);
    }

    /** Makes a sensor read {@code value} until {@link #clearSensor}. */
    public void setSensor(String name, double value) {
        sensor(name).override = value;
    }

    /** Returns a sensor to its waveform. */
    public void clearSensor(String name) {
        sensor(name).override = null;
    }

    /** Unplugs a device: its I/O fails (EIO to a module) until {@link #plug}. */
    public void unplug(String name) {
        unplugged.add(name);
    }

    public void plug(String name) {
        unplugged.remove(name);
    }

    /** Bytes arriving at a simulated serial port's receiver, as if sent by the far end. */
    public synchronized void inject(String serialName, byte[] bytes) {
        SimSerial s = serials.get(serialName);
        if (s == null) throw new IllegalArgumentException("no sim serial port '" + serialName + "' is open");
        s.receive(bytes, 0, bytes.length);
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) scheduler.shutdownNow();
    }

    // ---- internals used by the sim devices ----------------------------------------------------------------

    void checkPlugged(String name) throws DeviceException {
        if (unplugged.contains(name)) throw new DeviceException("device '" + name + "' is gone (sim: unplugged)");
    }

    long elapsedNanos() {
        return System.nanoTime() - startNanos;
    }

    synchronized RegisterChip chipAt(int bus, int address) {
        Map<Integer, RegisterChip> b = i2cBuses.get(bus);
        return b == null ? null : b.get(address);
    }

    /** Sets a line's electrical level; on a change, inputs on it see an edge and wired lines follow. */
    synchronized void setLevel(SimLine line, boolean high) {
        if (line.high == high) return;
        line.high = high;
        long now = System.nanoTime();
        for (SimInput in : line.readers) in.edges.level(high ^ in.spec.activeLow(), now);
        for (Consumer<Boolean> l : line.levelListeners) {
            try {
                l.accept(high);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "sim: level listener of '" + line.name + "' failed: " + e);
            }
        }
        for (SimLine w : line.wiredTo) setLevel(w, high);
    }

    private SimLine line(String name) {
        return lines.computeIfAbsent(name, SimLine::new);
    }

    private SimLine scriptable(String name) {
        synchronized (this) {
            SimLine l = lines.get(name);
            if (l == null) throw new IllegalArgumentException("no sim line '" + name + "'");
            if (l.driver != null)
                throw new IllegalStateException("sim line '" + name + "' is driven by output '" + l.driver.name()
                        + "'; a script cannot push it");
            if (l.wiredFrom != null)
                throw new IllegalStateException("sim line '" + name + "' is wired to '" + l.wiredFrom.name
                        + "'; a script cannot push it");
            return l;
        }
    }

    private SimSensor sensor(String name) {
        SimSensor s;
        synchronized (this) {
            s = sensors.get(name);
        }
        if (s == null) throw new IllegalArgumentException("no sim sensor '" + name + "' is open");
        return s;
    }

    private synchronized ScheduledExecutorService scheduler() {
        if (scheduler == null) {
            ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "pinion-sim-board");
                t.setDaemon(true);
                return t;
            });
            s.setRemoveOnCancelPolicy(true);
            scheduler = s;
        }
        return scheduler;
    }

    /** One simulated line (a pin): electrical level, who drives it, who reads it. */
    static final class SimLine {
        final String name;
        boolean high;
        boolean idleHigh;
        SimOutput driver;
        SimLine wiredFrom;
        final List<SimLine> wiredTo = new ArrayList<>();
        final List<SimInput> readers = new ArrayList<>();
        final List<Consumer<Boolean>> levelListeners = new CopyOnWriteArrayList<>();

        SimLine(String name) {
            this.name = name;
        }

        /** The level that reads as active: a pressed button connects the line away from its bias. */
        boolean activeLevel() {
            return readers.isEmpty() ? true : !readers.getFirst().spec.activeLow();
        }
    }
}
