package dev.pinion.device;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded queue of edges for one consumer: register it with {@link DigitalInput#onEdge} and take edges with
 * {@link #poll(Duration)}. When full, the oldest edge is dropped (the consumer sees a gap in
 * {@link Edge#sequence()}), as the kernel drops events from a full line buffer: the producer, an event thread,
 * must never block on a slow guest.
 */
public final class EdgeQueue implements EdgeListener {
    private final int capacity;
    private final ArrayDeque<Edge> edges = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private long dropped;

    public EdgeQueue(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be >= 1");
        this.capacity = capacity;
    }

    @Override
    public void onEdge(Edge edge) {
        lock.lock();
        try {
            if (edges.size() == capacity) {
                edges.pollFirst();
                dropped++;
            }
            edges.addLast(edge);
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The next edge, waiting up to {@code timeout} (zero: don't wait); null if none came. */
    public Edge poll(Duration timeout) throws InterruptedException {
        long nanos = timeout.isNegative() ? 0 : saturatedNanos(timeout);
        lock.lockInterruptibly();
        try {
            while (edges.isEmpty()) {
                if (nanos <= 0) return null;
                nanos = notEmpty.awaitNanos(nanos);
            }
            return edges.pollFirst();
        } finally {
            lock.unlock();
        }
    }

    /** The next edge if one is queued, without waiting. */
    public Edge poll() {
        lock.lock();
        try {
            return edges.pollFirst();
        } finally {
            lock.unlock();
        }
    }

    /** Edges dropped because the queue was full. */
    public long dropped() {
        lock.lock();
        try {
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return TimeUnit.DAYS.toNanos(365);
        }
    }
}
