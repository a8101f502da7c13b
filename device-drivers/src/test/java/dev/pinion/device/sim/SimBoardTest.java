package dev.pinion.device.sim;

import static org.junit.jupiter.api.Assertions.*;

import dev.pinion.device.Board;
import dev.pinion.device.BoardDescription;
import dev.pinion.device.DeviceException;
import dev.pinion.device.DeviceSpec;
import dev.pinion.device.DigitalInput;
import dev.pinion.device.Edge;
import dev.pinion.device.EdgeQueue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimBoardTest {
    private static final Duration SHORT = Duration.ofMillis(50), LONG = Duration.ofSeconds(5);

    private static DeviceSpec.Input input(String name, boolean activeLow, DeviceSpec.Bias bias, DeviceSpec.Edges e) {
        return new DeviceSpec.Input(name, "sim", null, name, activeLow, bias, e, Duration.ZERO, null);
    }

    private static Board open(SimBoard sim, DeviceSpec... specs) throws DeviceException {
        BoardDescription.Builder b = BoardDescription.builder();
        for (DeviceSpec s : specs) b.add(s);
        return Board.open(b.build(), Board.Options.DEFAULTS.withSim(sim));
    }

    @Test
    void press_activeLowButtonWithPullUp_readsActiveAndGivesRisingThenFallingEdge() throws Exception {
        SimBoard sim = new SimBoard();
        try (Board board = open(sim, input("button", true, DeviceSpec.Bias.PULL_UP, DeviceSpec.Edges.BOTH))) {
            DigitalInput button = board.input("button");
            assertFalse(button.read());
            assertTrue(sim.level("button"), "pull-up idles the line high");
            sim.press("button");
            assertFalse(sim.level("button"), "a pressed button pulls an active-low line low");
            assertTrue(button.read());
            sim.release("button");
            Edge press = button.awaitEdge(LONG), release = button.awaitEdge(LONG);
            assertTrue(press.rising());
            assertFalse(release.rising());
            assertEquals(1, press.sequence());
            assertEquals(2, release.sequence());
            assertTrue(release.timestampNanos() >= press.timestampNanos());
            assertNull(button.awaitEdge(SHORT), "no more edges");
        }
    }

    @Test
    void edgeFilter_risingOnly_dropsFallingEdges() throws Exception {
        SimBoard sim = new SimBoard();
        try (Board board = open(sim, input("b", false, DeviceSpec.Bias.PULL_DOWN, DeviceSpec.Edges.RISING))) {
            for (int i = 0; i < 3; i++) {
                sim.press("b");
                sim.release("b");
            }
            for (int i = 1; i <= 3; i++) {
                Edge e = board.input("b").awaitEdge(LONG);
                assertTrue(e.rising());
                assertEquals(i, e.sequence());
            }
            assertNull(board.input("b").awaitEdge(SHORT));
        }
    }

    @Test
    void wiredOutput_drivesInput_andTimestampsIncrease() throws Exception {
        SimBoard sim = new SimBoard();
        try (Board board = open(sim,
                new DeviceSpec.Output("relay", "sim", null, "relay", false, false, "sense"),
                input("sense", false, DeviceSpec.Bias.PULL_DOWN, DeviceSpec.Edges.BOTH))) {
            List<Edge> seen = new ArrayList<>();
            DigitalInput.Registration reg = board.input("sense").onEdge(seen::add);
            for (int i = 0; i < 10; i++) board.output("relay").set(i % 2 == 0);
            assertEquals(10, seen.size());
            for (int i = 1; i < seen.size(); i++) {
                assertTrue(seen.get(i).timestampNanos() >= seen.get(i - 1).timestampNanos());
                assertEquals(seen.get(i - 1).sequence() + 1, seen.get(i).sequence());
                assertEquals(i % 2 == 0, seen.get(i).rising());
            }
            reg.close();
            board.output("relay").set(true);
            assertEquals(10, seen.size(), "a closed registration gets nothing");
            assertTrue(board.input("sense").read());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> sim.press("sense"));
            assertTrue(e.getMessage().contains("wired"), e.getMessage());
        }
    }

    @Test
    void outputLine_cannotBePushedByScript_norDrivenTwice() throws Exception {
        SimBoard sim = new SimBoard();
        try (Board board = open(sim, new DeviceSpec.Output("led", "sim", null, "led", true, false, null))) {
            assertTrue(sim.level("led"), "active-low output, initially inactive, is high");
            board.output("led").set(true);
            assertFalse(sim.level("led"));
            assertTrue(board.output("led").get());
            assertThrows(IllegalStateException.class, () -> sim.drive("led", true));
            DeviceException twice = assertThrows(DeviceException.class,
                    () -> sim.open(new DeviceSpec.Output("led2", "sim", null, "led", false, false, null)));
            assertTrue(twice.getMessage().contains("already driven by output 'led'"), twice.getMessage());
        }
    }

    @Test
    void levelListener_seesLedChanges() throws Exception {
        SimBoard sim = new SimBoard();
        try (Board board = open(sim, new DeviceSpec.Output("led", "sim", null, "led", false, false, null))) {
            List<Boolean> levels = new ArrayList<>();
            sim.onLevel("led", levels::add);
            board.output("led").set(true);
            board.output("led").set(true);
            board.output("led").set(false);
            assertEquals(List.of(true, false), levels);
        }
    }

    @Test
    void pressScript_pressesCountTimes() throws Exception {
        SimBoard sim = new SimBoard();
        DeviceSpec.Input spec = new DeviceSpec.Input("button", "sim", null, "button", true, DeviceSpec.Bias.PULL_UP,
                DeviceSpec.Edges.RISING, Duration.ZERO,
                new PressScript(Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofMillis(10), 3));
        try (Board board = open(sim, spec)) {
            for (int i = 1; i <= 3; i++) assertEquals(i, board.input("button").awaitEdge(LONG).sequence());
            assertNull(board.input("button").awaitEdge(Duration.ofMillis(200)), "only three presses");
        }
    }

    @Test
    void debounce_dropsEdgesInsideThePeriod() throws Exception {
        SimBoard sim = new SimBoard();
        DeviceSpec.Input spec = new DeviceSpec.Input("b", "sim", null, "b", false, DeviceSpec.Bias.PULL_DOWN,
                DeviceSpec.Edges.BOTH, Duration.ofSeconds(10), null);
        try (Board board = open(sim, spec)) {
            for (int i = 0; i < 5; i++) {
                sim.press("b");
                sim.release("b");
            }
            assertTrue(board.input("b").awaitEdge(LONG).rising());
            assertNull(board.input("b").awaitEdge(SHORT), "bounces within 10 s are filtered");
        }
    }

    @Test
    void i2c_registerChip_whoAmIAndTemperature_emptyAddressNacks() throws Exception {
        SimBoard sim = new SimBoard();
        try (Board board = open(sim, new DeviceSpec.I2c("thermo", "sim", 1, 0x48, "temp_sensor"),
                new DeviceSpec.I2c("ghost", "sim", 1, 0x29, null))) {
            byte[] who = new byte[1];
            board.i2c("thermo").writeRead(new byte[] {0x0F}, who);
            assertEquals(0xA1, who[0] & 0xFF);
            byte[] t = new byte[2];
            board.i2c("thermo").writeRead(new byte[] {0x00}, t);
            double celsius = (short) ((t[0] << 8) | (t[1] & 0xFF)) / 256.0;
            assertTrue(celsius >= 19.9 && celsius <= 23.1, "temperature " + celsius);
            board.i2c("thermo").write(new byte[] {0x0F, 0x00}); // WHO_AM_I is read-only
            board.i2c("thermo").writeRead(new byte[] {0x0F}, who);
            assertEquals(0xA1, who[0] & 0xFF);
            DeviceException nack = assertThrows(DeviceException.class, () -> board.i2c("ghost").read(new byte[1]));
            assertTrue(nack.getMessage().contains("no acknowledge from address 0x29"), nack.getMessage());
        }
    }

    @Test
    void i2c_eeprom_writeThenReadBack_wrapsAt256() throws Exception {
        SimBoard sim = new SimBoard();
        try (Board board = open(sim, new DeviceSpec.I2c("eeprom", "sim", 1, 0x50, "eeprom"))) {
            board.i2c("eeprom").write(new byte[] {(byte) 0xFE, 1, 2, 3});
            byte[] back = new byte[4];
            board.i2c("eeprom").writeRead(new byte[] {(byte) 0xFD}, back);
            assertArrayEquals(new byte[] {(byte) 0xFF, 1, 2, 3}, back);
        }
    }

    @Test
    void sameAddressTwice_isAnError() {
        SimBoard sim = new SimBoard();
        DeviceException e = assertThrows(DeviceException.class, () -> open(sim,
                new DeviceSpec.I2c("a", "sim", 1, 0x48, "temp_sensor"), new DeviceSpec.I2c("b", "sim", 1, 0x48, "eeprom")));
        assertTrue(e.getMessage().contains("0x48 already has a chip"), e.getMessage());
    }

    @Test
    void spiLoopback_andSerialLoopback() throws Exception {
        SimBoard sim = new SimBoard();
        try (Board board = open(sim, new DeviceSpec.Spi("spi", "sim", null, 0, 8, 1000),
                new DeviceSpec.Serial("uart", "sim", null, 9600))) {
            byte[] rx = new byte[3];
            board.spi("spi").transfer(new byte[] {1, 2, 3}, rx);
            assertArrayEquals(new byte[] {1, 2, 3}, rx);
            byte[] msg = "ping".getBytes(StandardCharsets.US_ASCII);
            board.serial("uart").write(msg, 0, msg.length);
            byte[] buf = new byte[16];
            int n = board.serial("uart").read(buf, 0, buf.length, LONG);
            assertEquals("ping", new String(buf, 0, n, StandardCharsets.US_ASCII));
            assertEquals(0, board.serial("uart").read(buf, 0, buf.length, SHORT));
            sim.inject("uart", new byte[] {'x'});
            assertEquals(1, board.serial("uart").read(buf, 0, 1, LONG));
        }
    }

    @Test
    void sensors_followWaveformAndOverride_unpluggedFails() throws Exception {
        SimBoard sim = new SimBoard();
        try (Board board = open(sim, new DeviceSpec.SensorSpec("t", "sim", null, null, "celsius",
                new Waveform.Sine(10, 20, Duration.ofSeconds(1))))) {
            for (int i = 0; i < 20; i++) {
                double v = board.sensor("t").read();
                assertTrue(v >= 10 && v <= 20, "reading " + v);
            }
            assertEquals("celsius", board.sensor("t").unit());
            sim.setSensor("t", 42.5);
            assertEquals(42.5, board.sensor("t").read());
            sim.unplug("t");
            DeviceException gone = assertThrows(DeviceException.class, () -> board.sensor("t").read());
            assertTrue(gone.getMessage().contains("'t' is gone"));
            sim.plug("t");
            sim.clearSensor("t");
            assertNotEquals(42.5, board.sensor("t").read());
        }
    }

    @Test
    void csvTrace_interpolatesAndLoops_badLinesNamed(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("t.csv");
        Files.writeString(csv, "seconds,value\n# comment\n0,10\n1,20\n2,10\n");
        Waveform.Trace t = Waveform.csv(csv);
        assertEquals(10, t.valueAt(0), 1e-9);
        assertEquals(15, t.valueAt(500_000_000L), 1e-9);
        assertEquals(20, t.valueAt(1_000_000_000L), 1e-9);
        assertEquals(15, t.valueAt(2_500_000_000L), 1e-9, "loops after 2 s");
        Files.writeString(csv, "0,1\n1,2\nx,3\n");
        var e = assertThrows(java.io.IOException.class, () -> Waveform.csv(csv));
        assertTrue(e.getMessage().endsWith("t.csv:3: expected 'seconds,value', got 'x,3'"), e.getMessage());
        Files.writeString(csv, "0,1\n1,2\n1,3\n");
        e = assertThrows(java.io.IOException.class, () -> Waveform.csv(csv));
        assertTrue(e.getMessage().contains(":3: times must increase"), e.getMessage());
    }

    @Test
    void standardBoard_opensEveryDevice_buttonIsPressedByItsScript() throws Exception {
        try (Board board = SimBoard.openStandard()) {
            assertEquals(List.of("led", "button", "relay", "relay_sense", "room_temp", "humidity", "thermometer",
                    "eeprom", "spi_loop", "console"), List.copyOf(board.devices().keySet()));
            EdgeQueue q = new EdgeQueue(8);
            board.input("button").onEdge(q);
            Edge e = q.poll(LONG);
            assertNotNull(e, "the standard button is pressed every 400 ms");
            board.output("relay").set(true);
            assertTrue(board.input("relay_sense").read());
            assertThrows(IllegalArgumentException.class, () -> board.output("button"));
        }
    }

    @Test
    void edgeQueue_full_dropsOldestAndCounts() throws Exception {
        EdgeQueue q = new EdgeQueue(2);
        for (int i = 1; i <= 5; i++) q.onEdge(new Edge("x", true, i, i));
        assertEquals(3, q.dropped());
        assertEquals(4, q.poll(Duration.ZERO).sequence());
        assertEquals(5, q.poll().sequence());
        assertNull(q.poll(Duration.ZERO));
    }
}
