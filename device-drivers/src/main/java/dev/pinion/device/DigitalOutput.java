package dev.pinion.device;

/** A GPIO line driven by the host. Levels are logical: with {@code active_low} true means electrically low. */
public interface DigitalOutput extends Device {
    /** Drives the line active ({@code true}) or inactive. */
    void set(boolean active) throws DeviceException;

    /** The level last driven (read back from the line where the provider can). */
    boolean get() throws DeviceException;
}
