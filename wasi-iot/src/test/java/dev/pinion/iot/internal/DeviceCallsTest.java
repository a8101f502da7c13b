package dev.pinion.iot.internal;

import static org.junit.jupiter.api.Assertions.*;

import dev.pinion.device.Board;
import dev.pinion.device.BoardDescription;
import dev.pinion.device.DeviceSpec;
import dev.pinion.device.sim.SimBoard;
import dev.pinion.engine.Interrupt;
import dev.pinion.iot.Grants;
import dev.pinion.wasi.internal.Errno;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What granted calls do on the simulated board, seen from the guest's side of the ABI. */
class DeviceCallsTest {
    SimBoard sim;
    Board board;
    IotGuest g;

    @BeforeEach
    void open() throws Exception {
        sim = new SimBoard();
        BoardDescription.Builder b = BoardDescription.builder()
                .add(new DeviceSpec.Output("led", "sim", null, "led", false, false, null))
                .add(new DeviceSpec.Input("button", "sim", null, "button", true, DeviceSpec.Bias.PULL_UP,
                        DeviceSpec.Edges.BOTH, Duration.ZERO, null))
                .add(new DeviceSpec.SensorSpec("room_temp", "sim", null, null, "celsius",
                        new dev.pinion.device.sim.Waveform.Constant(21.5)))
                .add(new DeviceSpec.I2c("thermometer", "sim", 1, 0x48, "temp_sensor"))
                .add(new DeviceSpec.I2c("ghost", "sim", 1, 0x29, null))
                .add(new DeviceSpec.Spi("spi_loop", "sim", null, 0, 8, 1000))
                .add(new DeviceSpec.Serial("console", "sim", null, 9600));
        board = Board.open(b.build(), Board.Options.DEFAULTS.withSim(sim));
        g = new IotGuest(board, Grants.parse(List.of("led", "button", "room_temp", "thermometer", "ghost:rw",
                "spi_loop", "console")));
    }

    @AfterEach
    void close() {
        board.close();
        sim.close();
    }

    @Test
    void gpio_writeDrivesTheLine_readReadsBack() {
        int led = g.handle("pinion_gpio", "led", 1);
        int out = g.alloc(4);
        assertEquals(0, g.call("pinion_gpio.write", led, 1));
        assertTrue(sim.level("led"));
        assertEquals(0, g.call("pinion_gpio.read", led, out));
        assertEquals(1, g.mem.readInt(out));
        assertEquals(0, g.call("pinion_gpio.write", led, 0));
        assertFalse(sim.level("led"));
    }

    @Test
    void gpio_waitEdge_returnsPressesInOrder_thenTimesOut() {
        int button = g.handle("pinion_gpio", "button", 0);
        int ev = g.alloc(16), level = g.alloc(4);
        assertEquals(Errno.ETIMEDOUT, g.call("pinion_gpio.wait_edge", button, 0L, ev), "nothing yet");
        sim.press("button");
        assertEquals(0, g.call("pinion_gpio.read", button, level));
        assertEquals(1, g.mem.readInt(level), "pressed reads active");
        sim.release("button");
        assertEquals(0, g.call("pinion_gpio.wait_edge", button, 1_000_000_000L, ev));
        long t1 = g.mem.readLong(ev);
        assertEquals(1, g.mem.readInt(ev + 8));
        assertEquals(GpioCalls.RISING, g.mem.readInt(ev + 12));
        assertEquals(0, g.call("pinion_gpio.wait_edge", button, 1_000_000_000L, ev));
        assertTrue(g.mem.readLong(ev) >= t1);
        assertEquals(2, g.mem.readInt(ev + 8));
        assertEquals(GpioCalls.FALLING, g.mem.readInt(ev + 12));
        long start = System.nanoTime();
        assertEquals(Errno.ETIMEDOUT, g.call("pinion_gpio.wait_edge", button, 50_000_000L, ev));
        assertTrue(System.nanoTime() - start >= 45_000_000L, "waited about the timeout");
    }

    @Test
    void gpio_waitEdgeForever_isCutShortByTheInterrupt() throws Exception {
        Interrupt interrupt = new Interrupt();
        IotGuest guest = new IotGuest(board, Grants.parse(List.of("button")), interrupt);
        int button = guest.handle("pinion_gpio", "button", 0);
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException ignored) {
                return;
            }
            interrupt.request();
        });
        long start = System.nanoTime();
        assertEquals(Errno.EINTR, guest.call("pinion_gpio.wait_edge", button, -1L, guest.alloc(16)));
        assertTrue(System.nanoTime() - start < 5_000_000_000L);
        t.join();
    }

    @Test
    void blockingWaits_areCappedByTheCallDeadline_withEintr() {
        IotGuest guest = new IotGuest(board, Grants.parse(List.of("button", "console")), null, 100_000_000L);
        int button = guest.handle("pinion_gpio", "button", 0), serial = guest.handle("pinion_serial", "console");
        long start = System.nanoTime();
        assertEquals(Errno.EINTR, guest.call("pinion_gpio.wait_edge", button, -1L, guest.alloc(16)));
        long waited = System.nanoTime() - start;
        assertTrue(waited >= 90_000_000L && waited < 3_000_000_000L, "waited " + waited / 1_000_000 + " ms");
        assertEquals(Errno.EINTR, guest.call("pinion_serial.read", serial, guest.alloc(8), 8, -1L, guest.alloc(4)));
        assertEquals(Errno.ETIMEDOUT, guest.call("pinion_gpio.wait_edge", button, 20_000_000L, guest.alloc(16)),
                "a guest timeout shorter than the cap is still a timeout");
    }

    @Test
    void gpio_edgesArePerHandle_andStopAfterClose() {
        int a = g.handle("pinion_gpio", "button", 0), b = g.handle("pinion_gpio", "button", 0);
        sim.press("button");
        int ev = g.alloc(16);
        assertEquals(0, g.call("pinion_gpio.wait_edge", a, 0L, ev));
        assertEquals(0, g.call("pinion_gpio.wait_edge", b, 0L, ev), "each handle sees every edge");
        assertEquals(0, g.call("pinion_gpio.close", a));
        g.ctx.handles.closeAll();
        assertEquals(0, g.ctx.handles.size());
    }

    @Test
    void sensor_readAndUnit() {
        int h = g.handle("pinion_sensor", "room_temp");
        int v = g.alloc(8), buf = g.alloc(16), len = g.alloc(4);
        assertEquals(0, g.call("pinion_sensor.read", h, v));
        assertEquals(21.5, g.mem.readDouble(v));
        assertEquals(0, g.call("pinion_sensor.unit", h, buf, 16, len));
        assertEquals("celsius", g.mem.readString(buf, g.mem.readInt(len)));
        assertEquals(Errno.ERANGE, g.call("pinion_sensor.unit", h, buf, 3, len));
        assertEquals(7, g.mem.readInt(len), "the size needed");
    }

    @Test
    void i2c_registerRead_andNackIsEioWithOneLogLine() {
        int h = g.handle("pinion_i2c", "thermometer");
        int w = g.alloc(4), r = g.alloc(4);
        g.mem.writeByte(w, (byte) 0x0F);
        assertEquals(0, g.call("pinion_i2c.write_read", h, w, 1, r, 1));
        assertEquals(0xA1, g.mem.readByte(r) & 0xFF);
        int ghost = g.handle("pinion_i2c", "ghost");
        assertEquals(Errno.EIO, g.call("pinion_i2c.read", ghost, r, 1));
        assertEquals(Errno.EIO, g.call("pinion_i2c.write", ghost, w, 1));
        assertEquals(Errno.EINVAL, g.call("pinion_i2c.read", h, 0, BusCalls.MAX_I2C + 1), "oversized message");
    }

    @Test
    void unpluggedDevice_isEio_andRecovers() {
        int led = g.handle("pinion_gpio", "led", 1);
        sim.unplug("led");
        assertEquals(Errno.EIO, g.call("pinion_gpio.write", led, 1));
        sim.plug("led");
        assertEquals(0, g.call("pinion_gpio.write", led, 1));
    }

    @Test
    void spiAndSerial_loopbacks() {
        int spi = g.handle("pinion_spi", "spi_loop");
        int tx = g.alloc(4), rx = g.alloc(4);
        g.mem.writeInt(tx, 0x04030201);
        assertEquals(0, g.call("pinion_spi.transfer", spi, tx, rx, 4));
        assertEquals(0x04030201, g.mem.readInt(rx));
        assertEquals(0, g.call("pinion_spi.transfer", spi, tx, tx, 4), "in place");
        int serial = g.handle("pinion_serial", "console");
        long[] msg = g.str("hello");
        int n = g.alloc(4), buf = g.alloc(32);
        assertEquals(0, g.call("pinion_serial.write", serial, msg[0], msg[1], n));
        assertEquals(5, g.mem.readInt(n));
        assertEquals(0, g.call("pinion_serial.read", serial, buf, 32, 1_000_000_000L, n));
        assertEquals("hello", g.mem.readString(buf, g.mem.readInt(n)));
        assertEquals(0, g.call("pinion_serial.read", serial, buf, 32, 10_000_000L, n));
        assertEquals(0, g.mem.readInt(n), "a timeout reads nothing and is no error");
    }

    @Test
    void log_cleansControlCharacters_andChecksTheLevel() {
        long[] m = g.str("line one\nFAKE ERROR line two\u0007");
        assertEquals(0, g.call("pinion_log.write", 2, m[0], m[1]));
        assertEquals(List.of("INFO", "test", "line one FAKE ERROR line two"), List.of(g.logLines.getFirst()));
        assertEquals(Errno.EINVAL, g.call("pinion_log.write", 4, m[0], m[1]));
        byte[] bad = {'a', (byte) 0xC3, 'b'};
        int p = g.alloc(3);
        g.mem.write(p, bad);
        assertEquals(0, g.call("pinion_log.write", 0, p, 3));
        assertEquals("a\uFFFDb", g.logLines.get(1)[2]);
        long[] big = g.str("x".repeat(5000));
        assertEquals(0, g.call("pinion_log.write", 3, big[0], big[1]));
        assertEquals(1024, g.logLines.get(2)[2].length());
        assertEquals(List.of("ERROR", "DEBUG"), List.of(g.logLines.get(1)[0], g.logLines.get(2)[0]));
        new String(new byte[0], StandardCharsets.UTF_8);
    }

    @Test
    void log_floodIsRateLimited() {
        long[] m = g.str("spam");
        for (int i = 0; i < 1000; i++) assertEquals(0, g.call("pinion_log.write", 2, m[0], m[1]));
        assertTrue(g.logLines.size() >= 200 && g.logLines.size() < 400, "lines kept: " + g.logLines.size());
    }

    @Test
    void handleTable_isBounded() {
        int h = 0;
        for (int i = 0; i < Handles.MAX; i++) h = g.handle("pinion_gpio", "led", 1);
        assertEquals(Errno.EMFILE, g.open("pinion_gpio", "led", 1)[0]);
        assertEquals(0, g.call("pinion_gpio.close", h));
        assertEquals(0, g.open("pinion_gpio", "led", 1)[0]);
    }

    @Test
    void grantsAreCheckedAgainstTheBoard() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new IotGuest(board, Grants.parse(List.of("lamp:out"))));
        assertTrue(e.getMessage().startsWith("grant 'lamp:out': the board has no device 'lamp'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new IotGuest(board, Grants.parse(List.of("button:out"))));
        assertEquals("grant 'button:out': 'button' is input, which allows in", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Grants.parse(List.of("led:blink")));
        assertTrue(e.getMessage().contains("unknown mode 'blink'"), e.getMessage());
        assertEquals("[led:out]", Grants.parse(List.of("led")).resolve(board.description()).toString());
    }
}
