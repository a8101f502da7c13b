package dev.pinion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pinion run} in a real child JVM: the process's own stdin/stdout/stderr file descriptors and its exit
 * status, which in-process tests cannot see. The child runs the jar's main class, {@link Main}, on the main
 * class path only: without the test resources, whose tinylog-test.properties would hide stray log lines.
 */
class RunCommandProcessTest {
    @TempDir Path tmp;

    record Proc(int exit, String out, String err) {}

    /** {@code pinion run ARGS} in a child JVM, {@code stdin} on its standard input. */
    static Proc run(String stdin, String... args) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of("run"));
        line.addAll(List.of(args));
        return pinion(List.of(), stdin, line.toArray(String[]::new));
    }

    /** {@code pinion ARGS} in a child JVM with these JVM options. */
    static Proc pinion(List<String> jvmOptions, String stdin, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        // as both launchers run it: their jar's manifest says Enable-Native-Access (linear memory off the heap)
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", mainClassPath(), Main.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child finished");
        return new Proc(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    /** This JVM's class path without the test classes and resources. */
    private static String mainClassPath() {
        String testClasses = Path.of(RunCommandProcessTest.class.getProtectionDomain().getCodeSource().getLocation()
                .getPath()).toString();
        List<String> kept = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!Path.of(entry).toString().equals(testClasses)) kept.add(entry);
        }
        return String.join(File.pathSeparator, kept);
    }

    static String module(String name) {
        return RunCommandTest.module(name).toString();
    }

    @Test
    void stdio_exitCodes_andTraps_inARealProcess() throws Exception {
        Proc hello = run("", module("hello"));
        assertEquals(0, hello.exit);
        assertEquals("hello, world\n", hello.out);
        assertEquals("", hello.err, "no log lines at the default level (tinylog unconfigured logs everything)");

        Proc stdin = run("one\ntwo words\nthree", module("stdin_stats"));
        assertEquals(RunCommandTest.golden("stdin_stats"), stdin.out);

        Proc exit = run("", module("exit_code"), "42");
        assertEquals(42, exit.exit);
        assertEquals("exiting with 42\n", exit.out);
        assertEquals("", exit.err);

        Proc trap = run("", module("trap"));
        assertEquals(134, trap.exit);
        assertEquals("before trap\n", trap.out);
        assertTrue(trap.err.startsWith("wasm trap: unreachable"), trap.err);

        Proc usage = run("", "--no-such-flag", module("hello"));
        assertEquals(2, usage.exit);
        assertTrue(usage.err.contains("--no-such-flag"), usage.err);
    }

    @Test
    void preopenAndArgs_inARealProcess() throws Exception {
        Path base = Files.createDirectory(tmp.resolve("base"));
        Proc files = run("", "--dir", base + "::/work", module("files"), "/work");
        assertEquals(0, files.exit, files.err);
        assertEquals(RunCommandTest.golden("files"), files.out);
        Proc args = run("", "--env", "PINION_A=1", "--env", "PINION_B=two words", module("args_env"),
                "-x", "--flag", "with space");
        assertEquals(RunCommandTest.golden("args_env"), args.out);
    }

    @Test
    void withoutTheWordRun_likeWasmtime() throws Exception {
        Proc hello = pinion(List.of(), "", module("hello"));
        assertEquals(0, hello.exit, hello.err);
        assertEquals("hello, world\n", hello.out);
        Proc invoke = pinion(List.of(), "", "--invoke", "add", module("reactor"), "40", "2");
        assertEquals("42\n", invoke.out, invoke.err);
        Proc missing = pinion(List.of(), "", tmp.resolve("absent.wasm").toString());
        assertEquals(1, missing.exit);
        assertEquals("pinion run: cannot read module '" + tmp.resolve("absent.wasm") + "': no such file\n", missing.err);
    }

    /**
     * Usage errors of run lines and unknown commands come out at once: one line and a hint, without loading
     * picocli (whose model of the commands cost 1-2 s on a small board before).
     */
    @Test
    void usageErrors_oneLineAndAHint_withoutPicocli() throws Exception {
        Path classLog = tmp.resolve("classes.log");
        List<String> logClasses = List.of("-Xlog:class+load=info:file=" + classLog);
        Proc bogus = pinion(logClasses, "", "run", "--bogus", module("hello"));
        assertEquals(2, bogus.exit);
        assertEquals("pinion run: unknown option '--bogus'\nSee 'pinion run --help'.\n", bogus.err);
        assertEquals("", bogus.out);
        assertTrue(Files.readString(classLog).contains("dev.pinion.cli.RunArguments"), "the log is the child's");
        assertFalse(Files.readString(classLog).contains("picocli."), "picocli was loaded for a run usage error");

        Proc unknown = pinion(logClasses, "", "valdate", "x.wasm");
        assertEquals(2, unknown.exit);
        assertEquals("pinion: 'valdate' is not a pinion command (" + String.join(", ", Main.COMMANDS) + ") nor a "
                + "module file to run\nDid you mean 'validate'?\nSee 'pinion --help'.\n", unknown.err);
        assertFalse(Files.readString(classLog).contains("picocli."), "picocli was loaded for an unknown command");
    }

    @Test
    void exitCodes_matchTheReadme() throws Exception {
        assertEquals(1, run("", "--max-memory", "0", module("hello")).exit, "cannot instantiate: 1, not a trap");
        assertEquals(134, run("", module("trap")).exit);
        assertEquals(2, run("", "-W", "unknown-imports-trap", module("hello")).exit);
        assertEquals(2, pinion(List.of(), "", "validate").exit);
        assertEquals(1, pinion(List.of(), "", "validate", tmp.resolve("absent.wasm").toString()).exit);
    }
}
