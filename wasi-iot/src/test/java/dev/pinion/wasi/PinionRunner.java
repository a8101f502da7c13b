package dev.pinion.wasi;

import dev.pinion.engine.CallLimits;
import dev.pinion.engine.Imports;
import dev.pinion.engine.WasmModule;

/** Runs modules on Pinion's own engine through {@link Wasi#run}. */
final class PinionRunner implements GuestRunner {
    @Override
    public String name() {
        return "pinion";
    }

    @Override
    public boolean available() {
        try {
            // the smallest valid module: magic and version
            WasmModule.compile(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0}).instantiate();
            return true;
        } catch (UnsupportedOperationException | LinkageError notBuiltYet) {
            return false;
        }
    }

    @Override
    public int run(byte[] wasm, WasiConfig config) {
        try (Wasi wasi = Wasi.create(config)) {
            return wasi.run(WasmModule.compile(wasm), Imports.NONE, CallLimits.NONE);
        }
    }
}
