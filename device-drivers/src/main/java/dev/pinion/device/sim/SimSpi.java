package dev.pinion.device.sim;

import dev.pinion.device.DeviceException;
import dev.pinion.device.DeviceSpec;
import dev.pinion.device.SpiDevice;

/** A simulated SPI device with MISO wired to MOSI: every transfer receives what it sent. */
final class SimSpi implements SpiDevice {
    private final SimBoard board;
    private final DeviceSpec.Spi spec;

    SimSpi(SimBoard board, DeviceSpec.Spi spec) {
        this.board = board;
        this.spec = spec;
    }

    @Override public String name() { return spec.name(); }

    @Override public String provider() { return "sim"; }

    @Override
    public void transfer(byte[] tx, byte[] rx) throws DeviceException {
        if (tx.length != rx.length)
            throw new IllegalArgumentException("SPI transfer: tx has " + tx.length + " bytes, rx " + rx.length);
        board.checkPlugged(spec.name());
        System.arraycopy(tx, 0, rx, 0, tx.length);
    }

    @Override public int mode() { return spec.mode(); }

    @Override public int bitsPerWord() { return spec.bitsPerWord(); }

    @Override public int speedHz() { return spec.speedHz(); }
}
