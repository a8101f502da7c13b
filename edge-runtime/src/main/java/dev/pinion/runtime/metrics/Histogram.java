package dev.pinion.runtime.metrics;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * A latency histogram with fixed bucket bounds in seconds, recorded without locks (one writer per module, any
 * number of readers), rendered as a Prometheus histogram.
 */
public final class Histogram {
    /** Upper bounds in seconds: from 50 µs (a trivial call) to 5 s (well past any sane deadline). */
    public static final double[] LATENCY_BOUNDS =
            {0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};

    private final double[] bounds;
    private final long[] boundNanos;
    private final AtomicLongArray counts; // per bucket, not cumulative; the last one is +Inf
    private final LongAdder sumNanos = new LongAdder();

    public Histogram(double[] bounds) {
        this.bounds = bounds.clone();
        this.boundNanos = new long[bounds.length];
        for (int i = 0; i < bounds.length; i++) boundNanos[i] = (long) (bounds[i] * 1e9);
        this.counts = new AtomicLongArray(bounds.length + 1);
    }

    public static Histogram latency() {
        return new Histogram(LATENCY_BOUNDS);
    }

    public void recordNanos(long nanos) {
        int i = 0;
        while (i < boundNanos.length && nanos > boundNanos[i]) i++;
        counts.incrementAndGet(i);
        sumNanos.add(nanos);
    }

    public double[] bounds() {
        return bounds.clone();
    }

    /** Cumulative counts per bound, then the total (+Inf). */
    public long[] cumulative() {
        long[] c = new long[counts.length()];
        long run = 0;
        for (int i = 0; i < c.length; i++) {
            run += counts.get(i);
            c[i] = run;
        }
        return c;
    }

    public double sumSeconds() {
        return sumNanos.sum() / 1e9;
    }
}
