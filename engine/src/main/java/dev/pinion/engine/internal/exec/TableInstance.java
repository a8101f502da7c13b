package dev.pinion.engine.internal.exec;

/** Placeholder until the execution engine lands. */
public final class TableInstance {
    public static dev.pinion.engine.Table create(dev.pinion.engine.ValType t, dev.pinion.engine.Limits limits) {
        throw new UnsupportedOperationException("not built yet");
    }
}
