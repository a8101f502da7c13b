package dev.pinion.engine;

/**
 * Thrown by a host function (WASI {@code proc_exit}) to end the program with an exit code. It unwinds
 * every Wasm frame like a trap but is not an error.
 */
public final class WasmExit extends WasmException {
    private final int exitCode;

    public WasmExit(int exitCode) {
        super("exit with code " + exitCode, null);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this; // control flow, not a bug: no JVM stack trace needed
    }
}
