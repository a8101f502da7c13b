package dev.pinion.iot.internal;

import static dev.pinion.wasi.internal.GuestMemory.u32;

import dev.pinion.device.DeviceException;
import dev.pinion.device.SerialPort;
import dev.pinion.engine.Memory;
import dev.pinion.wasi.internal.Errno;
import dev.pinion.wasi.internal.WasiError;
import java.time.Duration;

/** pinion_serial: open (read, write or rw grant), write, read with a timeout, close. */
final class SerialCalls {
    static final int MAX = 65_536;

    private SerialCalls() {}

    static int open(IotContext c, Memory m, long[] s, int b) {
        String name = Args.name(m, s[b], s[b + 1]);
        long out = Args.slot(m, s[b + 2], 4);
        boolean r = c.grants.allows(name, "read"), w = c.grants.allows(name, "write");
        if (!r && !w) throw new WasiError(Errno.EACCES);
        SerialPort p = Args.device(c, name, SerialPort.class);
        m.writeInt(out, c.handles.add(new Handles.Handle(Handles.SERIAL, p, r, w, null, null)));
        return Errno.SUCCESS;
    }

    static int close(IotContext c, long[] s, int b) {
        c.handles.close(s[b], Handles.SERIAL, Handles.SERIAL);
        return Errno.SUCCESS;
    }

    /** write(handle, buf, len, written_out): writes all of buf (at most 64 KiB). */
    static int write(IotContext c, Memory m, long[] s, int b) {
        Handles.Handle h = c.handles.get(s[b], Handles.SERIAL, Handles.SERIAL);
        long buf = Args.buffer(m, s[b + 1], s[b + 2], MAX);
        long out = Args.slot(m, s[b + 3], 4);
        if (!h.canWrite) throw new WasiError(Errno.EACCES);
        int len = (int) u32(s[b + 2]);
        try {
            ((SerialPort) h.device).write(m.readBytes(buf, len), 0, len);
        } catch (DeviceException e) {
            throw Args.fault(h.device, e);
        }
        m.writeInt(out, len);
        return Errno.SUCCESS;
    }

    /**
     * read(handle, buf, len, timeout_ns u64, read_out): what is available, waiting up to the timeout for the first
     * byte; 0 bytes read and success when none came (a timeout is not an error on a serial line).
     */
    static int read(IotContext c, Memory m, long[] s, int b) {
        Handles.Handle h = c.handles.get(s[b], Handles.SERIAL, Handles.SERIAL);
        long buf = u32(s[b + 1]);
        long len = u32(s[b + 2]);
        dev.pinion.wasi.internal.GuestMemory.check(m, buf, len);
        Args.Wait wait = Args.Wait.of(c, s[b + 3]);
        long out = Args.slot(m, s[b + 4], 4);
        if (!h.canRead) throw new WasiError(Errno.EACCES);
        byte[] data = new byte[(int) Math.min(len, MAX)];
        SerialPort p = (SerialPort) h.device;
        int n;
        try {
            n = p.read(data, 0, data.length, Duration.ZERO);
            while (n == 0 && data.length > 0) {
                if (c.interrupted()) throw new WasiError(Errno.EINTR);
                long left = wait.slice();
                if (left <= 0) {
                    if (wait.capped()) throw new WasiError(Errno.EINTR);
                    break;
                }
                n = p.read(data, 0, data.length, Duration.ofNanos(left));
            }
        } catch (DeviceException e) {
            throw Args.fault(p, e);
        }
        m.write(buf, data, 0, n);
        m.writeInt(out, n);
        return Errno.SUCCESS;
    }
}
