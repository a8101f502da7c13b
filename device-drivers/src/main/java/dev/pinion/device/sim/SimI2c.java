package dev.pinion.device.sim;

import dev.pinion.device.DeviceException;
import dev.pinion.device.DeviceSpec;
import dev.pinion.device.I2cDevice;
import java.util.Locale;

/** A simulated I2C device handle: each transaction looks for a chip at the address, and NACKs without one. */
final class SimI2c implements I2cDevice {
    private final SimBoard board;
    private final DeviceSpec.I2c spec;

    SimI2c(SimBoard board, DeviceSpec.I2c spec) {
        this.board = board;
        this.spec = spec;
    }

    @Override public String name() { return spec.name(); }

    @Override public String provider() { return "sim"; }

    @Override public int bus() { return spec.bus(); }

    @Override public int address() { return spec.address7(); }

    private RegisterChip chip() throws DeviceException {
        board.checkPlugged(spec.name());
        RegisterChip c = board.chipAt(spec.bus(), spec.address7());
        if (c == null)
            throw new DeviceException(String.format(Locale.ROOT,
                    "I2C device '%s': no acknowledge from address 0x%02x on sim bus %d (nothing there)",
                    spec.name(), spec.address7(), spec.bus()));
        return c;
    }

    @Override
    public void write(byte[] data) throws DeviceException {
        RegisterChip c = chip();
        synchronized (c) {
            c.write(data);
        }
    }

    @Override
    public void read(byte[] into) throws DeviceException {
        RegisterChip c = chip();
        synchronized (c) {
            c.read(into);
        }
    }

    @Override
    public void writeRead(byte[] out, byte[] in) throws DeviceException {
        RegisterChip c = chip();
        synchronized (c) { // one transaction: no other master's message between the two halves
            c.write(out);
            c.read(in);
        }
    }
}
