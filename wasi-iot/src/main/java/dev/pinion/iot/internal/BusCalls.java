package dev.pinion.iot.internal;

import static dev.pinion.wasi.internal.GuestMemory.u32;

import dev.pinion.device.DeviceException;
import dev.pinion.device.I2cDevice;
import dev.pinion.device.SpiDevice;
import dev.pinion.engine.Memory;
import dev.pinion.wasi.internal.Errno;
import dev.pinion.wasi.internal.WasiError;

/**
 * pinion_i2c and pinion_spi. I2C modes: read allows read, write allows write, rw allows both and write_read
 * (a combined write-read can change a chip: an EEPROM write is just a write message, so it needs both). SPI is
 * full duplex: its one mode is rw.
 */
final class BusCalls {
    static final int MAX_I2C = 8192, MAX_SPI = 4096;

    private BusCalls() {}

    /** open(name_ptr, name_len, handle_out): any I2C grant on the name. */
    static int i2cOpen(IotContext c, Memory m, long[] s, int b) {
        String name = Args.name(m, s[b], s[b + 1]);
        long out = Args.slot(m, s[b + 2], 4);
        boolean r = c.grants.allows(name, "read"), w = c.grants.allows(name, "write");
        if (!r && !w) throw new WasiError(Errno.EACCES);
        I2cDevice d = Args.device(c, name, I2cDevice.class);
        m.writeInt(out, c.handles.add(new Handles.Handle(Handles.I2C, d, r, w, null, null)));
        return Errno.SUCCESS;
    }

    static int i2cClose(IotContext c, long[] s, int b) {
        c.handles.close(s[b], Handles.I2C, Handles.I2C);
        return Errno.SUCCESS;
    }

    /** write(handle, buf, len): one write message. */
    static int i2cWrite(IotContext c, Memory m, long[] s, int b) {
        Handles.Handle h = c.handles.get(s[b], Handles.I2C, Handles.I2C);
        long buf = Args.buffer(m, s[b + 1], s[b + 2], MAX_I2C);
        if (!h.canWrite) throw new WasiError(Errno.EACCES);
        byte[] data = m.readBytes(buf, (int) u32(s[b + 2]));
        try {
            ((I2cDevice) h.device).write(data);
        } catch (DeviceException e) {
            throw Args.fault(h.device, e);
        }
        return Errno.SUCCESS;
    }

    /** read(handle, buf, len): one read message filling buf. */
    static int i2cRead(IotContext c, Memory m, long[] s, int b) {
        Handles.Handle h = c.handles.get(s[b], Handles.I2C, Handles.I2C);
        long buf = Args.buffer(m, s[b + 1], s[b + 2], MAX_I2C);
        if (!h.canRead) throw new WasiError(Errno.EACCES);
        byte[] data = new byte[(int) u32(s[b + 2])];
        try {
            ((I2cDevice) h.device).read(data);
        } catch (DeviceException e) {
            throw Args.fault(h.device, e);
        }
        m.write(buf, data);
        return Errno.SUCCESS;
    }

    /** write_read(handle, wbuf, wlen, rbuf, rlen): write, repeated start, read; needs rw. */
    static int i2cWriteRead(IotContext c, Memory m, long[] s, int b) {
        Handles.Handle h = c.handles.get(s[b], Handles.I2C, Handles.I2C);
        long wbuf = Args.buffer(m, s[b + 1], s[b + 2], MAX_I2C);
        long rbuf = Args.buffer(m, s[b + 3], s[b + 4], MAX_I2C);
        if (!h.canRead || !h.canWrite) throw new WasiError(Errno.EACCES);
        byte[] out = m.readBytes(wbuf, (int) u32(s[b + 2]));
        byte[] in = new byte[(int) u32(s[b + 4])];
        try {
            ((I2cDevice) h.device).writeRead(out, in);
        } catch (DeviceException e) {
            throw Args.fault(h.device, e);
        }
        m.write(rbuf, in);
        return Errno.SUCCESS;
    }

    /** open(name_ptr, name_len, handle_out): needs rw. */
    static int spiOpen(IotContext c, Memory m, long[] s, int b) {
        String name = Args.name(m, s[b], s[b + 1]);
        long out = Args.slot(m, s[b + 2], 4);
        Args.granted(c, name, "rw");
        SpiDevice d = Args.device(c, name, SpiDevice.class);
        m.writeInt(out, c.handles.add(new Handles.Handle(Handles.SPI, d, true, true, null, null)));
        return Errno.SUCCESS;
    }

    static int spiClose(IotContext c, long[] s, int b) {
        c.handles.close(s[b], Handles.SPI, Handles.SPI);
        return Errno.SUCCESS;
    }

    /** transfer(handle, tx, rx, len): full duplex; tx and rx may be the same buffer. */
    static int spiTransfer(IotContext c, Memory m, long[] s, int b) {
        Handles.Handle h = c.handles.get(s[b], Handles.SPI, Handles.SPI);
        long tx = Args.buffer(m, s[b + 1], s[b + 3], MAX_SPI);
        long rx = Args.buffer(m, s[b + 2], s[b + 3], MAX_SPI);
        int len = (int) u32(s[b + 3]);
        byte[] out = m.readBytes(tx, len), in = new byte[len];
        try {
            ((SpiDevice) h.device).transfer(out, in);
        } catch (DeviceException e) {
            throw Args.fault(h.device, e);
        }
        m.write(rx, in);
        return Errno.SUCCESS;
    }
}
