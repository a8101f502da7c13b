package dev.pinion.engine.internal.exec;

/** Placeholder until the execution engine lands. */
public final class HostFunctionInstance {
    public static dev.pinion.engine.Function create(String module, String field, dev.pinion.engine.FuncType type, dev.pinion.engine.HostFunction fn) {
        throw new UnsupportedOperationException("not built yet");
    }
}
