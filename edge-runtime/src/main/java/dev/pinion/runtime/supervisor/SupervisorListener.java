package dev.pinion.runtime.supervisor;

/**
 * Told about what happens to supervised modules, on the module's own worker thread (keep it short). The OTA
 * health gate listens here for failures of a freshly swapped version.
 */
public interface SupervisorListener {
    /** An instance failed (trap, fuel, deadline, memory) and was discarded. */
    default void failed(String module, String version, String reason) {}

    /** A handler returned a non-zero status; the instance is kept. */
    default void handlerError(String module, String version, String export, String reason) {}

    /** A new instance replaced a failed one. */
    default void restarted(String module, String version) {}

    /** Too many failures in the window: the module no longer runs. */
    default void disabled(String module, String version, String reason) {}

    /** {@link Supervisor#swap} switched the module to a new version (from null when first loaded). */
    default void swapped(String module, String oldVersion, String newVersion) {}
}
