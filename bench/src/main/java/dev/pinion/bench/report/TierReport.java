package dev.pinion.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the tier run of {@code bench/run.sh tiers} (one JMH run of {@code WorkloadBenchmark} on Pinion's three
 * tiers and Chicory's interpreter and compiler) into bench/README.md's tier-2 section and
 * {@code results/tiers/results.md}: ms per call side by side, the speed ratios the issue sets targets for, and
 * their geomeans. Only the section between {@value #BEGIN} and {@value #END} is replaced.
 *
 * <p>Usage: {@code TierReport TIERS_DIR README.md}; TIERS_DIR holds {@code jmh.json}, any further passes of the
 * same run as {@code jmh-pass2.json}, {@code jmh-pass3.json}, ... (each score is then the median of the passes,
 * see {@link JmhResult#medianOfPasses}) and, if present, {@code machine.txt} (one line about the machine's load,
 * written by run.sh).
 */
public final class TierReport {
    static final String BEGIN = "<!-- tiers:begin -->";
    static final String END = "<!-- tiers:end -->";
    static final List<String> RUNTIMES = List.of("pinion", "pinion-tiered", "pinion-compiled", "chicory-interpreter",
            "chicory-compiler");
    static final List<String> TIERS = List.of("pinion-tiered", "pinion-compiled");
    private static final String RUN = "WorkloadBenchmark.run";

    private final Report scores;
    private final List<JmhResult> jmh;
    private final List<String> workloads;
    private final String machine;

    TierReport(List<JmhResult> jmh, String machine) {
        this.jmh = jmh;
        this.scores = new Report(jmh, List.of("name"), null);
        this.workloads = new ArrayList<>();
        for (JmhResult r : jmh) {
            String w = r.param("workload");
            if (r.benchmark().equals(RUN) && w != null && !workloads.contains(w)) workloads.add(w);
        }
        this.machine = machine;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: TierReport TIERS_DIR README.md");
            System.exit(2);
        }
        Path dir = Path.of(args[0]), readme = Path.of(args[1]);
        Path machineFile = dir.resolve("machine.txt");
        List<List<JmhResult>> passes = new ArrayList<>();
        passes.add(JmhResult.parse(Files.readString(dir.resolve("jmh.json"))));
        for (int k = 2; Files.exists(dir.resolve("jmh-pass" + k + ".json")); k++) {
            passes.add(JmhResult.parse(Files.readString(dir.resolve("jmh-pass" + k + ".json"))));
        }
        TierReport report = new TierReport(JmhResult.medianOfPasses(passes),
                Files.exists(machineFile) ? Files.readString(machineFile).strip() : "");
        String section = report.markdown();
        Files.writeString(dir.resolve("results.md"), section);
        Files.writeString(readme, Report.withSection(Files.readString(readme), BEGIN, END, section, readme));
        System.out.println("wrote the tier section of " + readme + " and " + dir.resolve("results.md"));
    }

    double score(String workload, String runtime) {
        return scores.score(RUN, "workload", workload, runtime);
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        if (!jmh.isEmpty()) {
            JmhResult first = jmh.getFirst();
            md.append("JDK ").append(first.jdkVersion()).append(" (").append(first.vmName()).append("), ")
                    .append(first.settings()).append(" per workload and runtime; JVM flags `")
                    .append(String.join(" ", first.jvmArgs())).append("`.");
            int passes = 1;
            for (JmhResult r : jmh) passes = Math.max(passes, r.forks().size());
            if (passes > 1) {
                List<String> repeated = new ArrayList<>();
                for (String r : RUNTIMES) {
                    for (JmhResult row : jmh) {
                        if (r.equals(row.param("runtime")) && row.forks().size() > 1) {
                            repeated.add(label(r));
                            break;
                        }
                    }
                }
                md.append(" The whole run was made ").append(passes).append(" times in a row for ")
                        .append(String.join(", ", repeated)).append(" (one fork per workload each time), the others "
                                + "once; a score is the median of its forks.");
            }
            if (!machine.isEmpty()) md.append(' ').append(machine);
            md.append("\n\n");
        }
        md.append(table()).append('\n').append(targets());
        return md.toString();
    }

    private String table() {
        StringBuilder t = new StringBuilder("| workload | ");
        RUNTIMES.forEach(r -> t.append(label(r)).append(" | "));
        t.append("tiered vs Chicory compiler | compiled vs Chicory compiler | tiered vs Chicory interp. | "
                + "compiled vs Chicory interp. | tiered vs Pinion interp. | compiled vs Pinion interp. |\n|---|");
        for (int i = 0; i < RUNTIMES.size() + 6; i++) t.append("---:|");
        t.append('\n');
        for (String w : workloads) {
            t.append("| ").append(w).append(" | ");
            for (String r : RUNTIMES) {
                double s = score(w, r);
                t.append(Report.fmt(s)).append(scores.noisy(RUN, "workload", w, r) ? "†" : "").append(" | ");
            }
            for (String peer : List.of("chicory-compiler", "chicory-interpreter", "pinion")) {
                for (String tier : TIERS) t.append(cell(score(w, peer) / score(w, tier))).append(" | ");
            }
            t.append('\n');
        }
        t.append("| **geomean** | ");
        for (String r : RUNTIMES) t.append(" | ");
        for (String peer : List.of("chicory-compiler", "chicory-interpreter", "pinion")) {
            for (String tier : TIERS) t.append("**").append(cell(geomean(tier, peer))).append("** | ");
        }
        t.append("\n\nMilliseconds per `run(n)` call (lower is better); ratios are the peer's time over Pinion's tier "
                + "(\"2.00× faster\": Pinion takes half the time). — means not measured; † marks a score whose 99.9% "
                + "confidence interval is wider than ±50% of it.\n");
        return t.toString();
    }

    private String targets() {
        StringBuilder t = new StringBuilder("Targets of the issue, by geomean over the ").append(workloads.size())
                .append(" workloads:\n\n");
        for (String tier : TIERS) {
            String name = tier.substring("pinion-".length());
            double vsCompiler = geomean(tier, "chicory-compiler"), vsInterp = geomean(tier, "chicory-interpreter");
            t.append("- ").append(name).append(" ≥ 1.5× faster than Chicory's compiler: ")
                    .append(verdict(vsCompiler, 1.5));
            double best = bestForkGeomean(tier, "chicory-compiler");
            if (!Double.isNaN(best)) {
                t.append("; by each runtime's fastest fork instead of the median: ").append(Report.speed(best));
            }
            t.append('\n');
            t.append("- ").append(name).append(" ≥ 10× faster than Chicory's interpreter: ")
                    .append(verdict(vsInterp, 10)).append('\n');
            double worst = Double.POSITIVE_INFINITY;
            String worstName = null;
            for (String w : workloads) {
                double r = score(w, "pinion") / score(w, tier);
                if (!Double.isNaN(r) && r < worst) {
                    worst = r;
                    worstName = w;
                }
            }
            t.append("- ").append(name).append(" no workload slower than Pinion's interpreter: ")
                    .append(worstName == null ? "**not measured**" : "**" + (worst >= 1 ? "met" : "not met")
                            + "** (least gain: " + worstName + ", " + Report.speed(worst) + ")")
                    .append('\n');
        }
        return t.toString();
    }

    /** Geomean over all workloads of peer time / tier time, NaN unless every workload has both scores. */
    double geomean(String tier, String peer) {
        List<Double> ratios = new ArrayList<>();
        for (String w : workloads) {
            double r = score(w, peer) / score(w, tier);
            if (Double.isNaN(r)) return Double.NaN;
            ratios.add(r);
        }
        return ratios.isEmpty() ? Double.NaN : Report.geomean(ratios);
    }

    /**
     * Geomean of peer time / tier time taking each side's fastest fork, NaN unless some row has more than one
     * fork: what the two compare at when neither was slowed down by the machine.
     */
    double bestForkGeomean(String tier, String peer) {
        List<Double> ratios = new ArrayList<>();
        boolean repeated = false;
        for (String w : workloads) {
            JmhResult p = row(w, peer), t = row(w, tier);
            if (p == null || t == null) return Double.NaN;
            repeated |= p.forks().size() > 1 || t.forks().size() > 1;
            ratios.add(java.util.Collections.min(p.forks()) / java.util.Collections.min(t.forks()));
        }
        return repeated ? Report.geomean(ratios) : Double.NaN;
    }

    private JmhResult row(String workload, String runtime) {
        for (JmhResult r : jmh) {
            if (r.benchmark().equals(RUN) && workload.equals(r.param("workload")) && runtime.equals(r.param("runtime"))) {
                return r;
            }
        }
        return null;
    }

    /** Column heading of a runtime id. */
    static String label(String runtime) {
        return switch (runtime) {
            case "pinion" -> "Pinion interp";
            case "pinion-tiered" -> "Pinion tiered";
            case "pinion-compiled" -> "Pinion compiled";
            case "chicory-interpreter" -> "Chicory interp.";
            case "chicory-compiler" -> "Chicory compiler";
            default -> runtime;
        };
    }

    private static String cell(double ratio) {
        return Double.isNaN(ratio) ? "—" : Report.speed(ratio);
    }

    private static String verdict(double ratio, double target) {
        if (Double.isNaN(ratio)) return "**not measured**";
        return "**" + (ratio >= target ? "met" : "not met") + "** (" + Report.speed(ratio) + ")";
    }
}
