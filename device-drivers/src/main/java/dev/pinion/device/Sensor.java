package dev.pinion.device;

/** A numeric sensor reading in a fixed unit ({@code celsius}, {@code volt}, {@code percent}, ...). */
public interface Sensor extends Device {
    /** One fresh reading, in {@link #unit()}. */
    double read() throws DeviceException;

    /** The unit of {@link #read()}, lower case, e.g. {@code celsius}. */
    String unit();
}
