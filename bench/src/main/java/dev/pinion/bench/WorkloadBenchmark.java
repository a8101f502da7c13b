package dev.pinion.bench;

import dev.pinion.bench.runtime.WasmRuntime;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Steady-state speed: one call of a workload's {@code run(n)} on a warm instance, per runtime. The setup checks
 * the first result against the native checksum and every measured call checks it again (one compare), so a
 * runtime that computes the wrong thing fails loudly instead of reporting a number.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class WorkloadBenchmark {
    @Param({"fib", "sieve", "nbody", "mandelbrot", "sha256", "crc32", "matmul", "quicksort", "bytecode_vm",
            "sensor_filter", "tokenizer"})
    public String workload;

    @Param({"pinion", "chicory-interpreter", "chicory-compiler", "graalwasm"})
    public String runtime;

    private WasmRuntime wasm;
    private WasmRuntime.Export run;
    private Workload w;

    @Setup(Level.Trial)
    public void setUp() {
        w = Workload.named(workload);
        wasm = WasmRuntime.create(runtime);
        run = wasm.load(w.wasm()).instantiate().export("run");
        w.verify(runtime, run.call(w.n()));
    }

    @Benchmark
    public long run() {
        long result = run.call(w.n());
        if (result != w.checksum()) w.verify(runtime, result);
        return result;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        wasm.close();
    }
}
