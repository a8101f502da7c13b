package dev.pinion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pinion.engine.WasmModule;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code pinion run} through picocli, as the CLI main class will drive it. */
class RunCommandTest {
    @TempDir Path tmp;

    /** One execution: exit code, guest stdout and stderr, and picocli's own error text. */
    record Result(int exit, String out, String err, String usage) {}

    static Result execute(String stdin, String... argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        StringWriter usage = new StringWriter();
        RunCommand cmd = new RunCommand(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), out, err);
        CommandLine cl = new CommandLine(cmd);
        cl.setErr(new PrintWriter(usage, true));
        int exit = cl.execute(argv);
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                usage.toString());
    }

    static boolean engineBuilt() {
        try {
            WasmModule.compile(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0}).instantiate();
            return true;
        } catch (UnsupportedOperationException | LinkageError e) {
            return false;
        }
    }

    /** The C test modules committed in wasi-iot (built by wasi-iot/src/test/c/build.sh); tests run in edge-runtime/. */
    static final Path MODULES = Path.of("..", "wasi-iot", "src", "test", "resources", "wasm");

    static Path module(String name) {
        return MODULES.resolve(name + ".wasm");
    }

    static String golden(String name) throws IOException {
        return Files.readString(MODULES.resolve(name + ".native.txt"));
    }

    @Test
    void argsAfterModule_goToTheGuestVerbatim() {
        RunCommand cmd = new RunCommand();
        new CommandLine(cmd).parseArgs("--env", "A=1", "m.wasm", "-x", "--dir", "nowhere", "--", "--invoke");
        assertEquals(Path.of("m.wasm"), cmd.module);
        assertEquals(List.of("-x", "--dir", "nowhere", "--", "--invoke"), cmd.args);
        assertEquals(List.of("A=1"), cmd.env);
    }

    @Command(name = "pinion", subcommands = RunCommand.class)
    static final class Parent {}

    @Test
    void argsAfterModule_verbatimAlsoAsSubcommand() {
        CommandLine cl = new CommandLine(new Parent());
        var parsed = cl.parseArgs("run", "m.wasm", "--fuel", "-1", "-v");
        RunCommand run = (RunCommand) parsed.subcommand().commandSpec().userObject();
        assertEquals(List.of("--fuel", "-1", "-v"), run.args);
        assertEquals(null, run.fuel);
    }

    @Test
    void fastParser_agreesWithPicocli_orDefersToIt() {
        String dir = tmp.toString();
        String[][] lines = {
            {"m.wasm"},
            {"m.wasm", "-x", "--dir", "y"},
            {"--dir", dir, "--dir-ro", dir + "::/ro", "--env", "A=1", "--env=B=2", "m.wasm", "a", "--", "b"},
            {"--invoke", "add", "--fuel", "1000", "--timeout", "2s", "--max-memory", "1MiB", "m.wasm", "1", "2"},
            {"--fuel=5", "--", "-m.wasm", "x"},
        };
        for (String[] line : lines) {
            RunCommand fast = RunCommand.parseFast(line, new RunCommand());
            RunCommand slow = new RunCommand();
            new CommandLine(slow).parseArgs(line);
            String what = String.join(" ", line);
            assertTrue(fast != null, what);
            assertEquals(slow.module, fast.module, what);
            assertEquals(slow.args, fast.args, what);
            assertEquals(slow.env, fast.env, what);
            assertEquals(slow.dirs, fast.dirs, what);
            assertEquals(slow.readOnlyDirs, fast.readOnlyDirs, what);
            assertEquals(slow.invoke, fast.invoke, what);
            assertEquals(slow.fuel, fast.fuel, what);
            assertEquals(slow.timeout, fast.timeout, what);
            assertEquals(slow.maxMemoryPages, fast.maxMemoryPages, what);
        }
        String[][] deferred = {{}, {"--help"}, {"--fuel", "x", "m.wasm"}, {"--dir"}, {"--bogus", "m.wasm"},
                {"--dir", tmp.resolve("missing").toString(), "m.wasm"}, {"--log-level", "debug", "m.wasm"}};
        for (String[] line : deferred) {
            assertEquals(null, RunCommand.parseFast(line, new RunCommand()), String.join(" ", line));
        }
    }

    @Test
    void unknownFlag_isUsageErrorNamingIt() {
        Result r = execute("", "--frobnicate", "m.wasm");
        assertEquals(2, r.exit);
        assertTrue(r.usage.contains("--frobnicate"), r.usage);
    }

    @Test
    void badOptionValues_areUsageErrorsNamingTheFlag() {
        for (String[] bad : new String[][] {{"--fuel", "lots"}, {"--timeout", "soon"}, {"--max-memory", "huge"},
                {"--dir", tmp.resolve("missing").toString()}, {"--dir-ro", "::guest"}, {"--timeout", "0s"}}) {
            Result r = execute("", bad[0], bad[1], "m.wasm");
            assertEquals(2, r.exit, String.join(" ", bad));
            assertTrue(r.usage.contains(bad[0]), r.usage);
        }
        Result r = execute("", "--fuel", "-5", "m.wasm");
        assertEquals(2, r.exit);
        assertTrue(r.err.contains("--fuel"), r.err);
    }

    @Test
    void missingModuleArgument_isUsageError() {
        Result r = execute("");
        assertEquals(2, r.exit);
        assertTrue(r.usage.contains("MODULE"), r.usage);
    }

    @Test
    void moduleFileMissing_failsWithExit1() {
        Result r = execute("", tmp.resolve("nope.wasm").toString());
        assertEquals(1, r.exit);
        assertTrue(r.err.contains("nope.wasm") && r.err.contains("no such file"), r.err);
    }

    @Test
    void optionConverters() {
        assertEquals(java.time.Duration.ofMillis(1500), new RunOptions.TimeoutConverter().convert("1.5s"));
        assertEquals(java.time.Duration.ofMinutes(2), new RunOptions.TimeoutConverter().convert("2m"));
        assertEquals(java.time.Duration.ofSeconds(10), new RunOptions.TimeoutConverter().convert("PT10S"));
        assertEquals(1024, new RunOptions.MemorySizeConverter().convert("64MiB"));
        assertEquals(16_384, new RunOptions.MemorySizeConverter().convert("1G"));
        assertEquals(1, new RunOptions.MemorySizeConverter().convert("65536"));
    }

    // ---- end to end on Pinion's engine (skipped until the engine is built in this branch) ----

    @Test
    void hello_printsAndExits0() throws IOException {
        assumeTrue(engineBuilt(), "Pinion engine not built in this branch yet");
        Result r = execute("", module("hello").toString());
        assertEquals(0, r.exit);
        assertEquals("hello, world\n", r.out);
    }

    @Test
    void guestArgsAndEnv_passThrough() throws IOException {
        assumeTrue(engineBuilt(), "Pinion engine not built in this branch yet");
        Result r = execute("", "--env", "PINION_A=1", "--env", "PINION_B=two words", module("args_env").toString(),
                "-x", "--flag", "with space");
        assertEquals(0, r.exit);
        assertEquals(golden("args_env"), r.out);
    }

    @Test
    void exitCode_isTheGuests() throws IOException {
        assumeTrue(engineBuilt(), "Pinion engine not built in this branch yet");
        Result r = execute("", module("exit_code").toString(), "3");
        assertEquals(3, r.exit);
        assertEquals("exiting with 3\n", r.out);
        assertEquals("", r.err);
    }

    @Test
    void trap_prints_describe_andExits134() throws IOException {
        assumeTrue(engineBuilt(), "Pinion engine not built in this branch yet");
        Result r = execute("", module("trap").toString());
        assertEquals(RunCommand.EXIT_TRAP, r.exit);
        assertEquals("before trap\n", r.out);
        assertTrue(r.err.startsWith("wasm trap: unreachable"), r.err);
    }

    @Test
    void timeout_stopsAGuestSleepingInTheHost() throws IOException {
        assumeTrue(engineBuilt(), "Pinion engine not built in this branch yet");
        long start = System.nanoTime();
        Result r = execute("", "--timeout", "300ms", module("sleep").toString(), "600000");
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertEquals(RunCommand.EXIT_TRAP, r.exit, r.err);
        assertEquals("sleeping 600000 ms\n", r.out);
        assertTrue(r.err.startsWith("wasm trap: interrupted"), r.err);
        assertTrue(seconds < 60, "stopped long before the 10-minute sleep: " + seconds + " s");
        Result ok = execute("", "--timeout", "10s", module("sleep").toString(), "20");
        assertEquals(0, ok.exit, ok.err);
        assertEquals("sleeping 20 ms\nwoke up\n", ok.out);
    }

    @Test
    void fuel_runsOut() throws IOException {
        assumeTrue(engineBuilt(), "Pinion engine not built in this branch yet");
        Result r = execute("", "--fuel", "1000", module("files").toString(), "/nowhere");
        assertEquals(RunCommand.EXIT_TRAP, r.exit);
        assertTrue(r.err.startsWith("wasm trap: fuel exhausted"), r.err);
    }

    @Test
    void moduleWithUnknownImport_failsWithExit1() throws IOException {
        Path m = tmp.resolve("bad.wasm");
        // (module (import "env" "missing" (func))) in binary form
        Files.write(m, new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0, 2, 15, 1, 3, 'e', 'n', 'v',
                7, 'm', 'i', 's', 's', 'i', 'n', 'g', 0, 0});
        assumeTrue(engineBuilt(), "Pinion engine not built in this branch yet");
        Result r = execute("", m.toString());
        assertEquals(1, r.exit);
        assertTrue(r.err.startsWith("pinion run: " + m + ": cannot link: "), r.err);
        assertTrue(r.err.contains("env") && r.err.contains("missing"), r.err);
        Files.write(m, new byte[] {0, 'a', 's', 'm', 2, 0, 0, 0});
        Result malformed = execute("", m.toString());
        assertEquals(1, malformed.exit);
        assertEquals("pinion run: " + m + ": malformed: unknown binary version at byte offset 4 (0x4)\n",
                malformed.err);
    }

    @Test
    void invoke_reactorExport_printsResults() throws IOException {
        assumeTrue(engineBuilt(), "Pinion engine not built in this branch yet");
        String m = module("reactor").toString();
        assertEquals("5\n", execute("", "--invoke", "add", m, "2", "3").out);
        assertEquals("-1\n", execute("", "--invoke", "add", m, "-4", "3").out);
        assertEquals("42\n", execute("", "--invoke", "initialized_value", m).out);
        assertEquals("1.25\n", execute("", "--invoke", "half", m, "2.5").out);
        assertEquals("12000000000\n", execute("", "--invoke", "mul64", m, "3", "4000000000").out);
        assertEquals("hello from a reactor\n", execute("", "--invoke", "greet", m).out);
        Result wrongCount = execute("", "--invoke", "add", m, "1");
        assertEquals(2, wrongCount.exit);
        assertTrue(wrongCount.err.contains("--invoke add"), wrongCount.err);
        Result badValue = execute("", "--invoke", "add", m, "1", "x");
        assertEquals(2, badValue.exit);
        assertTrue(badValue.err.contains("argument 2"), badValue.err);
        assertEquals(1, execute("", "--invoke", "nope", m).exit);
    }

    @Test
    void dirAndStdin_work() throws IOException {
        assumeTrue(engineBuilt(), "Pinion engine not built in this branch yet");
        Path base = Files.createDirectory(tmp.resolve("base"));
        Result r = execute("", "--dir", base + "::/work", module("files").toString(), "/work");
        assertEquals(golden("files"), r.out);
        Result s = execute("one\ntwo words\nthree", module("stdin_stats").toString());
        assertEquals(golden("stdin_stats"), s.out);
    }
}
