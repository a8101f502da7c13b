package dev.pinion.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The C examples under examples/ (built by examples/build.sh, .wasm committed) run through
 * {@code pinion run --board sim --grant ...} with their output checked, plus the CLI's device errors.
 */
class ExamplesTest {
    static final Path EXAMPLES = Path.of("..", "examples", "c");
    @TempDir Path tmp;

    static RunCommandTest.Result run(String... argv) {
        return RunCommandTest.execute("", argv);
    }

    static String example(String name) {
        return EXAMPLES.resolve(name + ".wasm").toString();
    }

    @Test
    void blinkOnPress_togglesTheLedOnEachPress() {
        var r = run("--board", "sim", "--grant", "button:in", "--grant", "led:out", example("blink_on_press"), "3");
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(3, lines.size(), r.out());
        Pattern p = Pattern.compile("press (\\d) \\(edge #(\\d+), \\+(\\d+) ms\\): led (on|off)");
        long lastMs = -1;
        for (int i = 0; i < 3; i++) {
            Matcher m = p.matcher(lines.get(i));
            assertTrue(m.matches(), lines.get(i));
            assertEquals(i + 1, Integer.parseInt(m.group(1)));
            assertEquals(i % 2 == 0 ? "on" : "off", m.group(4), "the LED toggles and reads back");
            long ms = Long.parseLong(m.group(3));
            assertTrue(ms > lastMs, "edge timestamps increase: " + r.out());
            if (i > 0) assertTrue(ms - lastMs >= 300, "presses are 400 ms apart on the sim board: " + r.out());
            lastMs = ms;
        }
    }

    @Test
    void blinkOnPress_waitingInTheHost_stillStopsAtTheTimeout() {
        long start = System.nanoTime();
        var r = run("--timeout", "700ms", "--board", "sim", "--grant", "button:in", "--grant", "led:out",
                example("blink_on_press"), "1000");
        assertEquals(RunCommand.EXIT_TRAP, r.exit(), r.err());
        assertTrue(r.err().startsWith("wasm trap: interrupted: deadline exceeded"), r.err());
        assertTrue(System.nanoTime() - start < 10_000_000_000L, "stopped near the deadline");
    }

    @Test
    void blinkOnPress_withoutTheButtonGrant_isRefused() {
        var r = run("--board", "sim", "--grant", "led:out", example("blink_on_press"));
        assertEquals(1, r.exit());
        assertEquals("open button: Permission denied\n", r.err());
        r = run("--board", "sim", "--grant", "button:in", "--grant", "led:in", example("blink_on_press"));
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("grant 'led:in': 'led' is output, which allows out"), r.err());
    }

    @Test
    void sensorLog_readsAndLogsEachSample() {
        var r = run("--board", "sim", "--grant", "room_temp:read", example("sensor_log"), "room_temp", "3");
        assertEquals(0, r.exit(), r.err());
        List<String> out = r.out().lines().toList();
        assertEquals(4, out.size(), r.out());
        double sum = 0;
        for (int i = 0; i < 3; i++) {
            Matcher m = Pattern.compile("room_temp sample " + (i + 1) + ": (\\d+\\.\\d\\d) celsius").matcher(out.get(i));
            assertTrue(m.matches(), out.get(i));
            double v = Double.parseDouble(m.group(1));
            assertTrue(v >= 20 && v <= 23, "the sim room_temp follows a 20..23 C sine: " + v);
            sum += v;
            assertTrue(r.err().contains("INFO  sensor_log: " + out.get(i) + "\n"), "logged through pinion_log: " + r.err());
        }
        assertTrue(out.get(3).startsWith("room_temp average: "), out.get(3));
        assertEquals(sum / 3, Double.parseDouble(out.get(3).split(" ")[2]), 0.011);
    }

    @Test
    void sensorLog_ofAnUngrantedSensor_isEacces() {
        var r = run("--board", "sim", "--grant", "room_temp:read", example("sensor_log"), "humidity", "1");
        assertEquals(1, r.exit());
        assertEquals("open humidity: Permission denied\n", r.err());
    }

    @Test
    void i2cRegisters_readsWhoAmIAndTemperature_andTheEeprom() {
        var r = run("--board", "sim", "--grant", "thermometer:rw", "--grant", "eeprom:rw", example("i2c_registers"));
        assertEquals(0, r.exit(), r.err());
        List<String> out = r.out().lines().toList();
        assertEquals("thermometer WHO_AM_I = 0xa1 (expected chip)", out.get(0));
        Matcher m = Pattern.compile("thermometer temperature = (\\d+\\.\\d\\d) C").matcher(out.get(1));
        assertTrue(m.matches(), out.get(1));
        double t = Double.parseDouble(m.group(1));
        assertTrue(t >= 20 && t <= 23, "temperature " + t);
        assertEquals("eeprom[0x10..0x15] = \"pinion\"", out.get(2));
        r = run("--board", "sim", "--grant", "thermometer:rw", example("i2c_registers"));
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().endsWith("eeprom: not granted\n"), r.out());
    }

    @Test
    void i2cRegisters_onABoardFileWhereNothingAnswers_isEio() throws Exception {
        Path board = tmp.resolve("board.yaml");
        Files.writeString(board, """
                board:
                  devices:
                    thermometer: {kind: i2c, provider: sim, bus: 3, address: 0x48}
                """);
        var r = run("--board", board.toString(), "--grant", "thermometer", example("i2c_registers"));
        assertEquals(1, r.exit());
        assertEquals("read WHO_AM_I: I/O error\n", r.err());
    }

    @Test
    void boardFile_errorsNameFileLineAndKey() throws Exception {
        Path board = tmp.resolve("bad.yaml");
        Files.writeString(board, """
                board:
                  devices:
                    led: {kind: output, provider: gpiochip, chip: x, line: GPIO17, wired_to: button}
                """);
        var r = run("--board", board.toString(), "--grant", "led", example("blink_on_press"));
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith("pinion run: --board: " + board + ":3:"), r.err());
        assertTrue(r.err().contains("board.devices.led.wired_to"), r.err());
    }

    @Test
    void grantWithoutBoard_isAUsageError() {
        var r = run("--grant", "led", example("blink_on_press"));
        assertEquals(2, r.exit());
        assertEquals("pinion run: --grant needs --board FILE|sim to say which devices exist\n" + RunCommand.HINT + "\n",
                r.err());
    }

    @Test
    void rustThermostat_switchesTheWiredRelayAroundTheSetPoint() {
        String wasm = Path.of("..", "examples", "rust", "thermostat.wasm").toString();
        for (String[] c : new String[][] {{"100", "on"}, {"-100", "off"}}) {
            var r = run("--board", "sim", "--grant", "room_temp:read", "--grant", "relay:out", "--grant",
                    "relay_sense:in", wasm, c[0], "2");
            assertEquals(0, r.exit(), r.err());
            List<String> out = r.out().lines().toList();
            assertEquals(2, out.size(), r.out());
            for (int i = 0; i < 2; i++) {
                Matcher m = Pattern.compile("sample " + (i + 1) + ": (\\d+\\.\\d\\d) C, set point (-?\\d+\\.\\d) C -> "
                        + "heater (on|off) \\(sense (on|off)\\)").matcher(out.get(i));
                assertTrue(m.matches(), out.get(i));
                assertEquals(c[1], m.group(3));
                assertEquals(c[1], m.group(4), "relay_sense follows the relay through the sim wire");
            }
        }
        var r = run("--board", "sim", "--grant", "room_temp:read", "--grant", "relay:out", wasm);
        assertEquals(1, r.exit());
        assertEquals("open relay_sense: EACCES (not granted) (2)\n", r.err());
    }

    @Test
    void parser_readsBoardAndGrants() {
        RunCommand cmd = new RunCommand();
        assertTrue(RunArguments.parse(new String[] {"--board", "sim", "--grant", "led:out", "--grant=button", "m.wasm",
            "--grant", "x"}, cmd));
        assertEquals("sim", cmd.board);
        assertEquals(List.of("led:out", "button"), cmd.grants);
        assertEquals(List.of("--grant", "x"), cmd.args, "after MODULE everything is the guest's");
    }
}
