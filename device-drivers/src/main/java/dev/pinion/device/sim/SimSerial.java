package dev.pinion.device.sim;

import dev.pinion.device.DeviceException;
import dev.pinion.device.DeviceSpec;
import dev.pinion.device.SerialPort;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A simulated UART with TX wired to RX and a 4 KiB receive FIFO. Bytes arriving at a full FIFO are lost (an
 * overrun), as on a real UART whose reader is too slow; {@link SimBoard#inject} adds bytes from the far end.
 */
final class SimSerial implements SerialPort {
    static final int FIFO = 4096;
    private final SimBoard board;
    private final DeviceSpec.Serial spec;
    private final byte[] fifo = new byte[FIFO];
    private int head, size;
    private long overruns;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();

    SimSerial(SimBoard board, DeviceSpec.Serial spec) {
        this.board = board;
        this.spec = spec;
    }

    @Override public String name() { return spec.name(); }

    @Override public String provider() { return "sim"; }

    @Override public int baud() { return spec.baud(); }

    @Override
    public void write(byte[] data, int off, int len) throws DeviceException {
        board.checkPlugged(spec.name());
        receive(data, off, len);
    }

    void receive(byte[] data, int off, int len) {
        lock.lock();
        try {
            for (int i = 0; i < len; i++) {
                if (size == FIFO) {
                    overruns++;
                    continue;
                }
                fifo[(head + size) % FIFO] = data[off + i];
                size++;
            }
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int read(byte[] buf, int off, int len, Duration timeout) throws DeviceException {
        board.checkPlugged(spec.name());
        if (len == 0) return 0;
        long nanos = timeout.isNegative() ? 0 : timeout.toNanos();
        lock.lock();
        try {
            while (size == 0) {
                if (nanos <= 0) return 0;
                try {
                    nanos = arrived.awaitNanos(nanos);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return 0;
                }
            }
            int n = Math.min(len, size);
            for (int i = 0; i < n; i++) {
                buf[off + i] = fifo[head];
                head = (head + 1) % FIFO;
            }
            size -= n;
            return n;
        } finally {
            lock.unlock();
        }
    }

    long overruns() {
        lock.lock();
        try {
            return overruns;
        } finally {
            lock.unlock();
        }
    }
}
