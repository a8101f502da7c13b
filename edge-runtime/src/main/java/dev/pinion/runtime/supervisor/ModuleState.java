package dev.pinion.runtime.supervisor;

/** Where a supervised module is in its life. */
public enum ModuleState {
    /** Instance ready; calls run as they arrive. */
    RUNNING,
    /** The last instance failed; a new one is created after the restart backoff. Calls keep queueing. */
    BACKOFF,
    /** Failed {@link RestartPolicy#maxFailures} times within the window; calls are refused. */
    DISABLED,
    /** Removed or shut down. */
    STOPPED;

    /** Lower-case name, as metrics and status messages show it. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
