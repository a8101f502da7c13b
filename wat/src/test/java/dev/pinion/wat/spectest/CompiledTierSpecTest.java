package dev.pinion.wat.spectest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pinion.engine.Config;
import dev.pinion.engine.internal.tier2.CodeCache;
import dev.pinion.engine.internal.tier2.Tier2;
import dev.pinion.testkit.Testsuite;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The core spec suite (wast2json's JSON and binaries) in the compile-everything tier: every function of every
 * module goes through tier 2's compiler, those outside its subset stay interpreted (counted by reason and printed).
 * The same assertions must pass and be skipped as in the interpreter's run ({@link SpecSuiteTest}). Then the same in
 * the tiered mode with functions changing tier while the suite runs.
 */
class CompiledTierSpecTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void coreSuite_passesInTheCompiledTier() throws IOException {
        run("compiled tier", Config.Tier.COMPILED, 6000);
    }

    /**
     * The same with every function split into regions of four instructions (the form of a function too large
     * for one JVM method): control crosses region methods at nearly every branch, the frame lives in the value
     * stack.
     */
    @Test
    void coreSuite_passesWithEveryFunctionSplit() throws IOException {
        int saved = CodeCache.splitEvery(4);
        try {
            run("compiled tier, every function split", Config.Tier.COMPILED, 6000);
        } finally {
            CodeCache.splitEvery(saved);
        }
    }

    /**
     * The tiered mode with a threshold of 2 (read at instantiation): functions are compiled in the background
     * while the script's assertions call them, so calls and loops switch tier at arbitrary points.
     */
    @Test
    void coreSuite_passesTiered() throws IOException {
        String before = System.getProperty("pinion.tier2.threshold");
        System.setProperty("pinion.tier2.threshold", "2");
        try {
            run("tiered", Config.Tier.TIERED, 0);
        } finally {
            if (before == null) System.clearProperty("pinion.tier2.threshold");
            else System.setProperty("pinion.tier2.threshold", before);
        }
    }

    private static void run(String label, Config.Tier tier, int minCompiled) throws IOException {
        Path core = Testsuite.core();
        SpecRunner compiled = new SpecRunner(SpecRunner.Options.DEFAULT.withConfig(Config.DEFAULT.withTier(tier)));
        long compiledBefore = Tier2.compiledCount();
        Map<String, Long> rejectedBefore = Tier2.rejected();
        int passed = 0, skipped = 0;
        List<String> failures = new ArrayList<>();
        for (Path json : SpecScripts.find(core, false)) {
            Script script = JSON.readValue(json.toFile(), Script.class);
            for (Outcome o : compiled.runAll(script, json.getParent())) {
                switch (o.status()) {
                    case PASSED -> passed++;
                    case SKIPPED -> skipped++;
                    case FAILED -> failures.add(o.location() + " " + o.command() + ": " + o.message());
                }
            }
        }
        long compiledFunctions = Tier2.compiledCount() - compiledBefore;
        StringBuilder rejected = new StringBuilder();
        Tier2.rejected().forEach((reason, n) -> {
            long d = n - rejectedBefore.getOrDefault(reason, 0L);
            if (d > 0) rejected.append("\n  ").append(d).append(" ").append(reason);
        });
        System.out.println(label + ": " + passed + " passed, " + skipped + " skipped, " + failures.size()
                + " failed; functions compiled: " + compiledFunctions + "; left interpreted:" + rejected);
        assertEquals(List.of(), failures.subList(0, Math.min(50, failures.size())),
                failures.size() + " assertions fail in the " + label + " run");
        assertTrue(compiledFunctions >= minCompiled, "the suite's functions went through the compiler: " + compiledFunctions);
        // every instruction has a compiled form: only size keeps a function interpreted
        Tier2.rejected().forEach((reason, n) -> {
            if (n > rejectedBefore.getOrDefault(reason, 0L)) {
                assertTrue(reason.startsWith("over "), "left interpreted: " + reason);
            }
        });
    }
}
