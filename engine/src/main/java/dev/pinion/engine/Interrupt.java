package dev.pinion.engine;

/**
 * A flag another thread sets to stop a running call. The interpreter polls it at loop back-edges and calls
 * (via its fuel checkpoint), so a call observes it within a bounded number of instructions.
 */
public final class Interrupt {
    private volatile boolean requested;

    /** Ask the call(s) using this handle to stop with an {@link Trap.Kind#INTERRUPTED} trap. */
    public void request() {
        requested = true;
    }

    public boolean isRequested() {
        return requested;
    }

    /** Clear the flag so the handle can be used for another call. */
    public void reset() {
        requested = false;
    }
}
