package dev.pinion.runtime.mqtt.internal;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with "equal jitter": attempt n waits between half and all of min(max, min * 2^n), so a
 * fleet that lost its broker at the same instant does not come back in one wave, and no delay is near zero.
 */
final class Backoff {
    private final long minMillis;
    private final long maxMillis;
    private int attempt;

    Backoff(Duration min, Duration max) {
        this.minMillis = min.toMillis();
        this.maxMillis = max.toMillis();
    }

    /** The delay before the next attempt. */
    long nextDelayMillis() {
        long ceiling = minMillis << Math.min(attempt, 30);
        if (ceiling <= 0 || ceiling > maxMillis) ceiling = maxMillis;
        attempt++;
        long half = ceiling / 2;
        return half + ThreadLocalRandom.current().nextLong(ceiling - half + 1);
    }

    void reset() {
        attempt = 0;
    }
}
