package dev.pinion.device;

import java.time.Duration;

/** A serial line (UART) opened at its configured baud rate, 8N1. */
public interface SerialPort extends Device {
    /** Writes all of {@code data[off, off+len)}. */
    void write(byte[] data, int off, int len) throws DeviceException;

    /**
     * Reads what is available, waiting up to {@code timeout} for the first byte.
     *
     * @return the number of bytes read into {@code buf[off...]}; 0 if none arrived in time
     */
    int read(byte[] buf, int off, int len, Duration timeout) throws DeviceException;

    int baud();
}
