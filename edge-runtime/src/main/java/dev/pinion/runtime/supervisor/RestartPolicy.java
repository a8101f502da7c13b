package dev.pinion.runtime.supervisor;

import java.time.Duration;

/**
 * What happens after a module's instance fails (trap, fuel or deadline exhausted, memory cap): the instance is
 * recreated after a backoff that doubles from {@code initialBackoff} up to {@code maxBackoff}; once
 * {@code maxFailures} failures fall within {@code window}, the module is disabled until it is replaced
 * (a new version through {@link Supervisor#swap}) or the daemon restarts.
 */
public record RestartPolicy(Duration initialBackoff, Duration maxBackoff, int maxFailures, Duration window) {
    public static final RestartPolicy DEFAULT =
            new RestartPolicy(Duration.ofMillis(100), Duration.ofSeconds(30), 5, Duration.ofMinutes(1));

    public RestartPolicy {
        if (initialBackoff.isNegative()) throw new IllegalArgumentException("initial backoff must be >= 0");
        if (maxBackoff.compareTo(initialBackoff) < 0)
            throw new IllegalArgumentException("max backoff must be >= initial backoff");
        if (maxFailures < 1) throw new IllegalArgumentException("max failures must be >= 1, got " + maxFailures);
        if (window.isNegative() || window.isZero()) throw new IllegalArgumentException("window must be > 0");
    }

    /** The wait before restart number {@code consecutive} (1 for the first failure in a row). */
    public Duration backoff(int consecutive) {
        long nanos = initialBackoff.toNanos();
        for (int i = 1; i < consecutive && nanos < maxBackoff.toNanos(); i++) nanos *= 2;
        return Duration.ofNanos(Math.min(nanos, maxBackoff.toNanos()));
    }
}
