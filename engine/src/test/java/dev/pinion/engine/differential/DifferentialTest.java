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
 * arguments (null for references), each preceded by a call of the module's "hangLimitInitializer" export,
 * which refills the global budget binaryen's generated loops and calls count down (without that, most
 * functions would return at their first budget check and test almost nothing).
 * Per call we compare: trapped or not (only that: the engines word traps
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
 *
 * <p>A third opinion is binaryen's own interpreter: generate.py records its --fuzz-exec-before output beside
 * each module (BinaryenRun reads it). Two against one decides: when Chicory or binaryen is outvoted by the other
 * two, it is taken to be wrong, reported in the summary rather than failed, and not asked again for that module
 * (its state may now differ). Pinion fails when it is outvoted, or when the only opinion left disagrees. Chicory 1.7.5 has two such bugs we know of: it rejects
 * some valid ref.func uses (see CHICORY_WRONG) and, seen in larger hunts, lets memory.init read from an active
 * data segment, which instantiation has already dropped, instead of trapping.
 */
class DifferentialTest {
    private static final int MODULES = 150;
    /**
     * For bigger hunts than the committed corpus: {@code -Dpinion.differential.dir=DIR} runs every fuzz-*.wasm
     * (with its .txt) in DIR instead, e.g. one made by {@code generate.py 2000 DIR}.
     */
    private static final String EXTERNAL_CORPUS = System.getProperty("pinion.differential.dir");
    private static final String HANG_LIMIT_INITIALIZER = "hangLimitInitializer";
    private static final FuncType NO_ARGS = FuncType.of(List.of(), List.of());
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
    private static int binaryenCompared;
    private static int binaryenSkipped;
    private static final List<String> outvoted = new ArrayList<>();
    private static int skippedExports;
    private static final List<String> skipReasons = new ArrayList<>();

    @TestFactory
    Stream<DynamicTest> pinionAgreesWithChicory() {
        return corpus(Config.Tier.INTERP);
    }

    /** The same corpus with every function compiled at instantiation (tier 2's compile-everything mode). */
    @TestFactory
    Stream<DynamicTest> pinionAgreesWithChicory_compiled() {
        return corpus(Config.Tier.COMPILED);
    }

    /** The same corpus tiered (the tests' threshold is 2): functions and loops change tier while they run. */
    @TestFactory
    Stream<DynamicTest> pinionAgreesWithChicory_tiered() {
        return corpus(Config.Tier.TIERED);
    }

    private Stream<DynamicTest> corpus(Config.Tier tier) {
        if (EXTERNAL_CORPUS != null) {
            String[] names = new java.io.File(EXTERNAL_CORPUS)
                    .list((d, n) -> n.startsWith("fuzz-") && n.endsWith(".wasm"));
            if (names == null) {
                throw new IllegalArgumentException("pinion.differential.dir is not a directory: " + EXTERNAL_CORPUS);
            }
            return Stream.of(names).sorted()
                    .map(name -> DynamicTest.dynamicTest(name, () -> compare(name, read(name), tier)));
        }
        return Stream.iterate(0, i -> i < MODULES, i -> i + 1)
                .map(i -> String.format("fuzz-%03d.wasm", i))
                .map(name -> DynamicTest.dynamicTest(name, () -> compare(name, read(name), tier)));
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
        if (Boolean.getBoolean("pinion.test.verbose")) { // a green build stays quiet unless asked
            System.out.printf("differential: %d exports compared (%d trapped on both), %d skipped %s;"
                    + " against binaryen: %d compared, %d skipped%n", comparedExports, trappedExports, skippedExports,
                    skipReasons, binaryenCompared, binaryenSkipped);
            outvoted.forEach(d -> System.out.println("differential: outvoted 2 to 1: " + d));
        }
        // The corpus is only useful if it is actually compared; a harness that skips everything must fail.
        assertTrue(comparedExports > 10 * Math.max(1, skippedExports),
                "too many skipped exports: " + skippedExports + " of " + (comparedExports + skippedExports));
    }

    /** How binaryen's recorded call differs from Pinion's, or null if it does not. */
    private static String binaryenDifference(BinaryenRun.Call b, Outcome p, List<Values.Raw> log) {
        if ((b.trap() != null) != p.trapped()) return "trapped? binaryen " + b.trap() + ", pinion " + p;
        if (!p.trapped() && !BinaryenRun.sameResult(b.result(), p.results())) {
            return "results: binaryen " + b.result() + ", pinion " + p.shown();
        }
        boolean sameLogs = b.logs().size() == log.size();
        for (int i = 0; sameLogs && i < log.size(); i++) sameLogs = BinaryenRun.sameLog(b.logs().get(i), log.get(i));
        return sameLogs ? null : "host log calls: binaryen " + b.logs() + ", pinion " + log;
    }

    private static void compare(String name, byte[] wasm, Config.Tier tier) throws IOException {
        WasmModule module = WasmModule.compile(wasm,
                Config.DEFAULT.withLimits(CallLimits.fuel(FUEL).withTimeout(TIMEOUT)).withTier(tier));
        List<Values.Raw> pinionLog = new ArrayList<>();
        List<Values.Raw> chicoryLog = new ArrayList<>();
        Instance pinion = module.instantiate(pinionImports(pinionLog));
        BinaryenRun binaryen = BinaryenRun.parse(new String(read(name.replace(".wasm", ".txt")),
                java.nio.charset.StandardCharsets.UTF_8));
        boolean binaryenInStep = true;
        try (ChicorySide chicory = chicoryOrNull(name, wasm, chicoryLog)) {
            boolean chicoryInStep = chicory != null;
            List<ExportInfo> exports = module.exports().stream()
                    .filter(e -> e.type() instanceof ExternType.Func)
                    .toList();
            boolean hangLimit = exports.stream().anyMatch(e -> e.name().equals(HANG_LIMIT_INITIALIZER));
            for (int k = 0; k < exports.size() && (chicoryInStep || binaryenInStep); k++) {
                String export = exports.get(k).name();
                FuncType type = pinion.function(export).type();
                if (hangLimit) {
                    // binaryen's harness refills the modules' loop/recursion budget before every export.
                    callPinion(pinion, HANG_LIMIT_INITIALIZER, NO_ARGS);
                    if (chicoryInStep) chicory.call(HANG_LIMIT_INITIALIZER, NO_ARGS);
                }
                pinionLog.clear();
                chicoryLog.clear();
                Outcome p = callPinion(pinion, export, type);
                Outcome c = chicoryInStep ? chicory.call(export, type) : null;
                if (p.exhausted() || (c != null && c.exhausted())) {
                    int rest = exports.size() - k;
                    skippedExports += rest;
                    skipReasons.add(name + ":" + export + " (" + (p.exhausted() ? "pinion " + p.why()
                            : "chicory " + c.why()) + ", " + rest + " skipped)");
                    return;
                }
                String where = name + " export " + export + " " + type;
                String chicoryDiffers = c == null ? null : difference(c, chicoryLog, p, pinionLog);
                BinaryenRun.Call b = binaryenInStep ? binaryen.call(export) : null;
                if (binaryenInStep && (b == null || BinaryenRun.ownLimit(b))) {
                    binaryenSkipped++;
                    binaryenInStep = false;
                    b = null;
                }
                String binaryenDiffers = b == null ? null : binaryenDifference(b, p, pinionLog);
                // Two against one decides: an engine outvoted by the other two is taken to be wrong (reported in
                // the summary, not failed) and not asked again for this module, since its state may now differ.
                // Pinion fails if it is outvoted or if the only other opinion available disagrees.
                if (chicoryDiffers != null && binaryenDiffers != null) {
                    throw new AssertionError(where + ": chicory and binaryen both differ: " + chicoryDiffers
                            + "; " + binaryenDiffers);
                }
                if (chicoryDiffers != null) {
                    assertTrue(b != null, where + ": chicory differs: " + chicoryDiffers);
                    outvoted.add("Chicory, " + where + ": " + chicoryDiffers);
                    chicoryInStep = false;
                }
                if (binaryenDiffers != null) {
                    assertTrue(c != null, where + ": binaryen differs: " + binaryenDiffers);
                    outvoted.add("binaryen, " + where + ": " + binaryenDiffers);
                    binaryenInStep = false;
                }
                if (b != null) binaryenCompared++;
                comparedExports++;
                if (p.trapped()) trappedExports++;
            }
        }
    }

    /** How Chicory's call differs from Pinion's (trapped or not, results, host log), or null if it does not. */
    private static String difference(Outcome c, List<Values.Raw> chicoryLog, Outcome p, List<Values.Raw> pinionLog) {
        if (c.trapped() != p.trapped()) return "trapped? chicory " + c + ", pinion " + p;
        if (!p.trapped() && !c.shown().equals(p.shown())) {
            return "results: chicory " + c.shown() + ", pinion " + p.shown();
        }
        if (!chicoryLog.toString().equals(pinionLog.toString())) {
            return "host log calls: chicory " + chicoryLog + ", pinion " + pinionLog;
        }
        return null;
    }

    /**
     * Chicory's instance, or null for a module Chicory wrongly rejects (listed in CHICORY_WRONG; in an external
     * hunt, any module it rejects as invalid, since generate.py keeps only modules wabt validates): such a module
     * is still compared with binaryen.
     */
    private static ChicorySide chicoryOrNull(String name, byte[] wasm, List<Values.Raw> log) {
        try {
            return new ChicorySide(wasm, log, TIMEOUT);
        } catch (com.dylibso.chicory.wasm.InvalidException e) {
            if (!CHICORY_WRONG.containsKey(name) && EXTERNAL_CORPUS == null) throw e;
            outvoted.add("Chicory, " + name + ": rejects the module: " + e.getMessage());
            return null;
        }
    }

    private static Outcome callPinion(Instance instance, String export, FuncType type) {
        Object[] args = type.params().stream().map(DifferentialTest::zero).toArray();
        try {
            Object[] results = instance.function(export).invoke(args);
            List<Values.Raw> raw = new ArrayList<>();
            for (int i = 0; i < results.length; i++) raw.add(Values.raw(type.results().get(i), results[i]));
            return Outcome.returned(raw);
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

    private static Imports pinionImports(List<Values.Raw> log) {
        HostModule.Builder fuzzing = HostModule.builder("fuzzing-support");
        for (ValType t : List.of(ValType.I32, ValType.I64, ValType.F32, ValType.F64)) {
            fuzzing.function("log-" + t.wasmName(), FuncType.of(new ValType[] {t}),
                    (caller, stack, base) -> log.add(Values.Raw.of(t, stack[base])));
        }
        return Imports.builder().add(fuzzing.build()).build();
    }

    private static byte[] read(String name) throws IOException {
        if (EXTERNAL_CORPUS != null && name.startsWith("fuzz-")) {
            return java.nio.file.Files.readAllBytes(java.nio.file.Path.of(EXTERNAL_CORPUS, name));
        }
        try (InputStream in = DifferentialTest.class.getResourceAsStream("/differential/" + name)) {
            if (in == null) throw new IOException("missing test resource /differential/" + name);
            return in.readAllBytes();
        }
    }

    /** What one call did: returned values, trapped, or ran out of fuel/time (why: the engine's message). */
    record Outcome(Kind kind, List<Values.Raw> results, String why) {
        enum Kind { RETURNED, TRAPPED, EXHAUSTED }

        static Outcome returned(List<Values.Raw> results) {
            return new Outcome(Kind.RETURNED, results, null);
        }

        static Outcome trapped(String why) {
            return new Outcome(Kind.TRAPPED, List.of(), why);
        }

        static Outcome exhausted(String why) {
            return new Outcome(Kind.EXHAUSTED, List.of(), why);
        }

        /** The results in the text form of {@link Values}: equal text means equal by this test's rules. */
        String shown() {
            return results.toString();
        }

        boolean trapped() {
            return kind == Kind.TRAPPED;
        }

        boolean exhausted() {
            return kind == Kind.EXHAUSTED;
        }
    }

}
