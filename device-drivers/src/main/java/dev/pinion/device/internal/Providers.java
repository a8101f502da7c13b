package dev.pinion.device.internal;

import dev.pinion.device.Board;
import dev.pinion.device.Device;
import dev.pinion.device.DeviceException;
import dev.pinion.device.DeviceSpec;

/** Opens a device with the Linux provider its spec names. */
public final class Providers {
    private Providers() {}

    public static Device open(DeviceSpec spec, Board.Options options) throws DeviceException {
        throw new DeviceException("device '" + spec.name() + "': provider '" + spec.provider()
                + "' is not available in this build");
    }
}
