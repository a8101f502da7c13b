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
    void skippedAssertions_countPerScriptAndInTotal_sortedByPath_exit0() {
        Path core = Testsuite.core();
        Run run = spectest(core.resolve("token").toString(), core.resolve("simd_address").toString(),
                core.resolve("utf8-invalid-encoding").toString(), "--skips");
        assertEquals(List.of(
                "simd_address: 42 passed, 0 failed, 4 skipped",
                "token: 0 passed, 0 failed, 2 skipped",
                "utf8-invalid-encoding: 0 passed, 0 failed, 176 skipped",
                "skipped:",
                "     182  text-format module (binary-only runner)",
                "42 passed, 0 failed, 182 skipped"), run.out());
        assertEquals(0, run.exitCode());
    }

    @Test
    void failures_countAndShowWithVerbose_exit1() throws IOException {
        Path script = dir.resolve("bad");
        Files.createDirectories(script);
        Files.writeString(script.resolve("bad.0.wasm"), "not wasm at all");
        Files.writeString(script.resolve("bad.json"), """
                {"source_filename": "bad.wast", "commands": [
                  {"type": "module", "line": 1, "filename": "bad.0.wasm"},
                  {"type": "assert_return", "line": 2, "action": {"type": "invoke", "field": "f", "args": []}, "expected": []},
                  {"type": "assert_malformed", "line": 3, "filename": "bad.1.wat", "text": "unknown operator", "module_type": "text"}
                ]}""");
        Run quiet = spectest(dir.toString());
        assertEquals(List.of("bad: 0 passed, 2 failed, 1 skipped", "0 passed, 2 failed, 1 skipped"), quiet.out());
        assertEquals(1, quiet.exitCode());

        Run verbose = spectest("--verbose", script.resolve("bad.json").toString());
        assertEquals(4, verbose.out().size(), verbose.out()::toString);
        assertTrue(verbose.out().get(1).startsWith("  bad.wast:1: module: module bad.0.wasm failed to load: "),
                verbose.out().get(1));
        assertTrue(verbose.out().get(2).startsWith("  bad.wast:2: assert_return: needs the module of line 1"),
                verbose.out().get(2));
        assertEquals("0 passed, 2 failed, 1 skipped", verbose.out().get(3));
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
        assertTrue(empty.err().contains("no .json spec scripts under " + dir), empty.err());
    }

    @Test
    void coreScriptsWithLinkingAndTraps_passEndToEnd() {
        // Needs the engine: registered instances sharing state, host imports, traps. Stays fast (~1 s).
        Path core = Testsuite.core();
        Run run = spectest(core.resolve("linking").toString(), core.resolve("imports").toString(),
                core.resolve("traps").toString(), "--verbose");
        assertEquals(List.of(
                "imports: 109 passed, 0 failed, 16 skipped",
                "linking: 102 passed, 0 failed, 0 skipped",
                "traps: 32 passed, 0 failed, 0 skipped",
                "243 passed, 0 failed, 16 skipped"), run.out());
        assertEquals(0, run.exitCode());
    }

    @Test
    void proposalScripts_areNamedWithTheirProposal() {
        assertEquals("memory64/memory",
                SpectestCommand.displayName(Path.of("/x/testsuite/proposals/memory64/memory/memory.json")));
        assertEquals("memory", SpectestCommand.displayName(Path.of("/x/testsuite/core/memory/memory.json")));
        assertEquals("i32", SpectestCommand.displayName(Path.of("i32.json")));
    }
}
