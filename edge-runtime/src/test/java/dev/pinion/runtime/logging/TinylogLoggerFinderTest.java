package dev.pinion.runtime.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TinylogLoggerFinderTest {

    @Test
    void systemGetLogger_isBoundToTinylogThroughTheServiceFile() {
        assertInstanceOf(TinylogSystemLogger.class, System.getLogger("dev.pinion.engine"));
    }

    @ParameterizedTest
    @CsvSource({
        "dev.pinion.engine,       engine",
        "dev.pinion.wasi.Fs,      wasi.Fs",
        "java.lang.Runtime,       java.lang.Runtime",
        "dev.pinion.,             dev.pinion.",
        "'',                      -",
    })
    void tag_dropsOnlyTheProjectPrefix(String loggerName, String tag) {
        assertEquals(tag, LogSetup.tagOf(loggerName));
    }

    /**
     * The real thing, in a fresh JVM (tinylog's configuration freezes at first use, so it cannot be changed
     * inside this one): lines on stderr as journald should see them, levels filtered, {0} formatted.
     */
    @Test
    void configuredProcess_writesLevelTagMessageToStderr_filteredByLevel() throws Exception {
        String[] outErr = probe("INFO");
        assertEquals("", outErr[0]);
        assertExpectedLines(outErr[1]);
    }

    /** Deferred: the same lines, and tinylog is not even configured while every line is filtered out. */
    @Test
    void deferredConfiguration_leavesTinylogAloneUntilALineShows_thenLogsTheSame() throws Exception {
        String[] outErr = probe("INFO", "deferred");
        assertEquals("tinylog configured before the first shown line: false\n", outErr[0]);
        assertExpectedLines(outErr[1]);
    }

    private static String[] probe(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LogProbe.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        assertEquals(true, p.waitFor(60, TimeUnit.SECONDS), "probe JVM did not finish");
        String out = read(p.getInputStream().readAllBytes());
        String err = read(p.getErrorStream().readAllBytes());
        assertEquals(0, p.exitValue(), err);
        return new String[] {out, err};
    }

    private static void assertExpectedLines(String err) {
        assertEquals(List.of(
                        "INFO  engine: compiled sensor.wasm: 3 functions",
                        "WARN  ota: manifest {unquoted} kept as is",
                        "ERROR wasi: fd_write failed: java.io.IOException: disk gone"),
                err.lines().filter(l -> !l.startsWith("\tat ")).toList());
    }

    private static String read(byte[] bytes) throws IOException {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
