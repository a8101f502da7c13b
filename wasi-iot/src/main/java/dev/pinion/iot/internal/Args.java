package dev.pinion.iot.internal;

import static dev.pinion.wasi.internal.GuestMemory.check;
import static dev.pinion.wasi.internal.GuestMemory.u32;

import dev.pinion.device.Device;
import dev.pinion.device.DeviceException;
import dev.pinion.engine.Memory;
import dev.pinion.wasi.internal.Errno;
import dev.pinion.wasi.internal.WasiError;
import java.nio.charset.StandardCharsets;

/** Argument helpers shared by the pinion_* calls, on top of the preview1 {@code GuestMemory} checks. */
final class Args {
    /** Longer than any legal device name (64): such a name cannot be granted, so it is EACCES without a copy. */
    private static final int MAX_NAME = 256;

    private Args() {}

    /**
     * The device name at (ptr, len), range-checked (EFAULT). It is not decoded strictly: a name that is not
     * valid UTF-8 cannot match a grant and fails the grant check with EACCES, like any other ungranted name.
     */
    static String name(Memory m, long rawPtr, long rawLen) {
        long ptr = u32(rawPtr), len = u32(rawLen);
        check(m, ptr, len);
        if (len > MAX_NAME) throw new WasiError(Errno.EACCES);
        return new String(m.readBytes(ptr, (int) len), StandardCharsets.UTF_8);
    }

    /** EFAULT unless a result slot of {@code size} bytes at ptr is writable; checked before any side effect. */
    static long slot(Memory m, long rawPtr, int size) {
        long ptr = u32(rawPtr);
        check(m, ptr, size);
        return ptr;
    }

    /** A guest buffer (ptr, len) inside memory and no longer than {@code max} (EINVAL). */
    static long buffer(Memory m, long rawPtr, long rawLen, int max) {
        long ptr = u32(rawPtr), len = u32(rawLen);
        check(m, ptr, len);
        if (len > max) throw new WasiError(Errno.EINVAL);
        return ptr;
    }

    /** EACCES unless the grant allows {@code mode}. */
    static void granted(IotContext c, String name, String mode) {
        if (!c.grants.allows(name, mode)) throw new WasiError(Errno.EACCES);
    }

    /**
     * The board's device for a granted name, if it is of the kind the calling module opens. A grant is for one
     * kind of access: {@code room_temp:read} lets pinion_sensor open it, not pinion_i2c (EACCES).
     */
    static <T extends Device> T device(IotContext c, String name, Class<T> kind) {
        Device d = c.board.device(name);
        if (!kind.isInstance(d)) throw new WasiError(Errno.EACCES);
        return kind.cast(d);
    }

    static IotCalls.DeviceFault fault(Device d, DeviceException e) {
        return new IotCalls.DeviceFault(d.name(), e);
    }

    /** An unsigned 64-bit nanosecond timeout; 2^63 and above mean "forever". */
    static long timeoutNanos(long raw) {
        return raw < 0 ? Long.MAX_VALUE : raw;
    }

    /**
     * The end of a blocking wait of {@code requestedNanos} (unsigned; 2^63 and above: forever), and whether the
     * instance's cap, not the guest's own timeout, ends it (then the wait reports EINTR, not a timeout).
     */
    record Wait(long deadline, boolean forever, boolean capped) {
        static Wait of(IotContext c, long raw) {
            long requested = timeoutNanos(raw);
            boolean capped = c.maxWaitNanos < requested;
            long span = Math.min(requested, c.maxWaitNanos);
            boolean forever = span == Long.MAX_VALUE;
            return new Wait(forever ? Long.MAX_VALUE : System.nanoTime() + Math.min(span, Long.MAX_VALUE / 4),
                    forever, capped);
        }

        /** Nanoseconds left (at most one slice), or <= 0 when over. */
        long slice() {
            return forever ? SLICE_NANOS : Math.min(SLICE_NANOS, deadline - System.nanoTime());
        }
    }

    /** How long one slice of a blocking wait may last before the interrupt is looked at again. */
    static final long SLICE_NANOS = 10_000_000L;
}
