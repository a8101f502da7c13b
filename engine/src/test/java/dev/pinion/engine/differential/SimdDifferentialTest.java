package dev.pinion.engine.differential;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pinion.engine.CallLimits;
import dev.pinion.engine.Config;
import dev.pinion.engine.ExportInfo;
import dev.pinion.engine.ExternType;
import dev.pinion.engine.FuncType;
import dev.pinion.engine.HostModule;
import dev.pinion.engine.Imports;
import dev.pinion.engine.Instance;
import dev.pinion.engine.Trap;
import dev.pinion.engine.ValType;
import dev.pinion.engine.WasmModule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * binaryen translate-to-fuzz modules with SIMD (resources/differential/simd, made by {@code generate.py --simd})
 * on Pinion, compared with binaryen's own interpreter (its --fuzz-exec-before output, recorded beside each
 * module). The harness is {@link DifferentialTest}'s: every export once, in order, zero arguments, the module's
 * hangLimitInitializer before each; compared are trapped-or-not, the results and the calls to the
 * "fuzzing-support" log imports, log-v128 included. Chicory 1.7.5's interpreter has no SIMD, so binaryen is the
 * only other opinion here and any disagreement fails. v128 values compare bit for bit except NaN lanes (see
 * {@link BinaryenRun}).
 */
class SimdDifferentialTest {
    private static final int MODULES = 150;
    /** For bigger hunts: {@code -Dpinion.differential.simdDir=DIR} runs every fuzz-*.wasm (with its .txt) in DIR. */
    private static final String EXTERNAL_CORPUS = System.getProperty("pinion.differential.simdDir");
    private static final String HANG_LIMIT_INITIALIZER = "hangLimitInitializer";
    private static final long FUEL = 50_000_000L;
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private static int compared;
    private static int trapped;
    private static int v128Results;
    private static int v128Logs;
    private static int skipped;
    private static final List<String> skipReasons = new ArrayList<>();

    @TestFactory
    Stream<DynamicTest> pinionAgreesWithBinaryen() {
        if (EXTERNAL_CORPUS != null) {
            String[] names = new java.io.File(EXTERNAL_CORPUS).list((d, n) -> n.startsWith("fuzz-") && n.endsWith(".wasm"));
            if (names == null) throw new IllegalArgumentException("not a directory: " + EXTERNAL_CORPUS);
            return Stream.of(names).sorted().map(name -> DynamicTest.dynamicTest(name, () -> compare(name)));
        }
        return Stream.iterate(0, i -> i < MODULES, i -> i + 1)
                .map(i -> String.format("fuzz-%03d.wasm", i))
                .map(name -> DynamicTest.dynamicTest(name, () -> compare(name)));
    }

    @AfterAll
    static void summary() {
        if (Boolean.getBoolean("pinion.test.verbose")) { // a green build stays quiet unless asked
            System.out.printf("simd differential: %d exports compared with binaryen (%d trapped on both, %d v128 results,"
                    + " %d v128 logs), %d skipped %s%n", compared, trapped, v128Results, v128Logs, skipped, skipReasons);
        }
        assertTrue(compared > 10 * Math.max(1, skipped), "too many skipped exports: " + skipped + " of "
                + (compared + skipped));
    }

    private static void compare(String name) throws IOException {
        byte[] wasm = read(name);
        WasmModule module = WasmModule.compile(wasm, Config.DEFAULT.withLimits(CallLimits.fuel(FUEL).withTimeout(TIMEOUT)));
        List<Values.Raw> log = new ArrayList<>();
        Instance pinion = module.instantiate(imports(log));
        BinaryenRun binaryen = BinaryenRun.parse(new String(read(name.replace(".wasm", ".txt")), StandardCharsets.UTF_8));
        List<ExportInfo> exports = module.exports().stream().filter(e -> e.type() instanceof ExternType.Func).toList();
        boolean hangLimit = exports.stream().anyMatch(e -> e.name().equals(HANG_LIMIT_INITIALIZER));
        for (int k = 0; k < exports.size(); k++) {
            String export = exports.get(k).name();
            FuncType type = pinion.function(export).type();
            if (hangLimit) call(pinion, HANG_LIMIT_INITIALIZER, FuncType.of(List.of(), List.of()));
            log.clear();
            Object outcome = call(pinion, export, type);
            BinaryenRun.Call b = binaryen.call(export);
            if (outcome instanceof Exhausted || b == null || BinaryenRun.ownLimit(b)) {
                int rest = exports.size() - k;
                skipped += rest;
                skipReasons.add(name + ":" + export + " (" + (b == null ? "binaryen did not call it"
                        : outcome instanceof Exhausted x ? "pinion " + x.why() : "binaryen's own limit") + ")");
                return;
            }
            String where = name + " export " + export + " " + type;
            boolean pinionTrapped = outcome instanceof Trap;
            assertTrue((b.trap() != null) == pinionTrapped,
                    () -> where + ": trapped? binaryen " + b.trap() + ", pinion " + outcome);
            if (!pinionTrapped) {
                @SuppressWarnings("unchecked")
                List<Values.Raw> results = (List<Values.Raw>) outcome;
                assertTrue(BinaryenRun.sameResult(b.result(), results),
                        () -> where + ": results: binaryen " + b.result() + ", pinion " + results);
                v128Results += (int) results.stream().filter(r -> r.type() == ValType.V128).count();
            } else {
                trapped++;
            }
            boolean sameLogs = b.logs().size() == log.size();
            for (int i = 0; sameLogs && i < log.size(); i++) sameLogs = BinaryenRun.sameLog(b.logs().get(i), log.get(i));
            boolean same = sameLogs;
            assertTrue(same, () -> where + ": host log calls: binaryen " + b.logs() + ", pinion " + log);
            v128Logs += (int) log.stream().filter(r -> r.type() == ValType.V128).count();
            compared++;
        }
    }

    private record Exhausted(String why) {}

    /** The results (a List of Raw), the Trap, or an Exhausted when fuel or time ran out. */
    private static Object call(Instance instance, String export, FuncType type) {
        Object[] args = type.params().stream().map(SimdDifferentialTest::zero).toArray();
        try {
            Object[] results = instance.function(export).invoke(args);
            List<Values.Raw> raw = new ArrayList<>();
            for (int i = 0; i < results.length; i++) raw.add(Values.raw(type.results().get(i), results[i]));
            return raw;
        } catch (Trap trap) {
            return switch (trap.kind()) {
                case FUEL_EXHAUSTED, INTERRUPTED -> new Exhausted(trap.kind().message());
                default -> trap;
            };
        }
    }

    private static Object zero(ValType type) {
        return switch (type) {
            case I32 -> 0;
            case I64 -> 0L;
            case F32 -> 0f;
            case F64 -> 0d;
            case V128 -> new long[2];
            default -> null;
        };
    }

    private static Imports imports(List<Values.Raw> log) {
        HostModule.Builder fuzzing = HostModule.builder("fuzzing-support");
        for (ValType t : List.of(ValType.I32, ValType.I64, ValType.F32, ValType.F64)) {
            fuzzing.function("log-" + t.wasmName(), FuncType.of(new ValType[] {t}),
                    (caller, stack, base) -> log.add(Values.Raw.of(t, stack[base])));
        }
        fuzzing.function("log-v128", FuncType.of(new ValType[] {ValType.V128}),
                (caller, stack, base) -> log.add(new Values.Raw(ValType.V128, stack[base], stack[base + 1])));
        return Imports.builder().add(fuzzing.build()).build();
    }

    private static byte[] read(String name) throws IOException {
        if (EXTERNAL_CORPUS != null) return java.nio.file.Files.readAllBytes(java.nio.file.Path.of(EXTERNAL_CORPUS, name));
        try (InputStream in = SimdDifferentialTest.class.getResourceAsStream("/differential/simd/" + name)) {
            if (in == null) throw new IOException("missing test resource /differential/simd/" + name);
            return in.readAllBytes();
        }
    }
}
