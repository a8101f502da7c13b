package dev.pinion.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns one benchmark run into bench/README.md's results section and bench/results/chart.png.
 * Reads JMH's JSON ({@code -rf json}), the native reference CSV (run-native.sh) and, if present, the
 * instance footprint CSV (InstanceFootprint). The section between the README's
 * {@value #BEGIN} and {@value #END} markers is replaced; everything else in the README is left alone.
 *
 * <p>Usage: {@code Report RESULTS_DIR README.md}
 */
public final class Report {
    static final String BEGIN = "<!-- results:begin -->";
    static final String END = "<!-- results:end -->";
    static final List<String> RUNTIMES = List.of("pinion", "chicory-interpreter", "chicory-compiler", "graalwasm");

    private final List<JmhResult> jmh;
    private final Map<String, double[]> nativeMs = new LinkedHashMap<>(); // name -> {ms per call}
    private final List<String[]> footprint;

    Report(List<JmhResult> jmh, List<String> nativeCsv, List<String> footprintCsv) {
        this.jmh = jmh;
        for (String line : nativeCsv.subList(1, nativeCsv.size())) {
            String[] f = line.split(",");
            nativeMs.put(f[0], new double[] {Double.parseDouble(f[3]) / 1e6});
        }
        this.footprint = new ArrayList<>();
        if (footprintCsv != null) footprintCsv.stream().skip(1).forEach(l -> footprint.add(l.split(",", -1)));
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: Report RESULTS_DIR README.md");
            System.exit(2);
        }
        Path dir = Path.of(args[0]), readme = Path.of(args[1]);
        Path footprintCsv = dir.resolve("footprint.csv");
        Report report = new Report(JmhResult.parse(Files.readString(dir.resolve("jmh.json"))),
                Files.readAllLines(dir.resolve("native.csv")),
                Files.exists(footprintCsv) ? Files.readAllLines(footprintCsv) : null);
        report.chart(dir.resolve("chart.png"));
        String section = report.markdown();
        Files.writeString(dir.resolve("results.md"), section);
        String text = Files.exists(readme) ? Files.readString(readme) : BEGIN + "\n" + END + "\n";
        Files.writeString(readme, withSection(text, BEGIN, END, section, readme));
        System.out.println("wrote " + readme + ", " + dir.resolve("results.md") + " and " + dir.resolve("chart.png"));
    }

    /** {@code text} with what lies between the {@code begin} and {@code end} markers replaced by {@code section}. */
    static String withSection(String text, String begin, String end, String section, Path where) {
        int b = text.indexOf(begin), e = text.indexOf(end);
        if (b < 0 || e < b) throw new IllegalStateException(where + " has no " + begin + " ... " + end + " section");
        return text.substring(0, b + begin.length()) + "\n" + section + text.substring(e);
    }

    /** Score of one benchmark with these params, or NaN if it was not run or failed. */
    double score(String benchmark, String key, String value, String runtime) {
        for (JmhResult r : jmh) {
            if (r.benchmark().equals(benchmark) && value.equals(r.param(key)) && runtime.equals(r.param("runtime"))) {
                return r.score();
            }
        }
        return Double.NaN;
    }

    /** True when JMH's 99.9% confidence half-width exceeds half the score: the number is mostly noise. */
    boolean noisy(String benchmark, String key, String value, String runtime) {
        for (JmhResult r : jmh) {
            if (r.benchmark().equals(benchmark) && value.equals(r.param(key)) && runtime.equals(r.param("runtime"))) {
                return r.error() > 0.5 * r.score();
            }
        }
        return false;
    }

    double score(String benchmark, String runtime) {
        for (JmhResult r : jmh) if (r.benchmark().equals(benchmark) && runtime.equals(r.param("runtime"))) return r.score();
        return Double.NaN;
    }

    List<String> workloads() {
        return new ArrayList<>(nativeMs.keySet());
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append(machine()).append('\n');
        md.append(workloadTable()).append('\n');
        md.append(targets()).append('\n');
        md.append(coldStartTable()).append('\n');
        md.append(hostCallTable()).append('\n');
        if (!footprint.isEmpty()) md.append(footprintTable()).append('\n');
        md.append("![Time per call relative to native code, log scale](results/chart.png)\n\n");
        return md.toString();
    }

    private String machine() {
        String cpu = "unknown CPU";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).strip();
                    break;
                }
            }
        } catch (IOException ignored) {
            // not Linux: keep "unknown CPU"
        }
        String jdk = jmh.isEmpty() ? System.getProperty("java.version") : jmh.getFirst().jdkVersion() + " (" + jmh.getFirst().vmName() + ")";
        String args = jmh.isEmpty() ? "" : String.join(" ", jmh.getFirst().jvmArgs());
        return "Run of " + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"))
                + " on " + cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores, JDK " + jdk
                + ", " + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ".\n"
                + (args.isEmpty() ? "" : "JVM flags of the benchmark forks: `" + args + "`.\n");
    }

    private String workloadTable() {
        StringBuilder t = new StringBuilder("### Workloads: milliseconds per `run(n)` call (and × native time)\n\n");
        t.append("| workload | native | ");
        RUNTIMES.forEach(r -> t.append(r).append(" | "));
        t.append("Pinion vs Chicory interp. | Pinion vs Chicory compiler | Pinion vs native |\n|---|---:|");
        RUNTIMES.forEach(r -> t.append("---:|"));
        t.append("---:|---:|---:|\n");
        List<Double> vsInterp = new ArrayList<>(), vsCompiler = new ArrayList<>(), vsNative = new ArrayList<>();
        Map<String, List<Double>> slowdowns = new LinkedHashMap<>();
        for (String w : workloads()) {
            double nat = nativeMs.get(w)[0];
            t.append("| ").append(w).append(" | ").append(fmt(nat)).append(" | ");
            for (String r : RUNTIMES) {
                double s = score("WorkloadBenchmark.run", "workload", w, r);
                t.append(Double.isNaN(s) ? "—" : fmt(s) + (noisy("WorkloadBenchmark.run", "workload", w, r) ? "†" : "")
                        + " (" + fmt(s / nat) + "×)").append(" | ");
                if (!Double.isNaN(s)) slowdowns.computeIfAbsent(r, k -> new ArrayList<>()).add(s / nat);
            }
            double p = score("WorkloadBenchmark.run", "workload", w, "pinion");
            double ci = score("WorkloadBenchmark.run", "workload", w, "chicory-interpreter");
            double cc = score("WorkloadBenchmark.run", "workload", w, "chicory-compiler");
            t.append(ratio(ci / p, vsInterp)).append(" | ")
                    .append(ratio(cc / p, vsCompiler)).append(" | ")
                    .append(ratio(nat / p, vsNative)).append(" |\n");
        }
        t.append("| **geomean** | | ");
        for (String r : RUNTIMES) {
            List<Double> s = slowdowns.get(r);
            t.append(s == null || s.size() < workloads().size() ? "—" : "**" + fmt(geomean(s)) + "× native**").append(" | ");
        }
        t.append(geo(vsInterp)).append(" | ").append(geo(vsCompiler)).append(" | ").append(geo(vsNative)).append(" |\n");
        t.append("\n— means not measured: the runtime failed to set up (see the run log) or was not run. "
                + "† marks a score whose 99.9% confidence interval is wider than ±50% of it (noise; see results/jmh.json).\n");
        return t.toString();
    }

    private String targets() {
        StringBuilder t = new StringBuilder("### Targets\n\n");
        List<Double> speedups = new ArrayList<>();
        double worst = Double.POSITIVE_INFINITY;
        String worstName = null;
        for (String w : workloads()) {
            double s = score("WorkloadBenchmark.run", "workload", w, "chicory-interpreter")
                    / score("WorkloadBenchmark.run", "workload", w, "pinion");
            if (Double.isNaN(s)) continue;
            speedups.add(s);
            if (s < worst) {
                worst = s;
                worstName = w;
            }
        }
        if (speedups.size() < workloads().size()) {
            t.append("- Pinion geomean ≥ 5× faster than Chicory's interpreter, no workload slower: **not measured** (Pinion did not run every workload).\n");
        } else {
            double g = geomean(speedups);
            t.append("- Pinion geomean ≥ 5× faster than Chicory's interpreter: **").append(g >= 5 ? "met" : "not met")
                    .append("** (").append(fmt(g)).append("×)\n");
            t.append("- no workload slower than Chicory's interpreter: **").append(worst >= 1 ? "met" : "not met")
                    .append("** (slowest relative: ").append(worstName).append(", ").append(fmt(worst)).append("×)\n");
        }
        double cold = score("ColdStartBenchmark.coldStart", "size", "medium", "pinion");
        t.append("- 100 KB module decoded, validated, lowered and instantiated (plus first call) in < 5 ms: **")
                .append(Double.isNaN(cold) ? "not measured" : (cold < 5 ? "met" : "not met") + "** (" + fmt(cold) + " ms)")
                .append(Double.isNaN(cold) ? "**" : "").append('\n');
        // Judged on the whole loop iteration with its call: an upper bound on the call alone, and robust where
        // noise makes the call-free loop measure slower than the loop with the call.
        double call = score("HostCallBenchmark.withHostCall", "pinion");
        t.append("- a host call < 50 ns: **")
                .append(Double.isNaN(call) ? "not measured**" : (call < 50 ? "met" : "not met") + "** (" + fmt(call)
                        + " ns per loop iteration including the call, an upper bound)")
                .append('\n');
        return t.toString();
    }

    private String coldStartTable() {
        StringBuilder t = new StringBuilder("### Cold start: milliseconds for decode + validate + lower + instantiate + first call (instantiate alone)\n\n| module | ");
        RUNTIMES.forEach(r -> t.append(r).append(" | "));
        t.append("\n|---|");
        RUNTIMES.forEach(r -> t.append("---:|"));
        t.append('\n');
        for (String[] size : new String[][] {{"small", "~10 KB"}, {"medium", "~100 KB"}, {"large", "~1 MB"}}) {
            t.append("| ").append(size[0]).append(" (").append(size[1]).append(") | ");
            for (String r : RUNTIMES) {
                double cold = score("ColdStartBenchmark.coldStart", "size", size[0], r);
                double inst = score("ColdStartBenchmark.instantiate", "size", size[0], r);
                t.append(Double.isNaN(cold) ? "—" : fmt(cold)).append(" (").append(Double.isNaN(inst) ? "—" : fmt(inst)).append(") | ");
            }
            t.append('\n');
        }
        return t.toString();
    }

    private String hostCallTable() {
        StringBuilder t = new StringBuilder("### Host calls: ns per loop iteration\n\n| runtime | loop with host call | same loop, no call | cost of one call |\n|---|---:|---:|---:|\n");
        for (String r : RUNTIMES) {
            double with = score("HostCallBenchmark.withHostCall", r), without = score("HostCallBenchmark.emptyLoop", r);
            t.append("| ").append(r).append(" | ").append(Double.isNaN(with) ? "—" : fmt(with)).append(" | ")
                    .append(Double.isNaN(without) ? "—" : fmt(without)).append(" | ")
                    .append(Double.isNaN(with - without) ? "—" : with < without ? "< noise" : fmt(with - without)).append(" |\n");
        }
        return t.toString();
    }

    private String footprintTable() {
        StringBuilder t = new StringBuilder("### Memory per instance: KiB allocated per instantiation / KiB retained per live instance\n\n| runtime | module | allocated | retained | note |\n|---|---|---:|---:|---|\n");
        for (String[] f : footprint) {
            t.append("| ").append(f[0]).append(" | ").append(f[1]).append(" | ")
                    .append(f[2].isEmpty() ? "—" : fmt(Long.parseLong(f[2]) / 1024.0)).append(" | ")
                    .append(f[3].isEmpty() ? "—" : fmt(Long.parseLong(f[3]) / 1024.0)).append(" | ")
                    .append(f.length > 4 ? f[4] : "").append(" |\n");
        }
        return t.toString();
    }

    void chart(Path png) throws IOException {
        List<String> groups = new ArrayList<>(workloads());
        groups.add("geomean");
        double[][] values = new double[groups.size()][RUNTIMES.size()];
        for (int si = 0; si < RUNTIMES.size(); si++) {
            List<Double> all = new ArrayList<>();
            for (int gi = 0; gi < workloads().size(); gi++) {
                String w = workloads().get(gi);
                double v = score("WorkloadBenchmark.run", "workload", w, RUNTIMES.get(si)) / nativeMs.get(w)[0];
                values[gi][si] = v;
                if (!Double.isNaN(v)) all.add(v);
            }
            values[groups.size() - 1][si] = all.size() == workloads().size() ? geomean(all) : Double.NaN;
        }
        BarChart.write(png, "Time per run(n) call relative to native gcc -O2 (lower is better; below 1x = faster than native)",
                "× native time (log scale)", groups, RUNTIMES, values);
    }

    /** A speed ratio (other time / Pinion time) as "3.10× faster" or "2.50× slower". */
    static String speed(double r) {
        return r >= 1 ? fmt(r) + "× faster" : fmt(1 / r) + "× slower";
    }

    private static String ratio(double r, List<Double> into) {
        if (Double.isNaN(r)) return "—";
        into.add(r);
        return speed(r);
    }

    private String geo(List<Double> values) {
        return values.size() < workloads().size() ? "—" : "**" + speed(geomean(values)) + "**";
    }

    static double geomean(List<Double> values) {
        double logSum = 0;
        for (double v : values) logSum += Math.log(v);
        return Math.exp(logSum / values.size());
    }

    /** Three significant digits, no exponent: 0.0123, 1.23, 12.3, 1234. */
    static String fmt(double v) {
        if (Double.isNaN(v)) return "—";
        double a = Math.abs(v);
        String pattern = a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : a >= 0.1 ? "%.3f" : "%.4f";
        return String.format(Locale.ROOT, pattern, v);
    }
}
