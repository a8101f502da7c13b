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
 * Does SIMD pay in an interpreter? The same C source (simd_workloads.txt) built without SIMD ({@code dot_i8},
 * {@code fir_f32}) and with {@code -msimd128} ({@code *_simd}), one {@code run(n)} call per operation on a warm
 * instance, checked against the native checksum like {@link WorkloadBenchmark}. A runtime that cannot load a
 * SIMD module fails its setup, and JMH reports that pair as an error without a number.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4, time = 1500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SimdBenchmark {
    @Param({"dot_i8", "dot_i8_simd", "fir_f32", "fir_f32_simd"})
    public String workload;

    @Param({"pinion", "chicory-interpreter", "chicory-compiler"})
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
        if (wasm != null) wasm.close();
    }
}
