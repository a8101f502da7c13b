package dev.pinion.device.internal.linux;

import dev.pinion.device.DeviceException;
import dev.pinion.device.DeviceSpec;
import dev.pinion.device.DigitalInput;
import dev.pinion.device.DigitalOutput;
import dev.pinion.device.I2cDevice;
import dev.pinion.device.SpiDevice;
import java.nio.file.Path;

/** Entry points of the character-device providers (gpiochip v2, i2c-dev, spidev). */
public final class LinuxDevices {
    private LinuxDevices() {}

    public static DigitalOutput output(DeviceSpec.Output spec, Path devRoot) throws DeviceException {
        return new LinuxLine.Output(spec, devRoot);
    }

    public static DigitalInput input(DeviceSpec.Input spec, Path devRoot) throws DeviceException {
        return new LinuxLine.Input(spec, devRoot);
    }

    public static I2cDevice i2c(DeviceSpec.I2c spec, Path devRoot) throws DeviceException {
        return new LinuxI2c(spec, devRoot);
    }

    public static SpiDevice spi(DeviceSpec.Spi spec) throws DeviceException {
        return new LinuxSpi(spec);
    }
}
