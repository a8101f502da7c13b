package dev.pinion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import dev.pinion.runtime.logging.LogSetup;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code pinion run}: its parser (Pinion's and wasmtime's flags) and its runs, in process. */
class RunCommandTest {
    @TempDir Path tmp;

    /** One execution: exit code, guest stdout and stderr (where usage errors go too). */
    record Result(int exit, String out, String err) {}

    /** {@code pinion run ARGV} as the jar's main class runs it, with these streams. */
    static Result execute(String stdin, String... argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        RunCommand cmd = new RunCommand(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), out, err);
        PrintWriter usage = new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        Integer exit = cmd.execute(argv, usage, false);
        assertTrue(exit != null, "asked for help");
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static RunCommand parse(String... argv) {
        RunCommand cmd = new RunCommand();
        assertTrue(RunArguments.parse(argv, cmd), "asked for help");
        return cmd;
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
        RunCommand cmd = parse("--env", "A=1", "m.wasm", "-x", "--dir", "nowhere", "--", "--invoke");
        assertEquals(Path.of("m.wasm"), cmd.module);
        assertEquals(List.of("-x", "--dir", "nowhere", "--", "--invoke"), cmd.args);
        assertEquals(List.of("A=1"), cmd.env);
    }

    @Command(name = "pinion", subcommands = RunCommand.class)
    static final class Parent {}

    @Test
    void picocliHandsTheWholeLineOver_whenItReachesRun() {
        CommandLine cl = new CommandLine(new Parent());
        var parsed = cl.parseArgs("run", "--fuel", "10", "-W", "timeout=1s", "m.wasm", "--fuel", "-1", "-v");
        RunCommand run = (RunCommand) parsed.subcommand().commandSpec().userObject();
        assertEquals(List.of("--fuel", "10", "-W", "timeout=1s", "m.wasm", "--fuel", "-1", "-v"), run.argv);
    }

    @Test
    void optionSpellings_allParse() {
        String dir = tmp.toString();
        RunCommand c = parse("--dir", dir, "--dir-ro=" + dir + "::/ro", "--env", "A=1", "--env=B=2", "--argv0", "app",
                "--invoke", "add", "--fuel", "1000", "--timeout", "2s", "--max-memory", "1MiB", "--log-level", "info",
                "m.wasm", "1", "--", "2");
        assertEquals(1, c.dirs.size());
        assertEquals(Path.of(dir), c.dirs.get(0).hostDir());
        assertEquals("/ro", c.readOnlyDirs.get(0).guestName());
        assertEquals(List.of("A=1", "B=2"), c.env);
        assertEquals("app", c.argv0);
        assertEquals("add", c.invoke);
        assertEquals(1000L, c.fuel);
        assertEquals(Duration.ofSeconds(2), c.timeout);
        assertEquals(16, c.maxMemoryPages);
        assertEquals(LogSetup.Level.INFO, c.logLevel);
        assertEquals(List.of("1", "--", "2"), c.args);
        RunCommand dashed = parse("--fuel=5", "--", "-m.wasm", "x");
        assertEquals(Path.of("-m.wasm"), dashed.module);
        assertEquals(List.of("x"), dashed.args);
        assertFalse(RunArguments.parse(new String[] {"--help", "m.wasm"}, new RunCommand()));
        assertFalse(RunArguments.parse(new String[] {"--fuel", "1", "-h"}, new RunCommand()));
    }

    @Test
    void wasmtimeSettings_mapOntoPinions() {
        RunCommand c = parse("-W", "fuel=500,timeout=250ms", "-Wmax-memory-size=1048576", "--wasi", "inherit-env",
                "-S", "cli=y,preview2=n,tcp=n", "-W", "bulk-memory,simd,threads=n", "m.wasm");
        assertEquals(500L, c.fuel);
        assertEquals(Duration.ofMillis(250), c.timeout);
        assertEquals(16, c.maxMemoryPages);
        assertTrue(c.inheritEnv);
        assertEquals(Duration.ofSeconds(10), parse("--timeout", "10", "m.wasm").timeout, "a bare number: seconds");
        assertEquals(Duration.ofSeconds(3), parse("-W", "timeout=3", "m.wasm").timeout);
        assertEquals(Duration.ofMillis(1500), parse("--wasm=timeout=1.5s", "m.wasm").timeout);
        assertFalse(parse("-S", "inherit-env=n", "m.wasm").inheritEnv);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "-W max-wasm-stack=1000000       | -W max-wasm-stack=1000000: not supported",
        "-W simd=n                       | -W simd=n: pinion cannot turn off simd",
        "-W relaxed-simd                 | -W relaxed-simd: pinion does not implement relaxed-simd",
        "-W threads=y                    | -W threads=y: pinion does not implement threads",
        "-W bulk-memory=n                | -W bulk-memory=n: pinion cannot turn off bulk-memory",
        "-W fuel                         | -W fuel needs a value",
        "-W fuel=lots                    | -W fuel=lots: 'lots' is not a whole number",
        "-S inherit-network              | -S inherit-network: pinion does not implement WASI inherit-network",
        "-S cli=n                        | -S cli=n: pinion always provides WASI preview1",
        "-S frobnicate                   | -S frobnicate: not supported",
        "-S inherit-env=maybe            | -S inherit-env=maybe: expected y or n",
        "--preload m=x.wasm              | wasmtime's --preload is not supported",
        "-O opt-level=2                  | wasmtime's -O is not supported",
        "-Ccache=n                       | wasmtime's -C is not supported",
        "--mapdir /g::/h                 | wasmtime's --mapdir is not supported: use --dir HOST::GUEST",
        "--frobnicate                    | unknown option '--frobnicate'",
        "-x                              | unknown option '-x'",
        "--fuel -5                       | --fuel must be >= 0, got -5",
        "--log-level loud                | --log-level 'loud': expected error, warn, info, debug or trace",
    })
    void unsupportedOrBadFlags_oneLineNamingThem_exit2(String flags, String message) {
        List<String> argv = new java.util.ArrayList<>(List.of(flags.split(" ")));
        argv.add("m.wasm");
        Result r = execute("", argv.toArray(String[]::new));
        assertEquals(2, r.exit, r.err);
        assertEquals("", r.out);
        List<String> lines = r.err.lines().toList();
        assertEquals(2, lines.size(), r.err);
        assertTrue(lines.get(0).startsWith("pinion run: " + message), lines.get(0));
        assertEquals("See 'pinion run --help'.", lines.get(1));
    }

    @Test
    void badOptionValues_areUsageErrorsNamingTheFlag() {
        for (String[] bad : new String[][] {{"--fuel", "lots"}, {"--timeout", "soon"}, {"--max-memory", "huge"},
                {"--dir", tmp.resolve("missing").toString()}, {"--dir-ro", "::guest"}, {"--timeout", "0s"},
                {"--fuel", "-5"}}) {
            Result r = execute("", bad[0], bad[1], "m.wasm");
            assertEquals(2, r.exit, String.join(" ", bad));
            assertTrue(r.err.startsWith("pinion run: " + bad[0]), r.err);
        }
    }

    @Test
    void missingModuleArgument_isUsageError() {
        Result r = execute("");
        assertEquals(2, r.exit);
        assertEquals("pinion run: missing MODULE (the .wasm file to run)\nSee 'pinion run --help'.\n", r.err);
        assertEquals(2, execute("", "--fuel").exit);
    }

    @Test
    void moduleFileMissing_failsWithExit1() {
        Result r = execute("", tmp.resolve("nope.wasm").toString());
        assertEquals(1, r.exit);
        assertTrue(r.err.contains("nope.wasm") && r.err.contains("no such file"), r.err);
    }

    @Test
    void optionConverters() {
        assertEquals(java.time.Duration.ofMillis(1500), RunOptions.timeout("1.5s"));
        assertEquals(java.time.Duration.ofMinutes(2), RunOptions.timeout("2m"));
        assertEquals(java.time.Duration.ofSeconds(10), RunOptions.timeout("PT10S"));
        assertEquals(1024, RunOptions.memoryPages("64MiB"));
        assertEquals(16_384, RunOptions.memoryPages("1G"));
        assertEquals(1, RunOptions.memoryPages("65536"));
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
    void tierOption_compiledAndTieredRunTheSameProgramWithTheSameOutput() throws IOException {
        assumeTrue(engineBuilt(), "Pinion engine not built in this branch yet");
        assertEquals(dev.pinion.engine.Config.Tier.COMPILED, parse("--tier", "compiled", "m.wasm").tier);
        assertEquals(dev.pinion.engine.Config.Tier.TIERED, parse("--tier=tiered", "m.wasm").tier);
        String sha = Path.of("..", "bench", "src", "main", "resources", "workloads", "sha256.wasm").toString();
        Result interpreted = execute("", "--invoke", "run", sha, "2");
        assertEquals(0, interpreted.exit, interpreted.err);
        for (String tier : new String[] {"interp", "tiered", "compiled"}) {
            Result r = execute("", "--tier", tier, "--env", "PINION_A=1", module("args_env").toString(), "-x");
            assertEquals(0, r.exit, tier + ": " + r.err);
            assertEquals(execute("", "--env", "PINION_A=1", module("args_env").toString(), "-x").out, r.out, tier);
            Result w = execute("", "--tier", tier, "--invoke", "run", sha, "2");
            assertEquals(0, w.exit, tier + ": " + w.err);
            assertEquals(interpreted.out, w.out, tier);
        }
        Result bad = execute("", "--tier", "jit", "m.wasm");
        assertEquals(2, bad.exit);
        assertTrue(bad.err.startsWith("pinion run: --tier: unknown tier 'jit' (expected interp, tiered or compiled)"),
                bad.err);
    }

    @Test
    void simdProgram_runsLikeV8() throws IOException {
        // clang -msimd128 with wasm_simd128.h intrinsics; the golden output is Node 20's (see wasi-iot build.sh)
        Result r = execute("", module("simd_ops").toString());
        assertEquals(0, r.exit, r.err);
        assertEquals(Files.readString(MODULES.resolve("simd_ops.v8.txt")), r.out);
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

    // ---- issue 13: timeout reason, backtrace, exit codes, wasmtime's flags ----

    @Test
    void timeout_alwaysSaysDeadlineExceeded() {
        String m = TestModules.test("runaway.wasm").toString();
        for (int i = 0; i < 10; i++) {
            Result r = execute("", "--timeout", "30ms", "--invoke", "spin", m);
            assertEquals(RunCommand.EXIT_TRAP, r.exit, r.err);
            assertEquals("wasm trap: interrupted: deadline exceeded", r.err.lines().findFirst().orElse(""), r.err);
        }
    }

    @Test
    void callStackExhaustion_backtraceIsFoldedAndWasmtimeShaped() {
        String m = TestModules.test("runaway.wasm").toString();
        Result r = execute("", "--invoke", "recurse", m);
        assertEquals(RunCommand.EXIT_TRAP, r.exit);
        assertEquals("wasm trap: call stack exhausted\n  0: <wasm function 1>\n"
                + "  ... 9,999 more frames of <wasm function 1>\n", r.err);
        Result mutual = execute("", "--invoke", "ping_pong", m);
        assertEquals("wasm trap: call stack exhausted\n  0: <wasm function 3>\n  1: <wasm function 2>\n"
                + "  ... 9,998 more frames repeating the 2 above\n", mutual.err);
    }

    @Test
    void memoryCapBelowTheModulesMinimum_cannotInstantiate_exit1NotATrap() {
        Result r = execute("", "--max-memory", "0", module("hello").toString());
        assertEquals(RunCommand.EXIT_FAILURE, r.exit, r.err);
        assertEquals("", r.out);
        assertTrue(r.err.startsWith("pinion run: " + module("hello") + ": cannot instantiate: memory minimum of "),
                r.err);
        assertTrue(r.err.endsWith("exceeds the limit of 0 pages (--max-memory)\n"), r.err);
        Result wasmtimeSpelling = execute("", "-W", "max-memory-size=0", module("hello").toString());
        assertEquals(RunCommand.EXIT_FAILURE, wasmtimeSpelling.exit, wasmtimeSpelling.err);
    }

    @Test
    void argv0AndEnvironment_likeWasmtime() {
        String m = TestModules.test("environ.wasm").toString();
        Result plain = execute("", m, "a b");
        assertEquals("argv[0]=" + m + "\nargv[1]=a b\n", plain.out, "no host variable leaks by default");
        Result named = execute("", "--argv0", "sensor", "--env", "SITE=roof", m);
        assertEquals("argv[0]=sensor\nenv SITE=roof\n", named.out);
        // NAME alone passes the host's value (PATH is set for any test JVM); an unset NAME passes nothing.
        Result inherited = execute("", "--env", "PATH", "--env", "PINION_SURELY_UNSET_13", m);
        assertEquals("argv[0]=" + m + "\nenv PATH=" + System.getenv("PATH") + "\n", inherited.out);
        Result all = execute("", "-S", "inherit-env", "--env", "PATH=/override", m);
        List<String> env = all.out.lines().filter(l -> l.startsWith("env ")).toList();
        assertTrue(env.contains("env PATH=/override"), all.out);
        for (var e : System.getenv().entrySet()) {
            if (!e.getKey().equals("PATH")) assertTrue(env.contains("env " + e.getKey() + "=" + e.getValue()), e::getKey);
        }
    }
}
