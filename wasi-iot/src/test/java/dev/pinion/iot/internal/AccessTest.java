package dev.pinion.iot.internal;

import static org.junit.jupiter.api.Assertions.*;

import dev.pinion.device.Board;
import dev.pinion.device.BoardDescription;
import dev.pinion.device.DeviceSpec;
import dev.pinion.device.sim.SimBoard;
import dev.pinion.engine.ValType;
import dev.pinion.iot.Grants;
import dev.pinion.wasi.internal.Errno;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A module can never reach what it was not granted: every open with every ungranted name and mode is EACCES,
 * operations beyond the granted mode are EACCES, forged, closed, wrong-kind and other instances' handles are
 * EBADF, and bad pointers are EFAULT with no side effect.
 */
class AccessTest {
    static Board board;
    static final String[] OPENS = {"pinion_gpio.open", "pinion_sensor.open", "pinion_i2c.open", "pinion_spi.open",
        "pinion_serial.open"};

    @BeforeAll
    static void openBoard() throws Exception {
        BoardDescription.Builder b = BoardDescription.builder();
        SimBoard.standardDescription().devices().values().forEach(b::add);
        b.add(new DeviceSpec.I2c("ghost", "sim", 1, 0x29, null));
        board = Board.open(b.build(), Board.Options.DEFAULTS.withSim(new SimBoard()));
    }

    @AfterAll
    static void closeBoard() {
        board.close();
    }

    private static List<String> candidateNames() {
        List<String> names = new ArrayList<>(board.devices().keySet());
        names.addAll(List.of("", "LED", "led ", "led\0", "../led", "nope", "x".repeat(300), "\u00e9"));
        return names;
    }

    private static int openErrno(IotGuest g, String fn, String name, int mode) {
        long[] n = g.str(name);
        int out = g.alloc(4);
        return fn.equals("pinion_gpio.open") ? g.call(fn, n[0], n[1], mode, out) : g.call(fn, n[0], n[1], out);
    }

    @Test
    void noGrants_everyOpenOfEveryName_isEacces() {
        IotGuest g = new IotGuest(board, Grants.NONE);
        int calls = 0;
        for (String fn : OPENS) {
            for (String name : candidateNames()) {
                for (int mode = 0; mode < 2; mode++) {
                    assertEquals(Errno.EACCES, openErrno(g, fn, name, mode), fn + " '" + name + "' mode " + mode);
                    calls++;
                }
            }
        }
        assertTrue(calls > 100);
        assertEquals(0, g.ctx.handles.size());
    }

    @Test
    void grantedNames_onlyInTheirMode_andOnlyThroughTheirModule() {
        IotGuest g = new IotGuest(board, Grants.parse(List.of("led:out", "button:in", "room_temp:read",
                "eeprom:read", "console:write", "spi_loop:rw", "thermometer:rw")));
        // wrong direction for the GPIO lines
        assertEquals(Errno.EACCES, openErrno(g, "pinion_gpio.open", "led", 0));
        assertEquals(Errno.EACCES, openErrno(g, "pinion_gpio.open", "button", 1));
        // every granted name through every other module's open: the grant is for one kind of access only
        String[][] granted = {{"led", "pinion_gpio.open"}, {"button", "pinion_gpio.open"},
            {"room_temp", "pinion_sensor.open"}, {"eeprom", "pinion_i2c.open"}, {"console", "pinion_serial.open"},
            {"spi_loop", "pinion_spi.open"}, {"thermometer", "pinion_i2c.open"}};
        for (String[] pair : granted) {
            for (String fn : OPENS) {
                if (fn.equals(pair[1])) continue;
                assertEquals(Errno.EACCES, openErrno(g, fn, pair[0], 0), fn + " " + pair[0]);
                assertEquals(Errno.EACCES, openErrno(g, fn, pair[0], 1), fn + " " + pair[0]);
            }
        }
        // ungranted names of the same kinds stay closed
        assertEquals(Errno.EACCES, openErrno(g, "pinion_gpio.open", "relay", 1));
        assertEquals(Errno.EACCES, openErrno(g, "pinion_gpio.open", "relay_sense", 0));
        assertEquals(Errno.EACCES, openErrno(g, "pinion_sensor.open", "humidity", 0));
        assertEquals(Errno.EACCES, openErrno(g, "pinion_i2c.open", "ghost", 0));
        // a granted name in its mode works
        assertEquals(0, openErrno(g, "pinion_gpio.open", "led", 1));
    }

    @Test
    void operationsBeyondTheGrantedMode_areEacces() {
        IotGuest g = new IotGuest(board, Grants.parse(List.of("eeprom:read", "thermometer:write", "console:write")));
        int ro = g.handle("pinion_i2c", "eeprom"), wo = g.handle("pinion_i2c", "thermometer");
        int buf = g.alloc(16);
        assertEquals(0, g.call("pinion_i2c.read", ro, buf, 4));
        assertEquals(Errno.EACCES, g.call("pinion_i2c.write", ro, buf, 2));
        assertEquals(Errno.EACCES, g.call("pinion_i2c.write_read", ro, buf, 1, buf + 8, 1));
        assertEquals(0, g.call("pinion_i2c.write", wo, buf, 1));
        assertEquals(Errno.EACCES, g.call("pinion_i2c.read", wo, buf, 1));
        assertEquals(Errno.EACCES, g.call("pinion_i2c.write_read", wo, buf, 1, buf + 8, 1));
        int serial = g.handle("pinion_serial", "console");
        int out = g.alloc(4);
        assertEquals(0, g.call("pinion_serial.write", serial, buf, 3, out));
        assertEquals(Errno.EACCES, g.call("pinion_serial.read", serial, buf, 3, 0L, out));
    }

    /** Every function that takes a handle, with an argument list where only the handle is wrong. */
    private static List<Object[]> handleCalls(IotGuest g) {
        int buf = g.alloc(64), out = g.alloc(16);
        List<Object[]> calls = new ArrayList<>();
        calls.add(new Object[] {"pinion_gpio.close", new long[] {0}});
        calls.add(new Object[] {"pinion_gpio.write", new long[] {0, 1}});
        calls.add(new Object[] {"pinion_gpio.read", new long[] {0, out}});
        calls.add(new Object[] {"pinion_gpio.wait_edge", new long[] {0, 0, out}});
        calls.add(new Object[] {"pinion_sensor.close", new long[] {0}});
        calls.add(new Object[] {"pinion_sensor.read", new long[] {0, out}});
        calls.add(new Object[] {"pinion_sensor.unit", new long[] {0, buf, 16, out}});
        calls.add(new Object[] {"pinion_i2c.close", new long[] {0}});
        calls.add(new Object[] {"pinion_i2c.write", new long[] {0, buf, 1}});
        calls.add(new Object[] {"pinion_i2c.read", new long[] {0, buf, 1}});
        calls.add(new Object[] {"pinion_i2c.write_read", new long[] {0, buf, 1, buf + 8, 1}});
        calls.add(new Object[] {"pinion_spi.close", new long[] {0}});
        calls.add(new Object[] {"pinion_spi.transfer", new long[] {0, buf, buf + 8, 4}});
        calls.add(new Object[] {"pinion_serial.close", new long[] {0}});
        calls.add(new Object[] {"pinion_serial.write", new long[] {0, buf, 1, out}});
        calls.add(new Object[] {"pinion_serial.read", new long[] {0, buf, 1, 0, out}});
        return calls;
    }

    private static int callWithHandle(IotGuest g, Object[] call, long handle) {
        long[] args = ((long[]) call[1]).clone();
        args[0] = handle;
        return g.call((String) call[0], args);
    }

    @Test
    void forgedHandles_areEbadf_inEveryFunction() {
        IotGuest g = new IotGuest(board, Grants.parse(List.of("led", "button", "room_temp", "eeprom", "spi_loop",
                "console")));
        int[] real = {g.handle("pinion_gpio", "led", 1), g.handle("pinion_gpio", "button", 0),
            g.handle("pinion_sensor", "room_temp"), g.handle("pinion_i2c", "eeprom"),
            g.handle("pinion_spi", "spi_loop"), g.handle("pinion_serial", "console")};
        List<Long> forged = new ArrayList<>(List.of(0L, 1L, 2L, 63L, 64L, 255L, 0xFFFF_FFFFL, 0x7FFF_FFFFL,
                0x8000_0000L));
        for (int h : real) {
            forged.add((long) (h ^ 0x100)); // same slot, another generation
            forged.add((long) h + 0x100_0000);
        }
        Random rnd = new Random(7);
        for (int i = 0; i < 200; i++) forged.add(rnd.nextLong() & 0xFFFF_FFFFL);
        for (int h : real) forged.remove((Long) (long) h);
        int checked = 0;
        for (Object[] call : handleCalls(g)) {
            for (long h : forged) {
                assertEquals(Errno.EBADF, callWithHandle(g, call, h), call[0] + " handle " + h);
                checked++;
            }
        }
        assertTrue(checked > 3000);
        assertEquals(real.length, g.ctx.handles.size(), "forged closes closed nothing");
    }

    @Test
    void wrongKindAndClosedHandles_areEbadf() {
        IotGuest g = new IotGuest(board, Grants.parse(List.of("led", "button", "room_temp", "eeprom", "spi_loop",
                "console")));
        int led = g.handle("pinion_gpio", "led", 1), button = g.handle("pinion_gpio", "button", 0);
        int sensor = g.handle("pinion_sensor", "room_temp"), i2c = g.handle("pinion_i2c", "eeprom");
        int spi = g.handle("pinion_spi", "spi_loop"), serial = g.handle("pinion_serial", "console");
        int[] all = {led, button, sensor, i2c, spi, serial};
        for (Object[] call : handleCalls(g)) {
            String module = ((String) call[0]).substring(0, ((String) call[0]).indexOf('.'));
            for (int h : all) {
                boolean sameKind = switch (module) {
                    case "pinion_gpio" -> h == led || h == button;
                    case "pinion_sensor" -> h == sensor;
                    case "pinion_i2c" -> h == i2c;
                    case "pinion_spi" -> h == spi;
                    default -> h == serial;
                };
                if (sameKind) continue;
                assertEquals(Errno.EBADF, callWithHandle(g, call, h), call[0] + " with another kind's handle");
            }
        }
        assertEquals(Errno.EBADF, g.call("pinion_gpio.write", button, 1), "an input cannot be driven");
        assertEquals(Errno.EBADF, g.call("pinion_gpio.wait_edge", led, 0L, g.alloc(16)), "outputs have no edges");
        assertEquals(0, g.call("pinion_gpio.close", led));
        assertEquals(Errno.EBADF, g.call("pinion_gpio.close", led), "double close");
        assertEquals(Errno.EBADF, g.call("pinion_gpio.write", led, 1), "use after close");
        int again = g.handle("pinion_gpio", "led", 1);
        assertNotEquals(led, again, "a reused slot gets a new handle value");
        assertEquals(Errno.EBADF, g.call("pinion_gpio.write", led, 1), "the stale handle stays dead");
    }

    @Test
    void anotherInstancesHandles_meanNothing() {
        IotGuest a = new IotGuest(board, Grants.parse(List.of("led", "room_temp", "eeprom", "spi_loop", "console")));
        int[] handles = {a.handle("pinion_gpio", "led", 1), a.handle("pinion_sensor", "room_temp"),
            a.handle("pinion_i2c", "eeprom"), a.handle("pinion_spi", "spi_loop"),
            a.handle("pinion_serial", "console")};
        for (Grants grants : List.of(Grants.NONE, Grants.parse(List.of("led", "room_temp", "eeprom")))) {
            IotGuest b = new IotGuest(board, grants);
            for (Object[] call : handleCalls(b))
                for (int h : handles)
                    assertEquals(Errno.EBADF, callWithHandle(b, call, h), call[0] + " with instance A's " + h);
        }
        assertEquals(5, a.ctx.handles.size());
        assertEquals(0, a.call("pinion_gpio.write", handles[0], 1), "A's handle still works for A");
    }

    @Test
    void outOfBoundsPointers_areEfault_withoutSideEffects() {
        IotGuest g = new IotGuest(board, Grants.parse(List.of("led", "button", "room_temp", "eeprom", "spi_loop",
                "console")));
        long end = g.mem.byteSize();
        long[] bad = {end, end - 1, end - 3, 0xFFFF_FFFFL, 0x8000_0000L};
        long[] led = g.str("led");
        for (long p : bad) {
            assertEquals(Errno.EFAULT, g.call("pinion_gpio.open", p, 4, 1, g.alloc(4)), "name at " + p);
            assertEquals(Errno.EFAULT, g.call("pinion_gpio.open", led[0], led[1], 1, p), "handle_out at " + p);
            assertEquals(Errno.EFAULT, g.call("pinion_gpio.open", led[0], 0xFFFF_FFFFL, 1, g.alloc(4)));
        }
        assertEquals(0, g.ctx.handles.size(), "a failed open leaves no handle behind");
        int out = g.handle("pinion_gpio", "led", 1), in = g.handle("pinion_gpio", "button", 0);
        int sensor = g.handle("pinion_sensor", "room_temp"), i2c = g.handle("pinion_i2c", "eeprom");
        int spi = g.handle("pinion_spi", "spi_loop"), serial = g.handle("pinion_serial", "console");
        int ok = g.alloc(64);
        int drained = g.alloc(4);
        do { // the board is shared by this class's tests: empty the loopback first
            assertEquals(0, g.call("pinion_serial.read", serial, ok, 64, 0L, drained));
        } while (g.mem.readInt(drained) > 0);
        for (long p : bad) {
            assertEquals(Errno.EFAULT, g.call("pinion_gpio.read", out, p));
            assertEquals(Errno.EFAULT, g.call("pinion_gpio.wait_edge", in, 0L, p));
            assertEquals(Errno.EFAULT, g.call("pinion_sensor.read", sensor, p));
            assertEquals(Errno.EFAULT, g.call("pinion_sensor.unit", sensor, p, 16, ok));
            assertEquals(Errno.EFAULT, g.call("pinion_sensor.unit", sensor, ok, 16, p));
            assertEquals(Errno.EFAULT, g.call("pinion_i2c.write", i2c, p, 4));
            assertEquals(Errno.EFAULT, g.call("pinion_i2c.read", i2c, p, 4));
            assertEquals(Errno.EFAULT, g.call("pinion_i2c.write_read", i2c, p, 4, ok, 1));
            assertEquals(Errno.EFAULT, g.call("pinion_i2c.write_read", i2c, ok, 1, p, 4));
            assertEquals(Errno.EFAULT, g.call("pinion_spi.transfer", spi, p, ok, 4));
            assertEquals(Errno.EFAULT, g.call("pinion_spi.transfer", spi, ok, p, 4));
            assertEquals(Errno.EFAULT, g.call("pinion_serial.write", serial, p, 4, ok));
            assertEquals(Errno.EFAULT, g.call("pinion_serial.write", serial, ok, 4, p));
            assertEquals(Errno.EFAULT, g.call("pinion_serial.read", serial, p, 4, 0L, ok));
            assertEquals(Errno.EFAULT, g.call("pinion_serial.read", serial, ok, 4, 0L, p));
            assertEquals(Errno.EFAULT, g.call("pinion_log.write", 2, p, 4));
        }
        // a bad result pointer on a serial write sends nothing: the loopback stays empty
        int got = g.alloc(4);
        assertEquals(0, g.call("pinion_serial.read", serial, ok, 64, 0L, got));
        assertEquals(0, g.mem.readInt(got));
        assertTrue(g.logLines.isEmpty(), "no log line from a bad pointer");
    }

    @Test
    void randomArguments_onlyEverGiveAnErrno() {
        IotGuest g = new IotGuest(board, Grants.parse(List.of("led", "button", "room_temp", "eeprom", "spi_loop",
                "console", "ghost")));
        Random rnd = new Random(42);
        byte[] junk = new byte[(int) g.mem.byteSize()];
        rnd.nextBytes(junk);
        g.mem.write(0, junk);
        int size = (int) g.mem.byteSize();
        int calls = 0;
        for (String name : g.names()) {
            List<ValType> params = g.binding(name).type().params();
            for (int round = 0; round < 2000; round++) {
                long[] args = new long[params.size()];
                for (int i = 0; i < args.length; i++) args[i] = pick(rnd, params.get(i), size);
                if (name.equals("pinion_gpio.wait_edge") || name.equals("pinion_serial.read"))
                    args[name.equals("pinion_gpio.wait_edge") ? 1 : 3] = rnd.nextInt(2); // keep the run short
                int errno;
                try {
                    errno = g.call(name, args);
                } catch (Throwable t) {
                    fail(name + " threw " + t + " for " + java.util.Arrays.toString(args));
                    return;
                }
                assertTrue(errno >= 0 && errno <= 76, name + " returned " + errno);
                calls++;
            }
            // random opens of real names hit real devices now and then: keep the table from filling up
            g.ctx.handles.closeAll();
        }
        assertEquals(22 * 2000, calls);
    }

    private static long pick(Random rnd, ValType t, int memSize) {
        long v = switch (rnd.nextInt(9)) {
            case 0 -> rnd.nextInt(8);
            case 1 -> memSize - rnd.nextInt(64);
            case 2 -> 0xFFFF_FFFFL;
            case 3 -> rnd.nextInt(memSize);
            case 4 -> rnd.nextInt(64);
            case 5 -> rnd.nextLong();
            case 6 -> -1L;
            case 7 -> (rnd.nextInt(8) << 8) | rnd.nextInt(64); // plausible handles
            default -> rnd.nextInt(32);
        };
        return t == ValType.I32 ? v & 0xFFFF_FFFFL : v;
    }
}
