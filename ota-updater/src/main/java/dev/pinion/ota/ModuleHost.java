package dev.pinion.ota;

import java.time.Duration;

/**
 * The swap seam: what runs modules on this gateway, as the OTA agent needs it. The daemon's supervisor
 * implements it (adapter in edge-runtime); tests use a small host built on the engine. All methods are called
 * from the agent's one thread, one module at a time.
 */
public interface ModuleHost {

    /**
     * Decodes, validates and links {@code wasm} against what this gateway offers for the manifest's grants,
     * without instantiating or running anything.
     *
     * @throws OtaException {@link Reason#INVALID_MODULE} (malformed or invalid, with the byte offset) or
     *                      {@link Reason#UNLINKABLE} (naming the import)
     */
    void check(Manifest manifest, byte[] wasm) throws OtaException;

    /**
     * Starts {@code release} beside whatever runs under its name and switches routing to it atomically: calls
     * in flight finish on the old instance, work arriving during the switch waits in the module's queue and runs
     * on the new one, nothing is dropped or run twice. On return the old instance takes no new work.
     *
     * @throws OtaException {@link Reason#START_FAILED} if it cannot be instantiated or started; the old
     *                      version then still runs, untouched
     */
    void activate(ModuleRelease release) throws OtaException;

    /**
     * Watches {@code release} for up to {@code window} and reports the first trap or failed health check, or
     * healthy when the window passes cleanly. May return early on failure.
     */
    Health awaitHealth(ModuleRelease release, Duration window);

    /**
     * {@code release} passed its health gate (or was started from the store at boot, where it passed before):
     * from now on a failure is the runtime's ordinary failure handling (restart, backoff), not a reason to hold
     * its calls for a rollback.
     */
    default void confirm(ModuleRelease release) {}

    /**
     * Routes the module back to {@code previous} (already verified and stored; null: stop the module) and
     * discards {@code failed}, with the same no-loss switch as {@link #activate}.
     */
    void rollback(ModuleRelease failed, ModuleRelease previous) throws OtaException;

    /** The health verdict of one window. */
    /**
     * Registers {@code listener} to hear (on any thread) when a running release fails: a trap, an exhausted limit,
     * or being disabled. The agent uses it to roll back a release that fails during its probation, after its health
     * window. Hosts that cannot tell may ignore it.
     */
    default void onFailure(FailureListener listener) {}

    /** A release of {@code module} at {@code version} failed; {@code detail} says how. */
    @FunctionalInterface
    interface FailureListener {
        void failed(String module, String version, String detail);
    }

    record Health(boolean healthy, String detail) {
        public static final Health HEALTHY = new Health(true, "healthy");

        public static Health failed(String detail) {
            return new Health(false, detail);
        }
    }
}
