package dev.pinion.wasi;

/** Time sources of the guest's realtime and monotonic clocks; replaceable for deterministic tests. */
public interface WasiClock {
    /** Nanoseconds since 1970-01-01T00:00:00Z. */
    long realtimeNanos();

    /** Nanoseconds since an arbitrary fixed point; never goes backwards. */
    long monotonicNanos();

    /** Resolution of both clocks in nanoseconds. */
    default long resolutionNanos() {
        return 1_000;
    }

    /** The host's clocks. */
    static WasiClock system() {
        return SystemClock.INSTANCE;
    }

    /** Host clocks; an enum for a lazily created, allocation-free singleton. */
    enum SystemClock implements WasiClock {
        INSTANCE;

        @Override
        public long realtimeNanos() {
            java.time.Instant now = java.time.Instant.now();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        }

        @Override
        public long monotonicNanos() {
            return System.nanoTime();
        }
    }
}
