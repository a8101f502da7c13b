package dev.pinion.device.internal;

import dev.pinion.device.Board;
import dev.pinion.device.Device;
import dev.pinion.device.DeviceException;
import dev.pinion.device.DeviceSpec;
import dev.pinion.device.internal.linux.LinuxDevices;
import dev.pinion.device.internal.serial.JsscSerial;
import dev.pinion.device.internal.sysfs.SysfsSensor;

/** Opens a device with the Linux provider its spec names. */
public final class Providers {
    private Providers() {}

    public static Device open(DeviceSpec spec, Board.Options options) throws DeviceException {
        return switch (spec) {
            case DeviceSpec.Output o -> LinuxDevices.output(o, options.devRoot());
            case DeviceSpec.Input i -> LinuxDevices.input(i, options.devRoot());
            case DeviceSpec.I2c i -> LinuxDevices.i2c(i, options.devRoot());
            case DeviceSpec.Spi s -> LinuxDevices.spi(s);
            case DeviceSpec.SensorSpec s -> SysfsSensor.open(s, options.sysfsRoot());
            case DeviceSpec.Serial s -> JsscSerial.open(s, options.serialNativeDir());
        };
    }
}
