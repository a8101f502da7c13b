package dev.pinion.iot.internal;

import static dev.pinion.wasi.internal.GuestMemory.check;
import static dev.pinion.wasi.internal.GuestMemory.u32;

import dev.pinion.device.DeviceException;
import dev.pinion.device.Sensor;
import dev.pinion.engine.Memory;
import dev.pinion.wasi.internal.Errno;
import java.nio.charset.StandardCharsets;

/** pinion_sensor: open by name (grant mode read), read an f64 in the sensor's unit, ask the unit, close. */
final class SensorCalls {
    private SensorCalls() {}

    /** open(name_ptr, name_len, handle_out) */
    static int open(IotContext c, Memory m, long[] s, int b) {
        String name = Args.name(m, s[b], s[b + 1]);
        long out = Args.slot(m, s[b + 2], 4);
        Args.granted(c, name, "read");
        Sensor sensor = Args.device(c, name, Sensor.class);
        m.writeInt(out, c.handles.add(new Handles.Handle(Handles.SENSOR, sensor, true, false, null, null)));
        return Errno.SUCCESS;
    }

    static int close(IotContext c, long[] s, int b) {
        c.handles.close(s[b], Handles.SENSOR, Handles.SENSOR);
        return Errno.SUCCESS;
    }

    /** read(handle, value_out f64) */
    static int read(IotContext c, Memory m, long[] s, int b) {
        Handles.Handle h = c.handles.get(s[b], Handles.SENSOR, Handles.SENSOR);
        long out = Args.slot(m, s[b + 1], 8);
        double v;
        try {
            v = ((Sensor) h.device).read();
        } catch (DeviceException e) {
            throw Args.fault(h.device, e);
        }
        m.writeDouble(out, v);
        return Errno.SUCCESS;
    }

    /**
     * unit(handle, buf, buf_len, len_out): writes the unit's length to len_out, and the unit (UTF-8, no NUL) to
     * buf if it fits; ERANGE if it does not (len_out still tells the size needed).
     */
    static int unit(IotContext c, Memory m, long[] s, int b) {
        Handles.Handle h = c.handles.get(s[b], Handles.SENSOR, Handles.SENSOR);
        long buf = u32(s[b + 1]), len = u32(s[b + 2]);
        check(m, buf, len);
        long out = Args.slot(m, s[b + 3], 4);
        byte[] unit = ((Sensor) h.device).unit().getBytes(StandardCharsets.UTF_8);
        m.writeInt(out, unit.length);
        if (len < unit.length) return Errno.ERANGE;
        m.write(buf, unit);
        return Errno.SUCCESS;
    }
}
