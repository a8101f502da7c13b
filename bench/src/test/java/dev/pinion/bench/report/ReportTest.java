package dev.pinion.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportTest {
    /** Two workloads, Pinion 2x and 8x faster than Chicory's interpreter, in JMH's JSON shape. */
    private static final String JMH = """
            [
              {"jmhVersion":"1.37","benchmark":"dev.pinion.bench.WorkloadBenchmark.run","mode":"avgt","jdkVersion":"25.0.3",
               "vmName":"OpenJDK 64-Bit Server VM","jvmArgs":["-Xmx1g"],
               "params":{"runtime":"pinion","workload":"fib"},"primaryMetric":{"score":10.0,"scoreError":"NaN","scoreUnit":"ms/op"}},
              {"benchmark":"dev.pinion.bench.WorkloadBenchmark.run","params":{"runtime":"chicory-interpreter","workload":"fib"},
               "primaryMetric":{"score":20.0,"scoreError":1.5e-1,"scoreUnit":"ms/op"}},
              {"benchmark":"dev.pinion.bench.WorkloadBenchmark.run","params":{"runtime":"pinion","workload":"sieve"},
               "primaryMetric":{"score":1.0,"scoreError":0.1,"scoreUnit":"ms/op"}},
              {"benchmark":"dev.pinion.bench.WorkloadBenchmark.run","params":{"runtime":"chicory-interpreter","workload":"sieve"},
               "primaryMetric":{"score":8.0,"scoreError":0.1,"scoreUnit":"ms/op"}},
              {"benchmark":"dev.pinion.bench.HostCallBenchmark.withHostCall","params":{"runtime":"pinion"},
               "primaryMetric":{"score":30.0,"scoreError":0.1,"scoreUnit":"ns/op"}},
              {"benchmark":"dev.pinion.bench.HostCallBenchmark.emptyLoop","params":{"runtime":"pinion"},
               "primaryMetric":{"score":5.0,"scoreError":0.1,"scoreUnit":"ns/op"}}
            ]""";

    private static Report report() {
        return new Report(JmhResult.parse(JMH),
                List.of("name,n,checksum,ns_per_call,calls", "fib,25,75025,1000000.0,10", "sieve,2,1,500000.0,10"), null);
    }

    @Test
    void parse_jmhJson_readsBenchmarkParamsAndScores() {
        List<JmhResult> results = JmhResult.parse(JMH);
        assertEquals(6, results.size());
        JmhResult first = results.getFirst();
        assertEquals("WorkloadBenchmark.run", first.benchmark());
        assertEquals(Map.of("runtime", "pinion", "workload", "fib"), first.params());
        assertEquals(10.0, first.score());
        assertTrue(Double.isNaN(first.error()));
        assertEquals(0.15, results.get(1).error(), 1e-12);
    }

    @Test
    void markdown_pinionAndChicory_reportsRatiosAndGeomean() {
        String md = report().markdown();
        assertTrue(md.contains("| fib | 1.00 | 10.0 (10.0×) | 20.0 (20.0×) | — | — | 2.00× faster | — | 10.0× slower |"), md);
        assertTrue(md.contains("**4.00× faster**"), md); // geomean of 2 and 8
        assertTrue(md.contains("geomean ≥ 5× faster than Chicory's interpreter: **not met** (4.00×)"), md);
        assertTrue(md.contains("no workload slower than Chicory's interpreter: **met**"), md);
        assertTrue(md.contains("a host call < 50 ns: **met** (30.0 ns per loop iteration"), md);
        assertTrue(md.contains("| pinion | 30.0 | 5.00 | 25.0 |"), md);
        assertTrue(md.contains("< 5 ms: **not measured**"), md);
    }

    @Test
    void speed_belowOne_readsAsSlower() {
        assertEquals("4.00× faster", Report.speed(4));
        assertEquals("4.00× slower", Report.speed(0.25));
    }

    @Test
    void geomean_ofPowersOfTwo_isExact() {
        assertEquals(4.0, Report.geomean(List.of(2.0, 8.0)), 1e-12);
    }

    @Test
    void fmt_keepsThreeSignificantDigits() {
        assertEquals("0.0123", Report.fmt(0.012345));
        assertEquals("1.23", Report.fmt(1.2345));
        assertEquals("12.3", Report.fmt(12.345));
        assertEquals("1235", Report.fmt(1234.5));
    }

    @Test
    void parse_brokenJson_saysWhereItBroke() {
        var e = assertThrows(IllegalArgumentException.class, () -> Json.parse("[{\"a\": 1,}]"));
        assertEquals("JSON: expected '\"' at offset 9", e.getMessage());
    }
}
