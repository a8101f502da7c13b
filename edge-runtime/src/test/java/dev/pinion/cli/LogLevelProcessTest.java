package dev.pinion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code --log-level} end to end, in a fresh JVM as the launcher runs it (tinylog can be configured once per
 * JVM): the option reaches LogSetup, a library-style System.Logger call reaches tinylog, and lines land on
 * stderr, leaving stdout to the command.
 */
class LogLevelProcessTest {

    @Test
    void debug_showsTheCompileLineOnStderr_stdoutUnchanged() throws Exception {
        Path sensor = TestModules.demo("sensor.wasm");
        String[] run = pinion("--log-level", "debug", "validate", sensor.toString());
        assertEquals(sensor + ": valid\n", run[0]);
        assertTrue(run[1].matches("DEBUG cli: \\Q" + sensor + "\\E: 357 bytes decoded, validated and lowered in \\d+ ms\n"),
                run[1]);
    }

    @Test
    void defaultLevel_printsNoLogLines() throws Exception {
        Path sensor = TestModules.demo("sensor.wasm");
        String[] run = pinion("validate", sensor.toString());
        assertEquals(sensor + ": valid\n", run[0]);
        assertEquals("", run[1]);
    }

    /** Runs {@code Pinion.main} in a new JVM; returns stdout and stderr. */
    private static String[] pinion(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Pinion.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "pinion JVM did not finish");
        assertEquals(0, p.exitValue(), new String(err, StandardCharsets.UTF_8));
        return new String[] {new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8)};
    }
}
