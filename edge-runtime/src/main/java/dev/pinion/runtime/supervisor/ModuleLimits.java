package dev.pinion.runtime.supervisor;

import java.time.Duration;
import java.util.Objects;

/**
 * The per-call and per-instance bounds of one module: what a single call may spend and how much a module may
 * hold. Effective values come from the module's own settings, with the operator's defaults for what it leaves
 * out, and never above the operator's maximum (see {@link #within}).
 *
 * @param fuel          instruction budget of one call (charged per basic block)
 * @param timeout       wall-clock deadline of one call
 * @param memoryBytes   cap on the instance's linear memory, rounded down to whole 64 KiB pages
 * @param queueCapacity calls that may wait for the instance; more are refused (backpressure), never dropped silently
 */
public record ModuleLimits(long fuel, Duration timeout, long memoryBytes, int queueCapacity) {
    /** What a module gets when neither it nor the operator says otherwise. */
    public static final ModuleLimits DEFAULT =
            new ModuleLimits(50_000_000L, Duration.ofSeconds(1), 16L << 20, 256);

    private static final long PAGE = 65_536;

    public ModuleLimits {
        Objects.requireNonNull(timeout, "timeout");
        if (fuel <= 0) throw new IllegalArgumentException("fuel must be > 0, got " + fuel);
        if (timeout.isNegative() || timeout.isZero())
            throw new IllegalArgumentException("timeout must be > 0, got " + timeout);
        if (memoryBytes < PAGE || memoryBytes > 65_536 * PAGE)
            throw new IllegalArgumentException("memory must be between 64KiB and 4GiB, got " + memoryBytes + " bytes");
        if (queueCapacity < 1) throw new IllegalArgumentException("queue must be >= 1, got " + queueCapacity);
    }

    public ModuleLimits withFuel(long f) {
        return new ModuleLimits(f, timeout, memoryBytes, queueCapacity);
    }

    public ModuleLimits withTimeout(Duration t) {
        return new ModuleLimits(fuel, t, memoryBytes, queueCapacity);
    }

    public ModuleLimits withMemory(long bytes) {
        return new ModuleLimits(fuel, timeout, bytes, queueCapacity);
    }

    public ModuleLimits withQueue(int capacity) {
        return new ModuleLimits(fuel, timeout, memoryBytes, capacity);
    }

    /** The memory cap in whole Wasm pages. */
    public int memoryPages() {
        return (int) (memoryBytes / PAGE);
    }

    /** The first limit that exceeds {@code max}, as "fuel 100 > 50" text, or null when all fit. */
    public String exceeding(ModuleLimits max) {
        if (fuel > max.fuel) return "fuel " + fuel + " > maximum " + max.fuel;
        if (timeout.compareTo(max.timeout) > 0) return "timeout " + timeout.toMillis() + "ms > maximum " + max.timeout.toMillis() + "ms";
        if (memoryBytes > max.memoryBytes) return "memory " + memoryBytes + " bytes > maximum " + max.memoryBytes + " bytes";
        if (queueCapacity > max.queueCapacity) return "queue " + queueCapacity + " > maximum " + max.queueCapacity;
        return null;
    }

    /** True when every limit is at or below {@code max}. */
    public boolean within(ModuleLimits max) {
        return exceeding(max) == null;
    }

    /** Each limit lowered to {@code max} where it is above it (for requests that arrive after start-up, e.g. OTA). */
    public ModuleLimits cappedBy(ModuleLimits max) {
        return new ModuleLimits(Math.min(fuel, max.fuel),
                timeout.compareTo(max.timeout) > 0 ? max.timeout : timeout,
                Math.min(memoryBytes, max.memoryBytes),
                Math.min(queueCapacity, max.queueCapacity));
    }
}
