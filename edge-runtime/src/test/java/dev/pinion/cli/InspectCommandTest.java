package dev.pinion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class InspectCommandTest {

    @Test
    void sensorModule_listsImportsExportsMemoryAndSections() {
        Path sensor = TestModules.demo("sensor.wasm");
        CliRun run = CliRun.of("inspect", sensor.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("", run.err());
        Golden.assertMatches("inspect-sensor.txt", run.out().replace(sensor.toString(), "sensor.wasm"));
    }

    @Test
    void wasiProgram_listsItsWasiImports() {
        CliRun run = CliRun.of("inspect", TestModules.demo("hello_wasi.wasm").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("imports:   10\n"), run.out());
        assertTrue(run.out().contains("  func   wasi_snapshot_preview1.fd_write (i32 i32 i32 i32) -> (i32)\n"),
                run.out());
        assertTrue(run.out().contains("  func   _start () -> ()\n"), run.out());
    }

    @Test
    void malformedModule_reportedLikeValidate_exit1() {
        Path file = TestModules.test("not-wasm.wasm");
        CliRun run = CliRun.of("inspect", file.toString());
        assertEquals(1, run.exitCode());
        assertEquals("", run.out());
        assertEquals(file + ": malformed: magic header not detected at byte offset 0 (0x0)\n", run.err());
    }

    @Test
    void missingFile_saysSo_exit1() {
        CliRun run = CliRun.of("inspect", "absent.wasm");
        assertEquals(1, run.exitCode());
        assertEquals("absent.wasm: no such file\n", run.err());
    }
}
