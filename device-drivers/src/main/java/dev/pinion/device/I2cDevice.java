package dev.pinion.device;

/**
 * One device at a 7-bit address on an I2C bus. An address nobody answers NACKs, which is a {@link DeviceException}
 * (EIO to a guest), as the kernel's i2c-dev reports it.
 */
public interface I2cDevice extends Device {
    /** Bus number ({@code /dev/i2c-N}) and 7-bit address. */
    int bus();

    int address();

    /** One write message: the bytes are sent after the address byte. */
    void write(byte[] data) throws DeviceException;

    /** One read message filling {@code into}. */
    void read(byte[] into) throws DeviceException;

    /**
     * A combined transaction: a write message, a repeated start, then a read message, with no stop between them
     * (how register reads are done: write the register address, read its value).
     */
    void writeRead(byte[] out, byte[] in) throws DeviceException;
}
