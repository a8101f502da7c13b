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
 * @param tier           how functions run: interpreted only, tiered (the default where the JVM has a JIT), or
 *                       compiled up front
 */
public record Config(int maxCallDepth, int maxMemoryPages, int maxTableSize, CallLimits limits, Tier tier) {

    /**
     * Execution tier. Compiled code (JVM bytecode in hidden classes) keeps the interpreter's fuel checkpoints,
     * deadline, interrupt, traps and backtraces; functions the compiler does not take stay interpreted.
     */
    public enum Tier {
        /** The interpreter only. */
        INTERP,
        /**
         * Interpret at once; functions that get hot (entries plus loop iterations) are compiled in the background
         * and used from their next entry, running loops from their next iteration (on-stack replacement).
         */
        TIERED,
        /** Every function the compiler takes is compiled at instantiation (for tests and measurements). */
        COMPILED;

        /**
         * The default: {@link #TIERED} where the JVM has a JIT compiler (HotSpot's C2 turns the generated classes
         * into machine code; measured faster than the interpreter alone, engine/RATIONALE.md "Tier 2"),
         * {@link #INTERP} where it has none (the Zero VM, Debian's JDK on armhf, or {@code -Xint}): measured there
         * under qemu, compiled code does not pay and generating classes costs start-up (bench/README.md, "32-bit
         * ARM").
         */
        public static Tier platformDefault() {
            return dev.pinion.engine.internal.exec.Jvm.hasJit() ? TIERED : INTERP;
        }

        /** The tier named {@code interp}, {@code tiered} or {@code compiled}. */
        public static Tier parse(String name) {
            for (Tier t : values()) if (t.name().equalsIgnoreCase(name)) return t;
            if ("interpreter".equalsIgnoreCase(name)) return INTERP; // the daemon config's spelling
            throw new IllegalArgumentException("unknown tier '" + name + "' (expected interp, tiered or compiled)");
        }
    }

    /**
     * 10,000 nested calls, 16,384 pages (1 GiB), 10,000,000 table elements, no fuel or deadline, the platform's
     * default tier ({@link Tier#platformDefault()}).
     */
    public static final Config DEFAULT =
            new Config(10_000, 16_384, 10_000_000, CallLimits.NONE, Tier.platformDefault());

    /** Settings with the platform's default tier. */
    public Config(int maxCallDepth, int maxMemoryPages, int maxTableSize, CallLimits limits) {
        this(maxCallDepth, maxMemoryPages, maxTableSize, limits, Tier.platformDefault());
    }

    public Config {
        if (tier == null) throw new IllegalArgumentException("tier must not be null");
        if (maxCallDepth < 1) throw new IllegalArgumentException("maxCallDepth must be >= 1, got " + maxCallDepth);
        if (maxMemoryPages < 0 || maxMemoryPages > 65_536)
            throw new IllegalArgumentException("maxMemoryPages must be in 0..65536, got " + maxMemoryPages);
        if (maxTableSize < 0) throw new IllegalArgumentException("maxTableSize must be >= 0, got " + maxTableSize);
        if (limits == null) throw new IllegalArgumentException("limits must not be null");
    }

    public Config withMaxCallDepth(int depth) {
        return new Config(depth, maxMemoryPages, maxTableSize, limits, tier);
    }

    public Config withMaxMemoryPages(int pages) {
        return new Config(maxCallDepth, pages, maxTableSize, limits, tier);
    }

    public Config withMaxTableSize(int elements) {
        return new Config(maxCallDepth, maxMemoryPages, elements, limits, tier);
    }

    public Config withLimits(CallLimits callLimits) {
        return new Config(maxCallDepth, maxMemoryPages, maxTableSize, callLimits, tier);
    }

    public Config withTier(Tier t) {
        return new Config(maxCallDepth, maxMemoryPages, maxTableSize, limits, t);
    }
}
