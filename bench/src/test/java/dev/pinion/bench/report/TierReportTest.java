package dev.pinion.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TierReportTest {
    /** One JMH row of WorkloadBenchmark.run in JMH's JSON shape. */
    private static String row(String runtime, String workload, double ms) {
        return """
                {"benchmark":"dev.pinion.bench.WorkloadBenchmark.run","forks":1,"warmupIterations":4,"warmupTime":"1500 ms",
                 "measurementIterations":5,"measurementTime":"1 s","jdkVersion":"25.0.3","vmName":"OpenJDK 64-Bit Server VM",
                 "jvmArgs":["-Xmx2g"],"params":{"runtime":"%s","workload":"%s"},
                 "primaryMetric":{"score":%s,"scoreError":0.01,"scoreUnit":"ms/op"}}""".formatted(runtime, workload, ms);
    }

    /**
     * fib: tiered 2x / compiled 4x faster than Chicory's compiler, 20x / 40x its interpreter, 10x / 20x Pinion's
     * interpreter; sieve: tiered 8x / compiled 4x faster than Chicory's compiler, 0.5x of Pinion's interpreter.
     */
    private static TierReport report() {
        List<String> rows = new ArrayList<>(List.of(
                row("pinion", "fib", 10), row("pinion-tiered", "fib", 1), row("pinion-compiled", "fib", 0.5),
                row("chicory-interpreter", "fib", 20), row("chicory-compiler", "fib", 2),
                row("pinion", "sieve", 1), row("pinion-tiered", "sieve", 2), row("pinion-compiled", "sieve", 0.5),
                row("chicory-interpreter", "sieve", 40), row("chicory-compiler", "sieve", 16)));
        return new TierReport(JmhResult.parse("[" + String.join(",", rows) + "]"), "load 0.1");
    }

    @Test
    void geomean_overWorkloads_isPeerTimeOverTierTime() {
        TierReport r = report();
        assertEquals(4.0, r.geomean("pinion-tiered", "chicory-compiler"), 1e-9);   // sqrt(2 * 8)
        assertEquals(Math.sqrt(4 * 32), r.geomean("pinion-compiled", "chicory-compiler"), 1e-9);
        assertEquals(Math.sqrt(10 * 0.5), r.geomean("pinion-tiered", "pinion"), 1e-9);
        assertTrue(Double.isNaN(r.geomean("pinion-tiered", "graalwasm")), "a peer that did not run gives NaN");
    }

    @Test
    void markdown_showsRowsRatiosSettingsAndVerdicts() {
        String md = report().markdown();
        assertTrue(md.contains("1 fork, 4 × 1500 ms warm-up, 5 × 1 s measurement"), md);
        assertTrue(md.contains("load 0.1"), md);
        assertTrue(md.contains("| workload | Pinion interp | Pinion tiered | Pinion compiled | Chicory interp. | Chicory compiler |"), md);
        assertTrue(md.contains("| fib | 10.0 | 1.00 | 0.500 | 20.0 | 2.00 | 2.00× faster | 4.00× faster | 20.0× faster | "
                + "40.0× faster | 10.0× faster | 20.0× faster |"), md);
        assertTrue(md.contains("tiered ≥ 1.5× faster than Chicory's compiler: **met** (4.00× faster)"), md);
        assertTrue(md.contains("tiered ≥ 10× faster than Chicory's interpreter: **met** (20.0× faster)"), md);
        assertTrue(md.contains("tiered no workload slower than Pinion's interpreter: **not met** (least gain: sieve, 2.00× slower)"), md);
        assertTrue(md.contains("compiled no workload slower than Pinion's interpreter: **met** (least gain: sieve, 2.00× faster)"), md);
    }

    /** Two more passes of tiered and Chicory's compiler: fib's tiered forks 1, 3, 1.2 and compiler forks 2, 2.2, 5. */
    private static TierReport threePasses() {
        List<String> pass1 = List.of(
                row("pinion", "fib", 10), row("pinion-tiered", "fib", 1), row("pinion-compiled", "fib", 0.5),
                row("chicory-interpreter", "fib", 20), row("chicory-compiler", "fib", 2));
        List<String> pass2 = List.of(row("pinion-tiered", "fib", 3), row("chicory-compiler", "fib", 2.2));
        List<String> pass3 = List.of(row("pinion-tiered", "fib", 1.2), row("chicory-compiler", "fib", 5));
        List<List<JmhResult>> passes = new ArrayList<>();
        for (List<String> p : List.of(pass1, pass2, pass3)) passes.add(JmhResult.parse("[" + String.join(",", p) + "]"));
        return new TierReport(JmhResult.medianOfPasses(passes), "");
    }

    @Test
    void passes_scoreIsTheMedianOfTheForks_andTheFastestForksAreReportedBeside() {
        TierReport r = threePasses();
        assertEquals(1.2, r.score("fib", "pinion-tiered"), 1e-9);
        assertEquals(2.2, r.score("fib", "chicory-compiler"), 1e-9);
        assertEquals(10, r.score("fib", "pinion"), 1e-9, "a runtime of one pass keeps its score");
        assertEquals(2.2 / 1.2, r.geomean("pinion-tiered", "chicory-compiler"), 1e-9);
        assertEquals(2.0 / 1.0, r.bestForkGeomean("pinion-tiered", "chicory-compiler"), 1e-9);
        String md = r.markdown();
        assertTrue(md.contains("made 3 times in a row for Pinion tiered, Chicory compiler (one fork per workload each "
                + "time), the others once; a score is the median of its forks."), md);
        assertTrue(md.contains("tiered ≥ 1.5× faster than Chicory's compiler: **met** (1.83× faster); by each "
                + "runtime's fastest fork instead of the median: 2.00× faster"), md);
    }

    @Test
    void medianOfPasses_evenCountTakesTheMeanOfTheMiddleTwo() {
        List<List<JmhResult>> passes = new ArrayList<>();
        for (double ms : new double[] {4, 1, 2, 8}) passes.add(JmhResult.parse("[" + row("pinion-tiered", "fib", ms) + "]"));
        JmhResult joined = JmhResult.medianOfPasses(passes).getFirst();
        assertEquals(3.0, joined.score(), 1e-9);
        assertEquals(3.5, joined.error(), 1e-9);
        assertEquals(List.of(4.0, 1.0, 2.0, 8.0), joined.forks());
    }
}
