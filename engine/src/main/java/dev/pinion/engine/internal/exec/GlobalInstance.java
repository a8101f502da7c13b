package dev.pinion.engine.internal.exec;

/** Placeholder until the execution engine lands. */
public final class GlobalInstance {
    public static dev.pinion.engine.Global create(dev.pinion.engine.ValType t, boolean mutable, long bits, Object ref) {
        throw new UnsupportedOperationException("not built yet");
    }
}
