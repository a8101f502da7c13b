package dev.pinion.bench;

import dev.pinion.bench.runtime.WasmRuntime;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Host-call overhead: a Wasm loop of {@link #CALLS} iterations that each call the host function
 * {@code env.tick}, against the same loop with the call replaced by the same arithmetic. Scores are ns per
 * iteration; {@code withHostCall - emptyLoop} is the cost of one call into Java and back.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HostCallBenchmark {
    static final int CALLS = 100_000;

    @Param({"pinion", "chicory-interpreter", "chicory-compiler", "graalwasm"})
    public String runtime;

    private WasmRuntime wasm;
    private WasmRuntime.Export loop;
    private WasmRuntime.Export loopEmpty;
    private long expected;

    @Setup(Level.Trial)
    public void setUp() {
        wasm = WasmRuntime.create(runtime);
        WasmRuntime.Instance instance = wasm.load(Workload.resource("/modules/hostcall.wasm")).instantiate();
        loop = instance.export("loop");
        loopEmpty = instance.export("loop_empty");
        expected = expectedSum(CALLS);
        check(loop.call(CALLS));
        check(loopEmpty.call(CALLS));
    }

    /** Sum of (k XOR 1) for k = n..1, mod 2^32: what both loops must return. */
    static long expectedSum(int n) {
        int acc = 0;
        for (int k = n; k > 0; k--) acc += WasmRuntime.tick(k);
        return acc & 0xFFFF_FFFFL;
    }

    private void check(long result) {
        if (result != expected) throw new IllegalStateException(runtime + " host-call loop returned " + result + ", expected " + expected);
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public long withHostCall() {
        return loop.call(CALLS);
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public long emptyLoop() {
        return loopEmpty.call(CALLS);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        wasm.close();
    }
}
