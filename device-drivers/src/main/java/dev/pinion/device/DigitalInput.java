package dev.pinion.device;

import java.time.Duration;

/**
 * A GPIO line read by the host, with edge detection as configured on the board (rising, falling, both, none) and
 * an optional debounce period. It cannot be driven: there is no write on this type.
 */
public interface DigitalInput extends Device {
    /** The current logical level. */
    boolean read() throws DeviceException;

    /**
     * Waits for the next edge on this input's own queue, which holds edges since the input was opened (bounded;
     * the oldest are dropped when full, which shows as a gap in {@link Edge#sequence()}).
     *
     * @return the edge, or null when {@code timeout} passed without one
     * @throws InterruptedException if the waiting thread is interrupted
     */
    Edge awaitEdge(Duration timeout) throws InterruptedException;

    /**
     * Registers a listener for every edge from now on, e.g. a daemon's GPIO trigger. Closing the returned
     * registration removes it; closing the board removes all.
     */
    Registration onEdge(EdgeListener listener);

    /** A listener registration; {@link #close()} is idempotent and never throws. */
    interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
