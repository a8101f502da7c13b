package dev.pinion.device;

import java.io.IOException;

/**
 * A device could not be opened or an I/O operation on it failed (missing node, NACK, device gone). The message
 * names the device and, where there is one, the path and what was expected. A guest sees these as EIO.
 */
public class DeviceException extends IOException {
    public DeviceException(String message) {
        super(message);
    }

    public DeviceException(String message, Throwable cause) {
        super(message, cause);
    }
}
