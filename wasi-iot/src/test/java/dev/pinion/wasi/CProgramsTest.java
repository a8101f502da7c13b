package dev.pinion.wasi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The C programs in src/test/c (and a Rust std program in src/test/rust), compiled by clang and Debian's rustc for
 * wasm32-wasi (committed .wasm), run against our preview1
 * implementation. Where the program's behaviour is plain POSIX, its output must equal the same source compiled
 * natively with gcc (golden *.native.txt files written by build.sh). Every test runs on each engine that is
 * available: Pinion's own, and Chicory as an independent second engine.
 */
class CProgramsTest {
    @TempDir Path tmp;

    static Stream<GuestRunner> engines() {
        return Stream.of(new PinionRunner(), new ChicoryRunner());
    }

    static byte[] wasm(String name) throws IOException {
        try (InputStream in = CProgramsTest.class.getResourceAsStream("/wasm/" + name + ".wasm")) {
            if (in == null) throw new IllegalStateException("missing test module " + name + ".wasm");
            return in.readAllBytes();
        }
    }

    static String golden(String name) throws IOException {
        try (InputStream in = CProgramsTest.class.getResourceAsStream("/wasm/" + name + ".native.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Result of one run: exit code and captured output. */
    record Run(int exit, String out, String err) {}

    static Run run(GuestRunner engine, String module, WasiConfig.Builder cfg) throws IOException {
        assumeTrue(engine.available(), engine.name() + " engine not built in this branch yet");
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int exit = engine.run(wasm(module), cfg.stdout(out).stderr(err).build());
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @MethodSource("engines")
    void hello_matchesNative(GuestRunner engine) throws IOException {
        Run r = run(engine, "hello", WasiConfig.builder().arg("hello"));
        assertEquals(0, r.exit);
        assertEquals(golden("hello"), r.out);
    }

    @ParameterizedTest
    @MethodSource("engines")
    void argsAndEnv_matchNative(GuestRunner engine) throws IOException {
        Run r = run(engine, "args_env", WasiConfig.builder().args(List.of("args_env", "-x", "--flag", "with space"))
                .env("PINION_A", "1").env("PINION_B", "two words"));
        assertEquals(golden("args_env"), r.out);
    }

    @ParameterizedTest
    @MethodSource("engines")
    void files_matchNative(GuestRunner engine) throws IOException {
        Path base = Files.createDirectory(tmp.resolve("base"));
        Run r = run(engine, "files", WasiConfig.builder().args(List.of("files", "/work"))
                .preopen(new Preopen(base, "/work", false)));
        assertEquals(golden("files"), r.out);
        assertEquals(0, r.exit);
        try (Stream<Path> left = Files.list(base)) {
            assertEquals(0, left.count(), "the program cleans up after itself");
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void clocksAndRandom_matchNative(GuestRunner engine) throws IOException {
        assertEquals(golden("clocks_random"), run(engine, "clocks_random", WasiConfig.builder()).out);
    }

    @ParameterizedTest
    @MethodSource("engines")
    void stdin_matchesNative(GuestRunner engine) throws IOException {
        Run r = run(engine, "stdin_stats", WasiConfig.builder()
                .stdin(new ByteArrayInputStream("one\ntwo words\nthree".getBytes(StandardCharsets.UTF_8))));
        assertEquals(golden("stdin_stats"), r.out);
    }

    @ParameterizedTest
    @MethodSource("engines")
    void rustStd_matchesNative(GuestRunner engine) throws IOException {
        Path base = Files.createDirectory(tmp.resolve("tour-base"));
        Run r = run(engine, "std_tour", WasiConfig.builder().args(List.of("std_tour", "/base", "7"))
                .env("TOUR_X", "1").env("TOUR_Y", "y y").preopen(new Preopen(base, "/base", false))
                .stdin(new ByteArrayInputStream("ab\ncd".getBytes(StandardCharsets.UTF_8))));
        assertEquals(golden("std_tour"), r.out);
        assertEquals(7, r.exit);
    }

    @ParameterizedTest
    @MethodSource("engines")
    void exitCodes_passThroughAndFlushStdout(GuestRunner engine) throws IOException {
        for (int code : new int[] {0, 3, 125}) {
            Run r = run(engine, "exit_code", WasiConfig.builder().args(List.of("exit_code", "" + code)));
            assertEquals(code, r.exit);
            assertEquals("exiting with " + code + "\n", r.out);
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void trap_propagatesAfterOutput(GuestRunner engine) throws IOException {
        assumeTrue(engine.available(), engine.name() + " engine not built in this branch yet");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] module = wasm("trap");
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> engine.run(module, WasiConfig.builder().stdout(out).build()));
        assertTrue(String.valueOf(e.getMessage()).contains("unreachable"), e.toString());
        assertEquals("before trap\n", out.toString(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @MethodSource("engines")
    void sandbox_everyEscapeFails(GuestRunner engine) throws IOException {
        Path outside = tmp;
        Files.writeString(outside.resolve("secret.txt"), "secret");
        Path base = Files.createDirectory(tmp.resolve("jail"));
        Files.createDirectory(base.resolve("sub"));
        Files.writeString(base.resolve("inside.txt"), "ok");
        Files.createSymbolicLink(base.resolve("abs_link"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(base.resolve("rel_link"), Path.of("../secret.txt"));
        Files.createSymbolicLink(base.resolve("dir_link"), Path.of(".."));
        Files.createSymbolicLink(base.resolve("chain_link"), Path.of("sub/../rel_link"));
        Files.createSymbolicLink(base.resolve("loop_a"), Path.of("loop_b"));
        Files.createSymbolicLink(base.resolve("loop_b"), Path.of("loop_a"));
        Run r = run(engine, "sandbox", WasiConfig.builder().args(List.of("sandbox", "/jail"))
                .preopen(new Preopen(base, "/jail", false)));
        assertEquals("""
                open inside.txt: OK
                open ../secret.txt: EPERM
                open sub/../../secret.txt: EPERM
                open abs_link: EPERM
                open rel_link: EPERM
                open dir_link/secret.txt: EPERM
                open chain_link: EPERM
                open loop_a: ELOOP
                open ../created.txt: EPERM
                open dir_link/created.txt: EPERM
                open /etc/passwd: ENOTCAPABLE
                rename out: EPERM
                link out: EPERM
                rename via dir_link: EPERM
                symlink absolute: EPERM
                stat ..: EPERM
                lstat rel_link: OK
                stat rel_link: EPERM
                """, r.out);
        assertEquals(List.of("jail", "secret.txt"), Files.list(outside).map(p -> p.getFileName().toString()).sorted().toList());
        assertEquals("secret", Files.readString(outside.resolve("secret.txt")));
    }

    /**
     * 216 of the 236 SIMD instructions (clang's wasm_simd128.h intrinsics, -msimd128) over edge-value inputs, one
     * result hash per instruction; the golden output is V8's (Node 20). Pinion only: Chicory 1.7.5's
     * interpreter has no SIMD.
     */
    @org.junit.jupiter.api.Test
    void simdIntrinsics_matchV8() throws IOException {
        Run r = run(new PinionRunner(), "simd_ops", WasiConfig.builder().arg("simd_ops"));
        assertEquals(0, r.exit, r.err);
        String expected;
        try (InputStream in = CProgramsTest.class.getResourceAsStream("/wasm/simd_ops.v8.txt")) {
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(231, expected.lines().count(), "one line per instruction");
        assertEquals(expected, r.out);
    }
}
