package dev.pinion.runtime.supervisor;

import dev.pinion.runtime.metrics.Histogram;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one supervised module, kept across restarts and swaps (a restart is something to count, not to
 * forget). Written by the module's worker, read by the metrics endpoint.
 */
public final class ModuleStats {
    final LongAdder invocations = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAdder traps = new LongAdder();
    final LongAdder restarts = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final Histogram latency = Histogram.latency();

    ModuleStats() {}

    /** Handler calls completed (whatever their outcome). */
    public long invocations() {
        return invocations.sum();
    }

    /** Calls that returned a non-zero status or could not be delivered into the guest. */
    public long errors() {
        return errors.sum();
    }

    /** Calls that trapped (including fuel, deadline and memory exhaustion); each cost the instance. */
    public long traps() {
        return traps.sum();
    }

    /** Instances recreated after a failure. */
    public long restarts() {
        return restarts.sum();
    }

    /** Submissions refused (queue full or module disabled). */
    public long rejected() {
        return rejected.sum();
    }

    public Histogram latency() {
        return latency;
    }
}
