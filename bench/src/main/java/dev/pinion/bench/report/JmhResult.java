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
 */
record JmhResult(String benchmark, Map<String, String> params, double score, double error, String unit,
                 String jdkVersion, String vmName, List<String> jvmArgs, String settings) {

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
                    settings(row)));
        }
        return results;
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
