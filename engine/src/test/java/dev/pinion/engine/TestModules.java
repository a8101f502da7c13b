package dev.pinion.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Loads the test modules under src/test/resources/wasm (each .wasm built from the .wat beside it by wat2wasm). */
final class TestModules {
    private TestModules() {}

    static byte[] bytes(String name) {
        try (InputStream in = TestModules.class.getResourceAsStream("/wasm/" + name + ".wasm")) {
            if (in == null) throw new IllegalArgumentException("no test module " + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static WasmModule compile(String name) {
        return WasmModule.compile(bytes(name));
    }

    static WasmModule compile(String name, Config config) {
        return WasmModule.compile(bytes(name), config);
    }

    static Instance instantiate(String name) {
        return compile(name).instantiate();
    }

    /** The least fuel with which {@code f(arg)} completes (one unit less runs out: FUEL_EXHAUSTED). */
    static long exactFuel(Instance inst, String f, long arg) {
        long lo = 1, hi = 1_000_000;
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            try {
                inst.function(f).call(CallLimits.fuel(mid), arg);
                hi = mid;
            } catch (Trap t) {
                if (t.kind() != Trap.Kind.FUEL_EXHAUSTED) throw new AssertionError("fuel " + mid + ": " + t, t);
                lo = mid + 1;
            }
        }
        return lo;
    }
}
