package dev.pinion.device;

/** One SPI device (bus + chip select) with its configured mode, word size and clock. */
public interface SpiDevice extends Device {
    /**
     * One full-duplex transfer with chip select held for its whole length: {@code tx} is clocked out while
     * {@code rx} is filled. The arrays must have the same length.
     */
    void transfer(byte[] tx, byte[] rx) throws DeviceException;

    int mode();

    int bitsPerWord();

    int speedHz();
}
