package dev.pinion.device.internal.linux;

import static dev.pinion.device.internal.linux.I2cUapi.*;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import dev.pinion.device.DeviceException;
import dev.pinion.device.DeviceSpec;
import dev.pinion.device.I2cDevice;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Locale;

/**
 * An I2C device through {@code /dev/i2c-N}: every transfer is one I2C_RDWR ioctl with explicit addresses, so
 * a write-read is a real combined transaction (repeated start, no stop) and no I2C_SLAVE state is shared with
 * other users of the bus. The adapter's I2C_FUNCS are checked at open.
 */
final class LinuxI2c implements I2cDevice, AutoCloseable {
    private final DeviceSpec.I2c spec;
    private final String path;
    private final int fd;
    private volatile boolean closed;

    LinuxI2c(DeviceSpec.I2c spec, Path devRoot) throws DeviceException {
        this.spec = spec;
        this.path = devRoot.resolve("i2c-" + spec.bus()).toString();
        try {
            fd = Libc.open(path, Libc.O_RDWR);
        } catch (Libc.ErrnoException e) {
            throw new DeviceException("device '" + spec.name() + "': cannot open I2C bus " + path + " (expected the "
                    + "i2c-dev node of bus " + spec.bus() + "; is i2c-dev loaded and the bus enabled?): "
                    + e.reason());
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment funcs = a.allocate(Libc.C_LONG);
            Libc.ioctl(fd, I2C_FUNCS, funcs, "I2C_FUNCS");
            long f = Libc.C_LONG.byteSize() == 8 ? funcs.get(JAVA_LONG, 0) : Integer.toUnsignedLong(funcs.get(JAVA_INT, 0));
            if ((f & I2C_FUNC_I2C) == 0) {
                Libc.close(fd);
                throw new DeviceException("device '" + spec.name() + "': the adapter behind " + path
                        + " cannot do plain I2C transfers (I2C_FUNC_I2C missing; SMBus-only adapters are not supported)");
            }
        } catch (Libc.ErrnoException e) {
            Libc.close(fd);
            throw new DeviceException("device '" + spec.name() + "': " + path + " is not an I2C bus device ("
                    + e.getMessage() + ")");
        }
    }

    @Override public String name() { return spec.name(); }

    @Override public String provider() { return "i2c-dev"; }

    @Override public int bus() { return spec.bus(); }

    @Override public int address() { return spec.address7(); }

    @Override
    public void write(byte[] data) throws DeviceException {
        transfer(new byte[][] {data}, new boolean[] {false});
    }

    @Override
    public void read(byte[] into) throws DeviceException {
        transfer(new byte[][] {into}, new boolean[] {true});
    }

    @Override
    public void writeRead(byte[] out, byte[] in) throws DeviceException {
        transfer(new byte[][] {out, in}, new boolean[] {false, true});
    }

    private void transfer(byte[][] bufs, boolean[] reads) throws DeviceException {
        if (closed) throw new DeviceException("device '" + spec.name() + "' is closed");
        for (byte[] b : bufs) if (b.length > 0xFFFF) throw new IllegalArgumentException("I2C message over 65535 bytes");
        try (Arena a = Arena.ofConfined()) {
            MemorySegment msgs = a.allocate(MSG, bufs.length);
            MemorySegment[] data = new MemorySegment[bufs.length];
            for (int i = 0; i < bufs.length; i++) {
                data[i] = a.allocate(Math.max(1, bufs[i].length));
                if (!reads[i]) MemorySegment.copy(bufs[i], 0, data[i], JAVA_BYTE, 0, bufs[i].length);
                MemorySegment m = msgs.asSlice(i * MSG.byteSize(), MSG.byteSize());
                m.set(JAVA_SHORT, 0, (short) spec.address7());
                m.set(JAVA_SHORT, 2, (short) (reads[i] ? I2C_M_RD : 0));
                m.set(JAVA_SHORT, 4, (short) bufs[i].length);
                m.set(ADDRESS, MSG.byteOffset(java.lang.foreign.MemoryLayout.PathElement.groupElement("buf")), data[i]);
            }
            MemorySegment rdwr = a.allocate(RDWR_DATA);
            rdwr.set(ADDRESS, 0, msgs);
            rdwr.set(JAVA_INT, ADDRESS.byteSize(), bufs.length);
            Libc.ioctl(fd, I2C_RDWR, rdwr, "I2C_RDWR");
            for (int i = 0; i < bufs.length; i++)
                if (reads[i]) MemorySegment.copy(data[i], JAVA_BYTE, 0, bufs[i], 0, bufs[i].length);
        } catch (Libc.ErrnoException e) {
            if (e.errno() == Libc.ENXIO || e.errno() == Libc.EREMOTEIO)
                throw new DeviceException(String.format(Locale.ROOT,
                        "I2C device '%s': no acknowledge from address 0x%02x on %s", spec.name(), spec.address7(), path));
            throw new DeviceException("I2C device '" + spec.name() + "' on " + path + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        Libc.close(fd);
    }
}
