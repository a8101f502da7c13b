package dev.pinion.iot.internal;

/** A token bucket for one instance's log lines: 100 a second, bursts of 200. */
final class LogLimiter {
    private static final double RATE_PER_NANO = 100 / 1e9, BURST = 200;
    private double tokens = BURST;
    private long last = System.nanoTime();
    private long dropped;

    /** -1 if this line must be dropped; otherwise how many were dropped before it (and resets that count). */
    synchronized long admit() {
        long now = System.nanoTime();
        tokens = Math.min(BURST, tokens + (now - last) * RATE_PER_NANO);
        last = now;
        if (tokens < 1) {
            dropped++;
            return -1;
        }
        tokens -= 1;
        long d = dropped;
        dropped = 0;
        return d;
    }
}
