package dev.pinion.device.internal;

import dev.pinion.device.DeviceSpec;
import dev.pinion.device.DigitalInput;
import dev.pinion.device.Edge;
import dev.pinion.device.EdgeListener;
import dev.pinion.device.EdgeQueue;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The edge plumbing every input provider shares: the input's own queue (for {@link DigitalInput#awaitEdge}),
 * listener registrations, the edge filter, debounce, and sequence numbers. Providers call {@link #level} with
 * each logical level change and its timestamp.
 */
public final class EdgeSource {
    private static final System.Logger LOG = System.getLogger("dev.pinion.device.Edges");
    private static final int OWN_QUEUE = 64;

    private final String line;
    private final DeviceSpec.Edges filter;
    private final long debounceNanos;
    private final EdgeQueue own = new EdgeQueue(OWN_QUEUE);
    private final CopyOnWriteArrayList<EdgeListener> listeners = new CopyOnWriteArrayList<>();
    private long sequence;
    private long lastTimestamp = Long.MIN_VALUE;
    private long lastAccepted = Long.MIN_VALUE;

    public EdgeSource(String line, DeviceSpec.Edges filter, Duration debounce) {
        this.line = line;
        this.filter = filter;
        this.debounceNanos = debounce.toNanos();
    }

    /**
     * A logical level change seen at {@code timestampNanos} (monotonic). Timestamps are clamped so they never
     * go backwards across calls; edges inside the debounce period after the last reported edge are dropped
     * (the simulated board's stand-in for the kernel's debounce filter, which only the provider can do).
     */
    public synchronized void level(boolean rising, long timestampNanos) {
        long ts = Math.max(timestampNanos, lastTimestamp);
        lastTimestamp = ts;
        if (!wanted(rising)) return;
        if (debounceNanos > 0 && lastAccepted != Long.MIN_VALUE && ts - lastAccepted < debounceNanos) return;
        lastAccepted = ts;
        deliver(new Edge(line, rising, ts, ++sequence));
    }

    /** An edge the kernel already filtered and numbered (gpiochip provider). */
    public synchronized void kernelEdge(boolean rising, long timestampNanos, long kernelSequence) {
        long ts = Math.max(timestampNanos, lastTimestamp);
        lastTimestamp = ts;
        sequence = Math.max(sequence + 1, kernelSequence);
        deliver(new Edge(line, rising, ts, sequence));
    }

    private boolean wanted(boolean rising) {
        return switch (filter) {
            case NONE -> false;
            case RISING -> rising;
            case FALLING -> !rising;
            case BOTH -> true;
        };
    }

    private void deliver(Edge e) {
        own.onEdge(e);
        for (EdgeListener l : listeners) {
            try {
                l.onEdge(e);
            } catch (RuntimeException ex) {
                LOG.log(System.Logger.Level.WARNING, "edge listener on '" + line + "' failed: " + ex, ex);
            }
        }
    }

    public Edge await(Duration timeout) throws InterruptedException {
        return own.poll(timeout);
    }

    public DigitalInput.Registration register(EdgeListener listener) {
        listeners.add(java.util.Objects.requireNonNull(listener, "listener"));
        return () -> listeners.remove(listener);
    }

    public void clear() {
        listeners.clear();
    }
}
