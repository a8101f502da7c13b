package dev.pinion.engine.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pinion.engine.CallLimits;
import dev.pinion.engine.Config;
import dev.pinion.engine.ExportInfo;
import dev.pinion.engine.ExternType;
import dev.pinion.engine.FuncType;
import dev.pinion.engine.HostModule;
import dev.pinion.engine.Imports;
import dev.pinion.engine.Instance;
import dev.pinion.engine.InvalidModuleException;
import dev.pinion.engine.MalformedModuleException;
import dev.pinion.engine.Trap;
import dev.pinion.engine.ValType;
import dev.pinion.engine.WasmException;
import dev.pinion.engine.WasmModule;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs binaryen's translate-to-fuzz modules (resources/differential, made by generate.py there) on Pinion and on
 * Chicory's interpreter and requires the two to agree, export by export.
 *
 * <p>Like binaryen's own --fuzz-exec, every exported function is called once, in export order, with zero
 * arguments (null for references). Per call we compare: trapped or not (only that: the engines word traps
 * differently), the results, and the sequence of calls the module made to the "fuzzing-support" log imports.
 * Values are compared bit for bit, except that any NaN equals any NaN: the spec leaves NaN payloads produced by
 * arithmetic nondeterministic, so two correct engines may differ there. References are compared as null or not;
 * function identities are not comparable across engines.
 *
 * <p>A trap does not end the comparison of a module: Wasm 2.0 checks bounds before any byte of a store or a bulk
 * memory operation is written, so a trapping call leaves both instances in the same state, and later exports
 * still see identical memory and globals. Running out of fuel (Pinion) or time (either) is different: one side
 * stopped at an arbitrary point, so that export and the rest of the module are skipped and counted, not failed.
 * binaryen's modules bound their own loops and recursion with a hang-limit global, so skips should be rare.
 */
class DifferentialTest {
    private static final int MODULES = 150;
    private static final String CHICORY_REF_FUNC = "Chicory rejects a ref.func in a function body as an"
            + " 'undeclared function reference' although the function is named by an active element segment or an"
            + " export, which the spec counts as declared (C.refs); wasm-validate accepts the module";
    private static final long FUEL = 50_000_000L;
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    /**
     * Modules Chicory (1.7.5) gets wrong, with the reason. Each was checked against the spec and wabt's
     * wasm-validate, which agree with Pinion.
     */
    private static final Map<String, String> CHICORY_WRONG = Map.of(
            "fuzz-036.wasm", CHICORY_REF_FUNC, "fuzz-103.wasm", CHICORY_REF_FUNC, "fuzz-131.wasm", CHICORY_REF_FUNC);

    private static int comparedExports;
    private static int trappedExports;
    private static int skippedExports;
    private static final List<String> skipReasons = new ArrayList<>();

    @TestFactory
    Stream<DynamicTest> pinionAgreesWithChicory() {
        return Stream.iterate(0, i -> i < MODULES, i -> i + 1)
                .map(i -> String.format("fuzz-%03d.wasm", i))
                .filter(name -> !CHICORY_WRONG.containsKey(name))
                .map(name -> DynamicTest.dynamicTest(name, () -> compare(name, read(name))));
    }

    /** The modules wasm-validate rejected at generation time (binaryen overstepping Wasm 2.0) must fail here too. */
    @TestFactory
    Stream<DynamicTest> pinionRejectsWhatWabtRejects() throws IOException {
        List<String> names;
        try (InputStream list = DifferentialTest.class.getResourceAsStream("/differential/invalid/index.txt")) {
            names = new String(list.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
        }
        assertTrue(names.size() >= 10, "invalid/index.txt lists too few modules: " + names.size());
        return names.stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            byte[] wasm = read("invalid/" + name);
            WasmException e = assertThrows(WasmException.class, () -> WasmModule.compile(wasm));
            assertTrue(e instanceof MalformedModuleException || e instanceof InvalidModuleException,
                    name + ": expected a malformed or invalid module, got " + e);
        }));
    }

    @AfterAll
    static void summary() {
        System.out.printf("differential: %d exports compared (%d trapped on both), %d skipped %s%n", comparedExports,
                trappedExports, skippedExports, skipReasons);
        // The corpus is only useful if it is actually compared; a harness that skips everything must fail.
        assertTrue(comparedExports > 10 * Math.max(1, skippedExports),
                "too many skipped exports: " + skippedExports + " of " + (comparedExports + skippedExports));
    }

    private static void compare(String name, byte[] wasm) {
        WasmModule module = WasmModule.compile(wasm,
                Config.DEFAULT.withLimits(CallLimits.fuel(FUEL).withTimeout(TIMEOUT)));
        List<String> pinionLog = new ArrayList<>();
        List<String> chicoryLog = new ArrayList<>();
        Instance pinion = module.instantiate(pinionImports(pinionLog));
        try (ChicorySide chicory = new ChicorySide(wasm, chicoryLog, TIMEOUT)) {
            List<ExportInfo> exports = module.exports().stream()
                    .filter(e -> e.type() instanceof ExternType.Func)
                    .toList();
            for (int k = 0; k < exports.size(); k++) {
                String export = exports.get(k).name();
                FuncType type = pinion.function(export).type();
                pinionLog.clear();
                chicoryLog.clear();
                Outcome p = callPinion(pinion, export, type);
                Outcome c = chicory.call(export, type);
                if (p.exhausted() || c.exhausted()) {
                    int rest = exports.size() - k;
                    skippedExports += rest;
                    skipReasons.add(name + ":" + export + " (" + (p.exhausted() ? "pinion " + p.value()
                            : "chicory " + c.value()) + ", " + rest + " skipped)");
                    return;
                }
                String where = name + " export " + export + " " + type;
                assertEquals(c.trapped(), p.trapped(), where + ": trapped? chicory " + c + ", pinion " + p);
                if (!p.trapped()) assertEquals(c.value(), p.value(), where + ": results");
                assertEquals(chicoryLog, pinionLog, where + ": host log calls");
                comparedExports++;
                if (p.trapped()) trappedExports++;
            }
        }
    }

    private static Outcome callPinion(Instance instance, String export, FuncType type) {
        Object[] args = type.params().stream().map(DifferentialTest::zero).toArray();
        try {
            Object[] results = instance.function(export).invoke(args);
            List<String> shown = new ArrayList<>();
            for (int i = 0; i < results.length; i++) shown.add(Values.show(type.results().get(i), results[i]));
            return Outcome.returned(String.join(", ", shown));
        } catch (Trap trap) {
            return switch (trap.kind()) {
                case FUEL_EXHAUSTED, INTERRUPTED -> Outcome.exhausted(trap.kind().message());
                default -> Outcome.trapped(trap.kind().message());
            };
        }
    }

    private static Object zero(ValType type) {
        return switch (type) {
            case I32 -> 0;
            case I64 -> 0L;
            case F32 -> 0f;
            case F64 -> 0d;
            default -> null;
        };
    }

    private static Imports pinionImports(List<String> log) {
        HostModule.Builder fuzzing = HostModule.builder("fuzzing-support");
        for (ValType t : List.of(ValType.I32, ValType.I64, ValType.F32, ValType.F64)) {
            fuzzing.function("log-" + t.wasmName(), FuncType.of(new ValType[] {t}),
                    (caller, stack, base) -> log.add(Values.showRaw(t, stack[base])));
        }
        return Imports.builder().add(fuzzing.build()).build();
    }

    private static byte[] read(String name) throws IOException {
        try (InputStream in = DifferentialTest.class.getResourceAsStream("/differential/" + name)) {
            if (in == null) throw new IOException("missing test resource /differential/" + name);
            return in.readAllBytes();
        }
    }

    /** What one call did: returned values (shown as text), trapped, or ran out of fuel/time. */
    record Outcome(Kind kind, String value) {
        enum Kind { RETURNED, TRAPPED, EXHAUSTED }

        static Outcome returned(String values) {
            return new Outcome(Kind.RETURNED, values);
        }

        static Outcome trapped(String why) {
            return new Outcome(Kind.TRAPPED, why);
        }

        static Outcome exhausted(String why) {
            return new Outcome(Kind.EXHAUSTED, why);
        }

        boolean trapped() {
            return kind == Kind.TRAPPED;
        }

        boolean exhausted() {
            return kind == Kind.EXHAUSTED;
        }
    }

}
