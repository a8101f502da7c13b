package dev.pinion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code pinion run} in a real child JVM: the process's own stdin/stdout/stderr file descriptors and its exit
 * status, which in-process tests cannot see. The child runs {@link Main}, a stand-in for the CLI main class.
 */
class RunCommandProcessTest {
    @TempDir Path tmp;

    /** Test-only entry point wired the way the CLI main class should: fast path, picocli for the rest. */
    public static final class Main {
        public static void main(String[] args) {
            Integer code = RunCommand.runFast(args);
            System.exit(code != null ? code : new CommandLine(new RunCommand()).execute(args));
        }
    }

    record Proc(int exit, String out, String err) {}

    static Proc run(String stdin, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child finished");
        return new Proc(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    static String module(String name) {
        return RunCommandTest.module(name).toString();
    }

    @Test
    void stdio_exitCodes_andTraps_inARealProcess() throws Exception {
        Proc hello = run("", module("hello"));
        assertEquals(0, hello.exit);
        assertEquals("hello, world\n", hello.out);

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
}
