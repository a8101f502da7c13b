package dev.pinion.iot.internal;

import dev.pinion.device.Device;
import dev.pinion.device.DigitalInput;
import dev.pinion.device.EdgeQueue;
import dev.pinion.wasi.internal.Errno;
import dev.pinion.wasi.internal.WasiError;

/**
 * One instance's open device handles. A handle is an index into this table plus a per-slot generation in the
 * high bits, so a closed handle that is reused by a later open does not silently reach the new device, and a
 * guessed number is almost never valid. Another instance's handles mean nothing here: each has its own table.
 */
public final class Handles {
    static final int MAX = 64;
    private static final int INDEX_BITS = 8;

    /** An open handle: the device, its kind, what the grant allows, and for inputs its own edge queue. */
    static final class Handle {
        final int kind;
        final Device device;
        final boolean canRead, canWrite;
        final EdgeQueue edges;
        final DigitalInput.Registration registration;

        Handle(int kind, Device device, boolean canRead, boolean canWrite, EdgeQueue edges,
                DigitalInput.Registration registration) {
            this.kind = kind;
            this.device = device;
            this.canRead = canRead;
            this.canWrite = canWrite;
            this.edges = edges;
            this.registration = registration;
        }

        void release() {
            if (registration != null) registration.close();
        }
    }

    static final int GPIO_IN = 1, GPIO_OUT = 2, SENSOR = 3, I2C = 4, SPI = 5, SERIAL = 6;

    private final Handle[] slots = new Handle[MAX];
    private final int[] generations = new int[MAX];
    private int size;

    synchronized int add(Handle h) {
        for (int i = 0; i < MAX; i++) {
            if (slots[i] == null) {
                slots[i] = h;
                generations[i] = (generations[i] + 1) & 0x3F_FFFF; // 22 bits: handles stay positive i32
                if (generations[i] == 0) generations[i] = 1;
                size++;
                return (generations[i] << INDEX_BITS) | i;
            }
        }
        h.release();
        throw new WasiError(Errno.EMFILE);
    }

    /** The open handle {@code raw} of one of {@code kinds}, or EBADF. */
    synchronized Handle get(long raw, int kindA, int kindB) {
        Handle h = lookup(raw);
        if (h == null || (h.kind != kindA && h.kind != kindB)) throw new WasiError(Errno.EBADF);
        return h;
    }

    synchronized void close(long raw, int kindA, int kindB) {
        Handle h = get(raw, kindA, kindB);
        slots[(int) raw & (MAX - 1)] = null;
        size--;
        h.release();
    }

    private Handle lookup(long raw) {
        if (raw < 0 || raw > Integer.MAX_VALUE) return null;
        int index = (int) raw & ((1 << INDEX_BITS) - 1);
        if (index >= MAX) return null;
        int gen = (int) raw >>> INDEX_BITS;
        Handle h = slots[index];
        return h != null && generations[index] == gen ? h : null;
    }

    public synchronized int size() {
        return size;
    }

    public synchronized void closeAll() {
        for (int i = 0; i < MAX; i++) {
            if (slots[i] != null) {
                slots[i].release();
                slots[i] = null;
            }
        }
        size = 0;
    }
}
