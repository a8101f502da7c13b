package dev.pinion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    @Test
    void usageError_beforeLoggingIsConfigured_printsOnlyTheUsage() throws Exception {
        // A usage error exits before the CLI configures logging: the JDK's own DEBUG line for System.exit must
        // still obey the default level.
        String[] run = pinion(2, "validate", "--bogus", "x.wasm");
        assertEquals("", run[0]);
        assertTrue(run[1].startsWith("pinion validate: Unknown option: '--bogus'\n"), run[1]);
        assertFalse(run[1].contains("Runtime.exit"), run[1]);
    }

    private static String[] pinion(String... args) throws Exception {
        return pinion(0, args);
    }

    /**
     * The test class path without the test classes: they hold tinylog-test.properties, which would hide what
     * logging does in a real start.
     */
    private static String mainClassPath() {
        return java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(e -> !e.endsWith("test-classes"))
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }

    /** Runs {@code Pinion.main} in a new JVM, expecting exit code {@code exit}; returns stdout and stderr. */
    private static String[] pinion(int exit, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", mainClassPath(), Pinion.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "pinion JVM did not finish");
        assertEquals(exit, p.exitValue(), new String(err, StandardCharsets.UTF_8));
        return new String[] {new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8)};
    }
}
