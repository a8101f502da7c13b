package dev.pinion.runtime.supervisor;

/** The answer to {@link Supervisor#submit}: whether the call was queued and, if not, why. */
public enum Admission {
    /** Queued; it will run in arrival order. */
    QUEUED,
    /** The module's queue is at its bound: the caller must slow down or drop (counted and logged). */
    QUEUE_FULL,
    /** The module failed too often and is disabled until replaced. */
    DISABLED,
    /** No module of that name, or the supervisor is shutting down. */
    NOT_RUNNING
}
