package dev.pinion.device;

/**
 * One edge seen on an input line, like the kernel's {@code gpio_v2_line_event}.
 *
 * @param line           logical name of the input
 * @param rising         true for a rising (inactive to active) edge, false for falling; logical, after active_low
 * @param timestampNanos CLOCK_MONOTONIC-style nanoseconds: only differences mean something; never decreases
 * @param sequence       1 for the first edge seen on this line since it was opened, then +1 per edge; a gap means
 *                       the consumer's queue overflowed and edges were dropped
 */
public record Edge(String line, boolean rising, long timestampNanos, long sequence) {}
