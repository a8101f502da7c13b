package dev.pinion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {

    @Test
    void missingFile_saysSo_exit1() {
        CliRun run = CliRun.of("validate", "no/such/module.wasm");
        assertEquals(1, run.exitCode());
        assertEquals("", run.out());
        assertEquals(Path.of("no/such/module.wasm") + ": no such file\n", run.err());
    }

    @Test
    void directory_saysItIsNotAFile_exit1(@TempDir Path dir) {
        CliRun run = CliRun.of("validate", dir.toString());
        assertEquals(1, run.exitCode());
        assertEquals(dir + ": is a directory, not a module file\n", run.err());
    }

    @Test
    void noModuleArgument_isAUsageError_exit2() {
        CliRun run = CliRun.of("validate");
        assertEquals(2, run.exitCode());
        assertEquals("pinion validate: Missing required parameter: 'MODULE'\nSee 'pinion validate --help'.\n",
                run.err());
    }

    @Test
    void validModule_printsValid_exit0() {
        Path sensor = TestModules.demo("sensor.wasm");
        CliRun run = CliRun.of("validate", sensor.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(sensor + ": valid\n", run.out());
        assertEquals("", run.err());
    }

    @Test
    void wrongMagic_isMalformedAtOffsetZero_exit1() {
        Path file = TestModules.test("not-wasm.wasm");
        CliRun run = CliRun.of("validate", file.toString());
        assertEquals(1, run.exitCode());
        assertEquals(file + ": malformed: magic header not detected at byte offset 0 (0x0)\n", run.err());
    }

    @Test
    void truncatedSection_isMalformedWithItsOffset_exit1() {
        Path file = TestModules.test("truncated.wasm");
        CliRun run = CliRun.of("validate", file.toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().startsWith(file + ": malformed: "), run.err());
        // The fault is in the type section's header (id at byte 8, size at byte 9), not at the file's start.
        assertTrue(run.err().matches("(?s).* at byte offset [89] \\(0x[89]\\)\n"), run.err());
    }

    @Test
    void typeMismatch_isInvalid_exit1() {
        Path file = TestModules.test("type-mismatch.wasm");
        CliRun run = CliRun.of("validate", file.toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().startsWith(file + ": invalid: type mismatch"), run.err());
    }

    @Test
    void severalModules_reportsEach_exit1IfAnyFails() {
        Path good = TestModules.demo("runaway.wasm");
        Path bad = TestModules.test("not-wasm.wasm");
        CliRun run = CliRun.of("validate", good.toString(), bad.toString());
        assertEquals(1, run.exitCode());
        assertEquals(good + ": valid\n", run.out());
        assertTrue(run.err().startsWith(bad + ": malformed: "), run.err());
    }
}
