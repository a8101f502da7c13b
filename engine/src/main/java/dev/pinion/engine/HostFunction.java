package dev.pinion.engine;

/**
 * The raw, allocation-free form of a host function. Arguments are read from {@code stack[base + i]} (raw bits,
 * see {@link Function}) and results are written back starting at {@code stack[base]}, overwriting the arguments.
 * Throw {@link Trap} (or {@link WasmExit}) to stop the calling Wasm code; any other exception thrown here becomes
 * a {@link Trap.Kind#HOST} trap.
 */
@FunctionalInterface
public interface HostFunction {
    void call(Caller caller, long[] stack, int base);
}
