package dev.pinion.cli;

import dev.pinion.engine.CallLimits;
import dev.pinion.engine.FuncType;
import dev.pinion.engine.Function;
import dev.pinion.engine.HostModule;
import dev.pinion.engine.Imports;
import dev.pinion.engine.Instance;
import dev.pinion.engine.Memory;
import dev.pinion.engine.Trap;
import dev.pinion.engine.ValType;
import dev.pinion.engine.WasmModule;
import dev.pinion.wasi.Wasi;
import dev.pinion.wasi.WasiConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code pinion demo engine}: a tour of the engine alone, with the example modules bundled in the jar
 * (sources beside them under {@code dev/pinion/cli/demo/}). Nothing to configure; every number printed is
 * computed by the engine on the spot.
 */
@Command(name = "engine", mixinStandardHelpOptions = true,
        description = "The engine alone: exported calls, a host import, fuel and deadline limits, a WASI program.")
final class EngineDemoCommand implements Callable<Integer> {
    /** The fuel budget given to the runaway call: plenty for real work, gone in milliseconds for a spin. */
    static final long FUEL = 1_000_000;
    static final Duration DEADLINE = Duration.ofMillis(200);

    /** The simulated ADC behind the sensor module's {@code demo.read_adc} import: channel -> raw 12-bit value. */
    private static final int[] ADC_CHANNELS = {893, 1024, 620};

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.println("Pinion " + VersionProvider.version() + " engine demo");
        out.println();
        sensor(out);
        out.println();
        runaway(out);
        out.println();
        wasi(out);
        out.flush();
        return 0;
    }

    /** Exported functions called with arguments, a host import, and data passed through linear memory. */
    private static void sensor(PrintWriter out) {
        WasmModule module = WasmModule.compile(resource("sensor.wasm"));
        out.println("1. Calling exported functions (sensor.wasm, " + module.byteSize()
                + " bytes: TMP36 sensor, 12-bit ADC, fixed-point arithmetic)");
        HostModule adc = HostModule.builder("demo")
                .function("read_adc", FuncType.of(new ValType[] {ValType.I32}, ValType.I32),
                        (caller, stack, base) -> stack[base] = ADC_CHANNELS[(int) stack[base]])
                .build();
        Instance instance = module.instantiate(Imports.builder().add(adc).build());

        Function convert = instance.function("to_millicelsius");
        for (int raw : new int[] {620, 893, 4095}) {
            int milli = (int) convert.call(raw)[0];
            result(out, "to_millicelsius(" + raw + ")", milli + "  (" + celsius(milli) + " C)");
        }
        Function read = instance.function("read_millicelsius");
        int ch0 = (int) read.call(0)[0];
        result(out, "read_millicelsius(0)",
                ch0 + "  (the module called the host's demo.read_adc(0), which returned " + ADC_CHANNELS[0] + ")");

        int[] samples = {880, 893, 901, 887, 895};
        Memory memory = instance.memory();
        int ptr = 1024;
        for (int i = 0; i < samples.length; i++) memory.writeInt(ptr + 4L * i, samples[i]);
        int avg = (int) instance.function("average_millicelsius").call(ptr, samples.length)[0];
        result(out, "average_millicelsius(" + ptr + ", " + samples.length + ")",
                avg + "  (mean of " + samples.length + " raw samples the host wrote into linear memory)");
    }

    /** A call that never returns on its own, stopped by fuel and then by a deadline. */
    private static void runaway(PrintWriter out) {
        WasmModule module = WasmModule.compile(resource("runaway.wasm"));
        out.println("2. Stopping a runaway loop (runaway.wasm: wait_for_button() polls a flag nothing sets)");
        Instance instance = module.instantiate();
        Function spin = instance.function("wait_for_button");

        out.printf(java.util.Locale.ROOT, "   with fuel %,d:%n", FUEL);
        stopped(out, () -> spin.call(CallLimits.fuel(FUEL)));
        out.printf("   with a %d ms deadline:%n", DEADLINE.toMillis());
        stopped(out, () -> spin.call(CallLimits.timeout(DEADLINE)));

        long polls = instance.function("press").call(CallLimits.fuel(FUEL))[0];
        out.printf("   the instance is still usable: press() returned after %d poll%s%n", polls, polls == 1 ? "" : "s");
    }

    /** A C program compiled to wasm32-wasi, run with arguments, an environment variable and a captured stdout. */
    private static void wasi(PrintWriter out) {
        WasmModule module = WasmModule.compile(resource("hello_wasi.wasm"));
        out.println("3. Running a WASI program (hello_wasi.wasm, " + module.byteSize()
                + " bytes: C compiled by clang for wasm32-wasi)");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        WasiConfig config = WasiConfig.builder()
                .arg("hello_wasi").arg("--sensor").arg("room_temp")
                .env("PINION_DEVICE", "demo-gateway")
                .stdout(stdout)
                .build();
        int exit;
        try (Wasi wasi = Wasi.create(config)) {
            exit = wasi.run(module, Imports.NONE, CallLimits.fuel(FUEL));
        }
        for (String line : stdout.toString(StandardCharsets.UTF_8).split("\\R")) out.println("   | " + line);
        out.println("   exit code " + exit + " (the program returns 7 when it was given arguments)");
    }

    private static void result(PrintWriter out, String call, String value) {
        out.printf("   %-32s = %s%n", call, value);
    }

    /** Run a call that must trap, and print the trap as {@code pinion run} would, with how long it ran. */
    private static void stopped(PrintWriter out, Runnable call) {
        long start = System.nanoTime();
        try {
            call.run();
            throw new IllegalStateException("the runaway call returned: fuel/deadline limits are not enforced");
        } catch (Trap trap) {
            long ms = (System.nanoTime() - start) / 1_000_000;
            for (String line : trap.describe().split("\\R")) out.println("     " + line);
            out.printf("     (stopped after %d ms)%n", ms);
        }
    }

    /** Milli-degrees as a decimal string with one decimal: 21850 -> "21.8", -100 -> "-0.1". */
    static String celsius(int milli) {
        String sign = milli < 0 ? "-" : "";
        int abs = Math.abs(milli);
        return sign + (abs / 1000) + "." + (abs % 1000) / 100;
    }

    static byte[] resource(String name) {
        try (InputStream in = EngineDemoCommand.class.getResourceAsStream("demo/" + name)) {
            if (in == null) throw new IllegalStateException("demo module " + name + " is missing from the pinion jar");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read demo module " + name, e);
        }
    }
}
