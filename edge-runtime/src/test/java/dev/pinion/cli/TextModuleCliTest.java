package dev.pinion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run}, {@code validate} and {@code inspect} take modules in the text format, as wasmtime does. */
class TextModuleCliTest {
    private static final String ADD = """
            (module
              (func (export "add") (param $a i32) (param $b i32) (result i32)
                (i32.add (local.get $a) (local.get $b))))
            """;

    @TempDir
    Path dir;

    @Test
    void runInvoke_onAWatFile_printsTheResult() throws IOException {
        Path wat = Files.writeString(dir.resolve("add.wat"), ADD);
        RunCommandTest.Result run = RunCommandTest.execute("", "--invoke", "add", wat.toString(), "40", "2");
        assertEquals("", run.err());
        assertEquals("42\n", run.out());
        assertEquals(0, run.exit());
    }

    @Test
    void validate_textByContentToo_andMalformedTextNamesLineAndColumn() throws IOException {
        Path text = Files.writeString(dir.resolve("add.module"), ADD);
        CliRun ok = CliRun.of("validate", text.toString());
        assertEquals(text + ": valid\n", ok.out(), ok.err());

        Path bad = Files.writeString(dir.resolve("bad.wat"), "(module\n  (func (i32.const 1) i32.frob))\n");
        CliRun run = CliRun.of("validate", bad.toString());
        assertEquals(1, run.exitCode());
        assertEquals(bad + ":2:23: malformed text: unknown operator i32.frob\n", run.err());

        Path invalid = Files.writeString(dir.resolve("invalid.wat"), "(module (func (result i32) (i64.const 1)))");
        CliRun inv = CliRun.of("validate", invalid.toString());
        assertEquals(1, inv.exitCode());
        assertTrue(inv.err().startsWith(invalid + ": invalid: type mismatch"), inv.err());
    }

    @Test
    void runOfMalformedText_exit1WithPosition() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.wat"), "(module (func $f (call $g)))");
        RunCommandTest.Result run = RunCommandTest.execute("", bad.toString());
        assertEquals(1, run.exit());
        assertEquals("pinion run: " + bad + ":1:24: malformed text: unknown func $g\n", run.err());
    }

    @Test
    void inspect_onAWatFile_listsItsExports() throws IOException {
        Path wat = Files.writeString(dir.resolve("add.wat"), ADD);
        CliRun run = CliRun.of("inspect", wat.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("add"), run.out());
    }
}
