package dev.pinion.engine.internal.exec;

/** Placeholder until the execution engine lands. */
public final class MemoryInstance {
    public static dev.pinion.engine.Memory create(dev.pinion.engine.Limits limits) {
        throw new UnsupportedOperationException("not built yet");
    }
}
