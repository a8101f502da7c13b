package dev.pinion.engine;

import java.util.Objects;

/**
 * A flag another thread sets to stop a running call. The interpreter polls it at loop back-edges and calls
 * (via its fuel checkpoint), so a call observes it within a bounded number of instructions. The call then traps
 * with {@link Trap.Kind#INTERRUPTED} and the message {@code "interrupted: " + reason}, so the user sees why: a
 * watchdog that enforces a deadline requests {@link #DEADLINE_EXCEEDED}, a shutdown its own reason.
 */
public final class Interrupt {
    /** The reason {@link #request()} gives. */
    public static final String STOPPED_BY_REQUEST = "stopped by request";
    /** The reason of a call's own deadline, and the one a watchdog enforcing a deadline should give. */
    public static final String DEADLINE_EXCEEDED = "deadline exceeded";

    /** Null until requested. */
    private volatile String reason;

    /** Ask the call(s) using this handle to stop with an {@link Trap.Kind#INTERRUPTED} trap. */
    public void request() {
        request(STOPPED_BY_REQUEST);
    }

    /**
     * Like {@link #request()}, saying why; the trap's message is {@code "interrupted: " + reason}. The first
     * request until the next {@link #reset()} decides the reason.
     */
    public synchronized void request(String reason) {
        Objects.requireNonNull(reason, "reason");
        if (this.reason == null) this.reason = reason;
    }

    public boolean isRequested() {
        return reason != null;
    }

    /** Why it was requested, or null if it was not. */
    public String reason() {
        return reason;
    }

    /** Clear the flag so the handle can be used for another call. */
    public synchronized void reset() {
        reason = null;
    }
}
