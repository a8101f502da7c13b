package dev.pinion.iot.internal;

import dev.pinion.device.DeviceException;
import dev.pinion.device.DigitalInput;
import dev.pinion.device.DigitalOutput;
import dev.pinion.device.Edge;
import dev.pinion.device.EdgeQueue;
import dev.pinion.engine.Memory;
import dev.pinion.wasi.internal.Errno;
import dev.pinion.wasi.internal.WasiError;
import java.time.Duration;

/** pinion_gpio: open a line by name as input (0) or output (1), write, read, wait for an edge, close. */
final class GpioCalls {
    static final int MODE_IN = 0, MODE_OUT = 1;
    static final int EVENT_SIZE = 16, RISING = 1, FALLING = 2;
    /** Edges a handle keeps while the guest is not waiting; the oldest go first (seen as a sequence gap). */
    static final int QUEUE = 64;

    private GpioCalls() {}

    /** open(name_ptr, name_len, mode, handle_out) */
    static int open(IotContext c, Memory m, long[] s, int b) {
        String name = Args.name(m, s[b], s[b + 1]);
        int mode = (int) s[b + 2];
        long out = Args.slot(m, s[b + 3], 4);
        if (mode != MODE_IN && mode != MODE_OUT) throw new WasiError(Errno.EINVAL);
        Args.granted(c, name, mode == MODE_IN ? "in" : "out");
        int handle;
        if (mode == MODE_IN) {
            DigitalInput in = Args.device(c, name, DigitalInput.class);
            EdgeQueue q = new EdgeQueue(QUEUE);
            handle = c.handles.add(new Handles.Handle(Handles.GPIO_IN, in, true, false, q, in.onEdge(q)));
        } else {
            DigitalOutput o = Args.device(c, name, DigitalOutput.class);
            handle = c.handles.add(new Handles.Handle(Handles.GPIO_OUT, o, true, true, null, null));
        }
        m.writeInt(out, handle);
        return Errno.SUCCESS;
    }

    /** close(handle) */
    static int close(IotContext c, long[] s, int b) {
        c.handles.close(s[b], Handles.GPIO_IN, Handles.GPIO_OUT);
        return Errno.SUCCESS;
    }

    /** write(handle, value): EBADF on an input handle (an input cannot be driven). */
    static int write(IotContext c, long[] s, int b) {
        Handles.Handle h = c.handles.get(s[b], Handles.GPIO_OUT, Handles.GPIO_OUT);
        DigitalOutput o = (DigitalOutput) h.device;
        try {
            o.set((int) s[b + 1] != 0);
        } catch (DeviceException e) {
            throw Args.fault(o, e);
        }
        return Errno.SUCCESS;
    }

    /** read(handle, value_out u32): the logical level, 0 or 1; on an output, the level it drives. */
    static int read(IotContext c, Memory m, long[] s, int b) {
        Handles.Handle h = c.handles.get(s[b], Handles.GPIO_IN, Handles.GPIO_OUT);
        long out = Args.slot(m, s[b + 1], 4);
        boolean level;
        try {
            level = h.device instanceof DigitalInput in ? in.read() : ((DigitalOutput) h.device).get();
        } catch (DeviceException e) {
            throw Args.fault(h.device, e);
        }
        m.writeInt(out, level ? 1 : 0);
        return Errno.SUCCESS;
    }

    /**
     * wait_edge(handle, timeout_ns u64, event_out): the next edge since the handle was opened, waiting up to the
     * timeout (0: just look; 2^63 and above: forever). ETIMEDOUT if none came; EINTR if the call's interrupt or
     * deadline fired. The event is {u64 timestamp_ns, u32 sequence, u32 kind (1 rising, 2 falling)}.
     */
    static int waitEdge(IotContext c, Memory m, long[] s, int b) {
        Handles.Handle h = c.handles.get(s[b], Handles.GPIO_IN, Handles.GPIO_IN);
        Args.Wait wait = Args.Wait.of(c, s[b + 1]);
        long out = Args.slot(m, s[b + 2], EVENT_SIZE);
        Edge e;
        try {
            e = h.edges.poll(Duration.ZERO);
            while (e == null) {
                if (c.interrupted()) throw new WasiError(Errno.EINTR);
                long left = wait.slice();
                if (left <= 0) throw new WasiError(wait.capped() ? Errno.EINTR : Errno.ETIMEDOUT);
                e = h.edges.poll(Duration.ofNanos(left));
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new WasiError(Errno.EINTR);
        }
        m.writeLong(out, e.timestampNanos());
        m.writeInt(out + 8, (int) e.sequence());
        m.writeInt(out + 12, e.rising() ? RISING : FALLING);
        return Errno.SUCCESS;
    }
}
