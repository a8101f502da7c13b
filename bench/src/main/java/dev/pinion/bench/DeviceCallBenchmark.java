package dev.pinion.bench;

import dev.pinion.device.Board;
import dev.pinion.device.sim.SimBoard;
import dev.pinion.engine.FuncType;
import dev.pinion.engine.Function;
import dev.pinion.engine.HostModule;
import dev.pinion.engine.Imports;
import dev.pinion.engine.Instance;
import dev.pinion.engine.ValType;
import dev.pinion.engine.WasmModule;
import dev.pinion.iot.Grants;
import dev.pinion.iot.IotModules;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a device call costs a module (Pinion only: the pinion_* modules are Pinion's): a Wasm loop of
 * {@link #CALLS} {@code pinion_gpio.write} calls on the simulated board's LED, the same with
 * {@code pinion_sensor.read} of its room temperature, and the floor, a loop of empty host calls of the same
 * shape. Scores are ns per call; the difference to {@code emptyHostCall} is what the host module adds (argument
 * checks, handle lookup, grant-checked device, errno mapping) plus the simulated device itself. Target: under
 * 2 us each (issue 8).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DeviceCallBenchmark {
    static final int CALLS = 10_000;

    private Board board;
    private IotModules iot;
    private Function gpioLoop, sensorLoop, emptyLoop;
    private int led, sensor;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        board = SimBoard.openStandard();
        iot = IotModules.builder(board, Grants.parse(List.of("led:out", "room_temp:read"))).moduleName("bench")
                .build();
        HostModule env = HostModule.builder("env")
                .function("empty", FuncType.of(new ValType[] {ValType.I32, ValType.I32}, ValType.I32),
                        (caller, stack, base) -> stack[base] = 0)
                .build();
        WasmModule module = WasmModule.compile(Workload.resource("/modules/devicecall.wasm"));
        Instance instance = module.instantiate(iot.imports(Imports.builder().add(env).build()));
        led = (int) instance.function("open_led").call()[0];
        sensor = (int) instance.function("open_sensor").call()[0];
        if (led < 0 || sensor < 0) throw new IllegalStateException("open failed: led " + led + ", sensor " + sensor);
        gpioLoop = instance.function("gpio_loop");
        sensorLoop = instance.function("sensor_loop");
        emptyLoop = instance.function("empty_loop");
        check(gpioLoop.call(led, CALLS)[0], "gpio_loop");
        check(sensorLoop.call(sensor, CALLS)[0], "sensor_loop");
        check(emptyLoop.call(0, CALLS)[0], "empty_loop");
    }

    private static void check(long errnoSum, String what) {
        if (errnoSum != 0) throw new IllegalStateException(what + ": a call failed (errno sum " + errnoSum + ")");
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public long gpioWrite() {
        return gpioLoop.call(led, CALLS)[0];
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public long sensorRead() {
        return sensorLoop.call(sensor, CALLS)[0];
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public long emptyHostCall() {
        return emptyLoop.call(0, CALLS)[0];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        iot.close();
        board.close();
    }
}
