package dev.pinion.device.sim;

import java.time.Duration;

/**
 * Scripted presses of a simulated button: the first after {@code start}, then one every {@code every}, each held
 * for {@code hold}; {@code count} presses in all, or forever when 0.
 */
public record PressScript(Duration start, Duration every, Duration hold, int count) {
    public PressScript {
        if (start.isNegative()) throw new IllegalArgumentException("press start must not be negative");
        if (hold.isZero() || hold.isNegative()) throw new IllegalArgumentException("press hold must be positive");
        if (every.compareTo(hold) <= 0)
            throw new IllegalArgumentException("presses every " + every + " must be longer than the hold " + hold);
        if (count < 0) throw new IllegalArgumentException("press count must be >= 0 (0 = forever)");
    }
}
