package dev.pinion.wasi;

/** Runs a WASI command module to completion under some engine; the exit code or the trap is the outcome. */
interface GuestRunner {
    /** Engine name for test display names. */
    String name();

    /** True if this engine can run modules in this build (Pinion's engine may still be a placeholder). */
    boolean available();

    /**
     * @return the exit code (proc_exit value, or 0 when {@code _start} returns)
     * @throws RuntimeException the engine's trap if the guest traps
     */
    int run(byte[] wasm, WasiConfig config);
}
