package dev.pinion.engine.internal.exec;

/** Placeholder until the execution engine lands. */
public final class CompiledModule {
    public static dev.pinion.engine.WasmModule compile(byte[] bytes, dev.pinion.engine.Config config) {
        throw new UnsupportedOperationException("not built yet");
    }
}
