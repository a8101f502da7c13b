package dev.pinion.device.internal.sysfs;

import static org.junit.jupiter.api.Assertions.*;

import dev.pinion.device.Board;
import dev.pinion.device.BoardDescription;
import dev.pinion.device.DeviceException;
import dev.pinion.device.DeviceSpec;
import dev.pinion.device.Sensor;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sysfs sensor providers against fake sysfs trees laid out as the kernel lays them out. */
class SysfsSensorTest {
    @TempDir Path sys;

    private Path file(String rel, String content) throws Exception {
        Path p = sys.resolve(rel);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, content);
    }

    private Sensor open(String provider, String device, String channel) throws DeviceException {
        DeviceSpec.SensorSpec spec = new DeviceSpec.SensorSpec("s", provider, device, channel, null, null);
        Board board = Board.open(BoardDescription.builder().add(spec).build(),
                Board.Options.DEFAULTS.withSysfsRoot(sys));
        return board.sensor("s");
    }

    @Test
    void iio_processedInput_inMilliUnits() throws Exception {
        file("bus/iio/devices/iio:device0/name", "bme280\n");
        file("bus/iio/devices/iio:device0/in_temp_input", "23450\n");
        file("bus/iio/devices/iio:device0/in_humidityrelative_input", "41230\n");
        Sensor t = open("iio", "bme280", "in_temp");
        assertEquals(23.45, t.read(), 1e-9);
        assertEquals("celsius", t.unit());
        Sensor h = open("iio", "iio:device0", "in_humidityrelative");
        assertEquals(41.23, h.read(), 1e-9);
        assertEquals("percent", h.unit());
    }

    @Test
    void iio_raw_withChannelOrSharedScaleAndOffset() throws Exception {
        file("bus/iio/devices/iio:device1/name", "mcp3008\n");
        file("bus/iio/devices/iio:device1/in_voltage0_raw", "512\n");
        file("bus/iio/devices/iio:device1/in_voltage_scale", "3.222656250\n"); // shared by all voltage channels
        Sensor v = open("iio", "mcp3008", "in_voltage0");
        assertEquals(512 * 3.22265625 / 1000, v.read(), 1e-9);
        assertEquals("volt", v.unit());
        file("bus/iio/devices/iio:device2/in_temp_raw", "1000\n");
        file("bus/iio/devices/iio:device2/in_temp_offset", "-500\n");
        file("bus/iio/devices/iio:device2/in_temp_scale", "10\n");
        assertEquals((1000 - 500) * 10 / 1000.0, open("iio", "iio:device2", "in_temp").read(), 1e-9);
    }

    @Test
    void hwmon_andThermal_byName() throws Exception {
        file("class/hwmon/hwmon0/name", "cpu_thermal\n");
        file("class/hwmon/hwmon0/temp1_input", "48312\n");
        file("class/hwmon/hwmon1/name", "ina219\n");
        file("class/hwmon/hwmon1/in1_input", "5012\n");
        file("class/hwmon/hwmon1/power1_input", "2500000\n");
        assertEquals(48.312, open("hwmon", "cpu_thermal", "temp1").read(), 1e-9);
        Sensor in = open("hwmon", "ina219", "in1");
        assertEquals(5.012, in.read(), 1e-9);
        assertEquals("volt", in.unit());
        assertEquals(2.5, open("hwmon", "hwmon1", "power1").read(), 1e-9);
        file("class/thermal/thermal_zone0/type", "cpu-thermal\n");
        file("class/thermal/thermal_zone0/temp", "51000\n");
        assertEquals(51.0, open("thermal", "cpu-thermal", null).read(), 1e-9);
        assertEquals(51.0, open("thermal", "thermal_zone0", null).read(), 1e-9);
    }

    @Test
    void w1_ds18b20_goodCrc_badCrc_kernelNo() throws Exception {
        Path slave = file("bus/w1/devices/28-0000075cbe9a/w1_slave",
                "72 01 4b 46 7f ff 0e 10 57 : crc=57 YES\n72 01 4b 46 7f ff 0e 10 57 t=23125\n");
        Sensor t = open("w1", "28-0000075cbe9a", null);
        assertEquals(23.125, t.read(), 1e-9);
        Files.writeString(slave, "72 01 4b 46 7f ff 0e 10 57 : crc=57 NO\n72 01 4b 46 7f ff 0e 10 57 t=23125\n");
        DeviceException e = assertThrows(DeviceException.class, t::read);
        assertTrue(e.getMessage().contains("CRC check failed"), e.getMessage());
        Files.writeString(slave, "72 01 4b 46 7f ff 0e 10 58 : crc=58 YES\n72 01 4b 46 7f ff 0e 10 58 t=23125\n");
        e = assertThrows(DeviceException.class, t::read);
        assertTrue(e.getMessage().contains("scratchpad CRC mismatch"), e.getMessage());
    }

    @Test
    void crc8_knownVector() {
        byte[] rom = {0x28, (byte) 0x9a, (byte) 0xbe, 0x5c, 0x07, 0x00, 0x00};
        // The CRC of a byte string followed by its own CRC is zero.
        int crc = SysfsSensor.crc8(rom, rom.length);
        byte[] withCrc = java.util.Arrays.copyOf(rom, rom.length + 1);
        withCrc[rom.length] = (byte) crc;
        assertEquals(0, SysfsSensor.crc8(withCrc, withCrc.length));
    }

    @Test
    void missingDevices_nameThePathAndWhatWasExpected() throws Exception {
        DeviceException e = assertThrows(DeviceException.class, () -> open("w1", "28-0000deadbeef", null));
        assertEquals("sensor 's': expected " + sys.resolve("bus/w1/devices/28-0000deadbeef/w1_slave")
                + " (1-Wire slave '28-0000deadbeef'; is the w1-gpio overlay and w1_therm loaded?)", e.getMessage());
        e = assertThrows(DeviceException.class, () -> open("hwmon", "cpu_thermal", "temp1"));
        assertEquals("sensor 's': " + sys.resolve("class/hwmon") + " does not exist (no hwmon chips on this system)",
                e.getMessage());
        file("class/hwmon/hwmon0/name", "other\n");
        e = assertThrows(DeviceException.class, () -> open("hwmon", "cpu_thermal", "temp1"));
        assertTrue(e.getMessage().endsWith("(found: hwmon0 'other')"), e.getMessage());
        file("bus/iio/devices/iio:device0/name", "adc\n");
        e = assertThrows(DeviceException.class, () -> open("iio", "adc", "in_voltage3"));
        assertTrue(e.getMessage().contains("in_voltage3_input or ") && e.getMessage().contains("in_voltage3_raw"),
                e.getMessage());
    }

    @Test
    void sensorVanishing_isADeviceException_thenRecovers() throws Exception {
        Path input = file("class/thermal/thermal_zone3/temp", "40000\n");
        Sensor t = open("thermal", "thermal_zone3", null);
        Files.delete(input);
        DeviceException e = assertThrows(DeviceException.class, t::read);
        assertTrue(e.getMessage().contains("is gone"), e.getMessage());
        Files.writeString(input, "garbage\n");
        e = assertThrows(DeviceException.class, t::read);
        assertTrue(e.getMessage().contains("expected a number, got \"garbage\""), e.getMessage());
        Files.writeString(input, "41000\n");
        assertEquals(41.0, t.read(), 1e-9);
    }
}
