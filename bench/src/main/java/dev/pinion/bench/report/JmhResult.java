package dev.pinion.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One row of JMH's JSON output: benchmark method (simple class.method), its parameters and its score.
 *
 * @param benchmark e.g. {@code WorkloadBenchmark.run}
 * @param params    JMH parameters, e.g. runtime and workload
 * @param score     mean score in {@code unit}
 * @param error     99.9% confidence half-width, NaN when JMH could not compute one
 * @param unit      e.g. {@code ms/op}
 * @param settings  forks, warm-up and measurement iterations, e.g. {@code 1 fork, 4 × 1500 ms warm-up, 5 × 1 s}
 * @param forks     the score of each fork this row stands for, in the order they ran (one for a row as JMH wrote
 *                  it; one per pass for a row of {@link #medianOfPasses})
 */
record JmhResult(String benchmark, Map<String, String> params, double score, double error, String unit,
                 String jdkVersion, String vmName, List<String> jvmArgs, String settings, List<Double> forks) {

    String param(String name) {
        return params.get(name);
    }

    @SuppressWarnings("unchecked")
    static List<JmhResult> parse(String json) {
        List<JmhResult> results = new ArrayList<>();
        for (Object o : (List<Object>) Json.parse(json)) {
            Map<String, Object> row = (Map<String, Object>) o;
            String full = (String) row.get("benchmark");
            String[] parts = full.split("\\.");
            String benchmark = parts[parts.length - 2] + "." + parts[parts.length - 1];
            Map<String, String> params = new java.util.TreeMap<>();
            if (row.get("params") instanceof Map<?, ?> p) p.forEach((k, v) -> params.put((String) k, (String) v));
            Map<String, Object> metric = (Map<String, Object>) row.get("primaryMetric");
            List<String> jvmArgs = new ArrayList<>();
            if (row.get("jvmArgs") instanceof List<?> a) a.forEach(x -> jvmArgs.add(String.valueOf(x)));
            results.add(new JmhResult(benchmark, params, number(metric.get("score")), number(metric.get("scoreError")),
                    (String) metric.get("scoreUnit"), (String) row.get("jdkVersion"), (String) row.get("vmName"), jvmArgs,
                    settings(row), List.of(number(metric.get("score")))));
        }
        return results;
    }

    /**
     * Joins the rows of several passes of the same JMH run (each pass one fork per benchmark and parameters) into
     * one row per benchmark and parameters, in the first pass's order: the score is the median of the passes'
     * scores (the mean of the middle two for an even count), the error half the range between the fastest and the
     * slowest. A row missing from some passes is the median of those it is in.
     *
     * <p>Why passes and not JMH's {@code -f 3}: JMH runs the forks of one benchmark back to back, and on a shared
     * machine whose speed changes for tens of seconds at a time they are then slow or fast together; passes put
     * minutes between them.
     */
    static List<JmhResult> medianOfPasses(List<List<JmhResult>> passes) {
        Map<String, List<JmhResult>> byKey = new java.util.LinkedHashMap<>();
        for (List<JmhResult> pass : passes) {
            for (JmhResult r : pass) byKey.computeIfAbsent(r.benchmark() + r.params(), k -> new ArrayList<>()).add(r);
        }
        List<JmhResult> joined = new ArrayList<>();
        for (List<JmhResult> rows : byKey.values()) {
            JmhResult first = rows.getFirst();
            if (rows.size() == 1) {
                joined.add(first);
                continue;
            }
            List<Double> forks = new ArrayList<>();
            rows.forEach(r -> forks.addAll(r.forks()));
            List<Double> sorted = forks.stream().sorted().toList();
            int n = sorted.size();
            double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
            joined.add(new JmhResult(first.benchmark(), first.params(), median, (sorted.getLast() - sorted.getFirst()) / 2,
                    first.unit(), first.jdkVersion(), first.vmName(), first.jvmArgs(), first.settings(),
                    List.copyOf(forks)));
        }
        return joined;
    }

    private static String settings(Map<String, Object> row) {
        Object forks = row.get("forks");
        if (forks == null) return "";
        long f = Math.round(number(forks));
        return f + (f == 1 ? " fork, " : " forks, ") + Math.round(number(row.get("warmupIterations"))) + " × "
                + row.get("warmupTime") + " warm-up, " + Math.round(number(row.get("measurementIterations"))) + " × "
                + row.get("measurementTime") + " measurement";
    }

    private static double number(Object o) {
        if (o instanceof Double d) return d;
        if (o instanceof String s) return Double.parseDouble(s); // "NaN", "Infinity"
        return Double.NaN;
    }
}
