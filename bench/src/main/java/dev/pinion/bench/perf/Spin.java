package dev.pinion.bench.perf;

import dev.pinion.bench.Workload;
import dev.pinion.bench.runtime.WasmRuntime;

/**
 * Profiling entry point, not a benchmark: runs workloads on one runtime for a few seconds each and prints the
 * best and median ms per call, so HotSpot diagnostics (-XX:+PrintCompilation, JFR) can be attached to a plain
 * JVM. Numbers that are reported come from JMH. Usage: {@code Spin runtime seconds workload...}; a duration
 * written as {@code 40x} means 40 calls instead (then the total time is printed too: warm-up included, as a
 * short-lived {@code pinion run} would see it). {@code -Dspin.warmup=SECONDS} runs that long unrecorded first.
 * Each call's CPU time (of the calling thread: JIT compilation and GC threads excluded) is printed beside its
 * wall time; on a loaded machine it is the steadier of the two, for A/B comparisons of engine builds.
 */
public final class Spin {
    private Spin() {}

    public static void main(String[] args) {
        String runtime = args[0];
        boolean byCount = args[1].endsWith("x");
        double amount = Double.parseDouble(byCount ? args[1].substring(0, args[1].length() - 1) : args[1]);
        double warmup = Double.parseDouble(System.getProperty("spin.warmup", "0"));
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int a = 2; a < args.length; a++) {
            Workload w = Workload.named(args[a]);
            try (WasmRuntime rt = WasmRuntime.create(runtime)) {
                WasmRuntime.Export run = rt.load(w.wasm()).instantiate().export("run");
                for (long until = System.nanoTime() + (long) (warmup * 1e9); System.nanoTime() < until; ) {
                    w.verify(runtime, run.call(w.n()));
                }
                long start = System.nanoTime();
                long end = start + (long) (amount * 1e9);
                double best = Double.MAX_VALUE;
                java.util.ArrayList<Double> all = new java.util.ArrayList<>();
                java.util.ArrayList<Double> cpu = new java.util.ArrayList<>();
                while (byCount ? all.size() < amount : System.nanoTime() < end) {
                    long c0 = threads.getCurrentThreadCpuTime();
                    long t0 = System.nanoTime();
                    long r = run.call(w.n());
                    double ms = (System.nanoTime() - t0) / 1e6;
                    cpu.add((threads.getCurrentThreadCpuTime() - c0) / 1e6);
                    w.verify(runtime, r);
                    best = Math.min(best, ms);
                    all.add(ms);
                }
                double total = (System.nanoTime() - start) / 1e6;
                java.util.Collections.sort(all);
                java.util.Collections.sort(cpu);
                System.out.printf("%-14s %-20s best %8.3f ms  median %8.3f ms  cpu best %8.3f ms  cpu median %8.3f ms"
                        + "  calls %d  total %.0f ms%n", w.name(), runtime, best, all.get(all.size() / 2), cpu.get(0),
                        cpu.get(cpu.size() / 2), all.size(), total);
            }
        }
    }
}
