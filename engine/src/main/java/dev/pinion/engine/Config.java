package dev.pinion.engine;

/**
 * Immutable engine settings. Start from {@link #DEFAULT} and derive with the {@code withX} methods,
 * each of which returns a copy.
 *
 * @param maxCallDepth   nested Wasm calls allowed before a "call stack exhausted" trap
 * @param maxMemoryPages per-instance cap on linear memory in 64 KiB pages; {@code memory.grow} past it returns -1,
 *                       and a module whose minimum exceeds it fails to instantiate
 * @param maxTableSize   per-instance cap on table elements; {@code table.grow} past it returns -1
 * @param limits         default per-call limits (fuel, deadline) for calls that pass none
 */
public record Config(int maxCallDepth, int maxMemoryPages, int maxTableSize, CallLimits limits) {

    /** 10,000 nested calls, 16,384 pages (1 GiB), 10,000,000 table elements, no fuel or deadline. */
    public static final Config DEFAULT = new Config(10_000, 16_384, 10_000_000, CallLimits.NONE);

    public Config {
        if (maxCallDepth < 1) throw new IllegalArgumentException("maxCallDepth must be >= 1, got " + maxCallDepth);
        if (maxMemoryPages < 0 || maxMemoryPages > 65_536)
            throw new IllegalArgumentException("maxMemoryPages must be in 0..65536, got " + maxMemoryPages);
        if (maxTableSize < 0) throw new IllegalArgumentException("maxTableSize must be >= 0, got " + maxTableSize);
        if (limits == null) throw new IllegalArgumentException("limits must not be null");
    }

    public Config withMaxCallDepth(int depth) {
        return new Config(depth, maxMemoryPages, maxTableSize, limits);
    }

    public Config withMaxMemoryPages(int pages) {
        return new Config(maxCallDepth, pages, maxTableSize, limits);
    }

    public Config withMaxTableSize(int elements) {
        return new Config(maxCallDepth, maxMemoryPages, elements, limits);
    }

    public Config withLimits(CallLimits callLimits) {
        return new Config(maxCallDepth, maxMemoryPages, maxTableSize, callLimits);
    }
}
