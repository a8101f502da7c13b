package dev.pinion.cli;

import dev.pinion.testkit.Testsuite;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code pinion spectest} output and exit codes. The cases are chosen to hold whatever state the engine is in:
 * skipped scripts from the real suite, and scripts whose modules are not WebAssembly at all.
 */
class SpectestCommandTest {
    @TempDir
    Path dir;

    private record Run(int exitCode, List<String> out, String err) {}

    private static Run spectest(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new SpectestCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString().lines().toList(), err.toString());
    }

    @Test
    void countsPerScriptAndInTotal_sortedByPath_textModulesRun_exit0() {
        // token and utf8-invalid-encoding are all text modules that must not parse (wast2json left them as .wat).
        Path core = Testsuite.core();
        Run run = spectest(core.resolve("token").toString(), core.resolve("simd_address").toString(),
                core.resolve("utf8-invalid-encoding").toString(), "--skips");
        assertEquals(List.of(
                "simd_address: 46 passed, 0 failed, 0 skipped",
                "token: 2 passed, 0 failed, 0 skipped",
                "utf8-invalid-encoding: 176 passed, 0 failed, 0 skipped",
                "224 passed, 0 failed, 0 skipped"), run.out());
        assertEquals(0, run.exitCode());
    }

    @Test
    void wastScripts_runDirectly_andDirectoriesPreferJsonUnlessWast() throws IOException {
        Path script = dir.resolve("t");
        Files.createDirectories(script);
        Files.writeString(script.resolve("t.wast"), """
                (module (func (export "f") (result i32) (i32.const 7)))
                (assert_return (invoke "f") (i32.const 7))
                (assert_return (invoke "f") (i32.const 8))
                (assert_malformed (module quote "(func (i32.const 0x1_0000_0000))") "constant out of range")
                """);
        Run wast = spectest("--verbose", script.resolve("t.wast").toString());
        assertEquals(List.of("t: 2 passed, 1 failed, 0 skipped",
                "  t.wast:3: assert_return: (invoke \"f\"): expected (i32.const 8) but got (i32.const 7)",
                "2 passed, 1 failed, 0 skipped"), wast.out());
        assertEquals(1, wast.exitCode());

        Files.writeString(script.resolve("t.json"), """
                {"source_filename": "t.wast", "commands": []}""");
        assertEquals(List.of("t: 0 passed, 0 failed, 0 skipped", "0 passed, 0 failed, 0 skipped"),
                spectest(dir.toString()).out());
        assertEquals(List.of("t: 2 passed, 1 failed, 0 skipped", "2 passed, 1 failed, 0 skipped"),
                spectest("--wast", dir.toString()).out());
    }

    @Test
    void malformedScript_failsWithLineAndColumn() throws IOException {
        Path wast = Files.writeString(dir.resolve("bad.wast"), "(module)\n(assert_return (invoke \"f\" (i32.const x)))\n");
        Run run = spectest(wast.toString());
        assertEquals(List.of("bad: 0 passed, 1 failed, 0 skipped", "0 passed, 1 failed, 0 skipped"), run.out());
        assertTrue(run.err().contains("cannot read " + wast + ":2:28: malformed constant in (i32.const ...)"), run.err());
        assertEquals(1, run.exitCode());
    }

    @Test
    void failures_countAndShowWithVerbose_exit1() throws IOException {
        Path script = dir.resolve("bad");
        Files.createDirectories(script);
        Files.writeString(script.resolve("bad.0.wasm"), "not wasm at all");
        Files.writeString(script.resolve("bad.1.wat"), "(module (func i32.frob))");
        Files.writeString(script.resolve("bad.json"), """
                {"source_filename": "bad.wast", "commands": [
                  {"type": "module", "line": 1, "filename": "bad.0.wasm"},
                  {"type": "assert_return", "line": 2, "action": {"type": "invoke", "field": "f", "args": []}, "expected": []},
                  {"type": "assert_malformed", "line": 3, "filename": "bad.1.wat", "text": "unknown operator", "module_type": "text"}
                ]}""");
        Run quiet = spectest(dir.toString());
        assertEquals(List.of("bad: 1 passed, 2 failed, 0 skipped", "1 passed, 2 failed, 0 skipped"), quiet.out());
        assertEquals(1, quiet.exitCode());

        Run verbose = spectest("--verbose", script.resolve("bad.json").toString());
        assertEquals(4, verbose.out().size(), verbose.out()::toString);
        assertTrue(verbose.out().get(1).startsWith("  bad.wast:1: module: module bad.0.wasm failed to load: "),
                verbose.out().get(1));
        assertTrue(verbose.out().get(2).startsWith("  bad.wast:2: assert_return: needs the module of line 1"),
                verbose.out().get(2));
        assertEquals("1 passed, 2 failed, 0 skipped", verbose.out().get(3));
    }

    @Test
    void unreadableScript_isAFailureNamingTheFile() throws IOException {
        Files.writeString(dir.resolve("broken.json"), "{\"source_filename\": \"broken.wast\", \"commands\": [");
        Run run = spectest(dir.toString());
        assertEquals(List.of("broken: 0 passed, 1 failed, 0 skipped", "0 passed, 1 failed, 0 skipped"), run.out());
        assertTrue(run.err().contains("not a wast2json script: " + dir.resolve("broken.json")), run.err());
        assertEquals(1, run.exitCode());
    }

    @Test
    void missingPath_isAUsageError() {
        Run run = spectest(dir.resolve("nothing-here").toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("no such file or directory: " + dir.resolve("nothing-here")), run.err());

        Run empty = spectest(dir.toString());
        assertEquals(2, empty.exitCode());
        assertTrue(empty.err().contains("no .wast or .json spec scripts under " + dir), empty.err());
    }

    @Test
    void coreScriptsWithLinkingAndTraps_passEndToEnd() {
        // Needs the engine: registered instances sharing state, host imports, traps. Stays fast (~1 s).
        Path core = Testsuite.core();
        Run run = spectest(core.resolve("linking").toString(), core.resolve("imports").toString(),
                core.resolve("traps").toString(), "--verbose");
        assertEquals(List.of(
                "imports: 125 passed, 0 failed, 0 skipped",
                "linking: 102 passed, 0 failed, 0 skipped",
                "traps: 32 passed, 0 failed, 0 skipped",
                "259 passed, 0 failed, 0 skipped"), run.out());
        assertEquals(0, run.exitCode());
    }

    @Test
    void proposalScripts_areNamedWithTheirProposal() {
        assertEquals("memory64/memory",
                SpectestCommand.displayName(Path.of("/x/testsuite/proposals/memory64/memory/memory.json")));
        assertEquals("memory", SpectestCommand.displayName(Path.of("/x/testsuite/core/memory/memory.json")));
        assertEquals("i32", SpectestCommand.displayName(Path.of("i32.json")));
        assertEquals("gc/array", SpectestCommand.displayName(Path.of("/x/testsuite/wasm-3.0/gc/array.wast")));
        assertEquals("i32", SpectestCommand.displayName(Path.of("/x/testsuite/wasm-3.0/i32.wast")));
    }
}
