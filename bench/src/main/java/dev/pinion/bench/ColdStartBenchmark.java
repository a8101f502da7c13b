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
 * Cold start of a module of about 10 KB, 100 KB and 1 MB (generated C, see gen_sized.py), after JVM warm-up:
 * {@code coldStart} is decode + validate + lower + instantiate + the first call of an export, what a gateway
 * pays when an update arrives; {@code instantiate} is instantiation alone from an already loaded module, what
 * it pays per extra instance.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ColdStartBenchmark {
    @Param({"small", "medium", "large"})
    public String size;

    @Param({"pinion", "chicory-interpreter", "chicory-compiler", "graalwasm"})
    public String runtime;

    private WasmRuntime wasm;
    private byte[] bytes;
    private WasmRuntime.Module loaded;

    @Setup(Level.Trial)
    public void setUp() {
        wasm = WasmRuntime.create(runtime);
        bytes = Workload.resource("/modules/" + size + ".wasm");
        loaded = wasm.load(bytes);
    }

    @Benchmark
    public long coldStart() {
        try (WasmRuntime.Module module = wasm.load(bytes)) {
            return module.instantiate().export("entry").call(7);
        }
    }

    @Benchmark
    public Object instantiate() {
        return loaded.instantiate();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        loaded.close();
        wasm.close();
    }
}
