package dev.pinion.device.internal.linux;

import static org.junit.jupiter.api.Assertions.*;

import dev.pinion.device.Board;
import dev.pinion.device.BoardDescription;
import dev.pinion.device.DeviceException;
import dev.pinion.device.DeviceSpec;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The character-device providers on this machine, which has no GPIO, I2C or SPI hardware: the FFM bindings work
 * on real files and character devices, and a missing or wrong device is an error naming the path and what was
 * expected, raised at board open.
 */
class LinuxProvidersTest {
    @TempDir Path dev;

    private DeviceException openFails(DeviceSpec spec) {
        return assertThrows(DeviceException.class, () -> Board.open(BoardDescription.builder().add(spec).build(),
                Board.Options.DEFAULTS.withDevRoot(dev)));
    }

    private static DeviceSpec.Output led(String chip) {
        return new DeviceSpec.Output("led", "gpiochip", chip, "GPIO17", false, false, null);
    }

    @Test
    void libc_openReadPollAndErrno_throughFfm() throws Exception {
        Path f = Files.writeString(dev.resolve("data"), "hello");
        int fd = Libc.open(f.toString(), Libc.O_RDONLY);
        try (Arena a = Arena.ofConfined()) {
            assertEquals(Libc.POLLIN, Libc.pollIn(fd, 100, "poll") & Libc.POLLIN);
            MemorySegment buf = a.allocate(16);
            assertEquals(5, Libc.read(fd, buf, 16, "read"));
            assertEquals("hello", buf.getString(0).substring(0, 5));
            Libc.ErrnoException e = assertThrows(Libc.ErrnoException.class,
                    () -> Libc.ioctl(fd, GpioUapi.GPIO_GET_CHIPINFO_IOCTL, a.allocate(GpioUapi.CHIP_INFO), "probe"));
            assertEquals(Libc.ENOTTY, e.errno());
        } finally {
            Libc.close(fd);
        }
        Libc.ErrnoException e = assertThrows(Libc.ErrnoException.class, () -> Libc.open(dev + "/missing", 0));
        assertEquals("open " + dev + "/missing: No such file or directory (errno 2)", e.getMessage());
    }

    @Test
    void gpio_noChipWithThatLabel_namesTheDirectory() {
        DeviceException e = openFails(led("pinctrl-rp1"));
        assertEquals("device 'led': no GPIO chip labelled 'pinctrl-rp1' under " + dev + " (no gpiochip* character "
                + "devices there; is this a board with GPIO, and may this user open them: group gpio?)", e.getMessage());
    }

    @Test
    void gpio_aNodeThatIsNotAGpioChip_isNamed() throws Exception {
        Files.createSymbolicLink(dev.resolve("gpiochip0"), Path.of("/dev/null"));
        DeviceException e = openFails(led("pinctrl-rp1"));
        assertTrue(e.getMessage().endsWith("(found: gpiochip0 (unreadable))"), e.getMessage());
        e = openFails(led("gpiochip0"));
        assertTrue(e.getMessage().startsWith("device 'led': " + dev.resolve("gpiochip0")
                + " is not a GPIO character device (GPIO_GET_CHIPINFO_IOCTL: Inappropriate ioctl for device"),
                e.getMessage());
        e = openFails(new DeviceSpec.Input("button", "gpiochip", "/dev/nonexistent-chip", "3", false,
                DeviceSpec.Bias.PULL_UP, DeviceSpec.Edges.BOTH, Duration.ZERO, null));
        assertTrue(e.getMessage().startsWith("device 'button': cannot open GPIO chip /dev/nonexistent-chip: No such "
                + "file or directory"), e.getMessage());
    }

    @Test
    void i2c_missingBusAndWrongNode() throws Exception {
        DeviceSpec.I2c spec = new DeviceSpec.I2c("eeprom", "i2c-dev", 1, 0x50, null);
        DeviceException e = openFails(spec);
        assertTrue(e.getMessage().startsWith("device 'eeprom': cannot open I2C bus " + dev.resolve("i2c-1")
                + " (expected the i2c-dev node of bus 1"), e.getMessage());
        Files.createSymbolicLink(dev.resolve("i2c-1"), Path.of("/dev/null"));
        e = openFails(spec);
        assertTrue(e.getMessage().startsWith("device 'eeprom': " + dev.resolve("i2c-1") + " is not an I2C bus device"
                + " (I2C_FUNCS: Inappropriate ioctl for device"), e.getMessage());
    }

    @Test
    void spi_missingNodeAndWrongNode() {
        DeviceException e = openFails(new DeviceSpec.Spi("adc", "spidev", dev + "/spidev0.0", 0, 8, 1_000_000));
        assertTrue(e.getMessage().startsWith("device 'adc': cannot open SPI device " + dev + "/spidev0.0 (expected "
                + "an spidev node"), e.getMessage());
        e = openFails(new DeviceSpec.Spi("adc", "spidev", "/dev/null", 0, 8, 1_000_000));
        assertTrue(e.getMessage().startsWith("device 'adc': /dev/null rejected the SPI setup (mode 0, 8 bits, "
                + "1000000 Hz; is it an spidev node?): SPI_IOC_WR_MODE: Inappropriate ioctl for device"), e.getMessage());
    }

    @Test
    void inputFlags_followTheSpec() {
        DeviceSpec.Input in = new DeviceSpec.Input("b", "gpiochip", "c", "1", true, DeviceSpec.Bias.PULL_UP,
                DeviceSpec.Edges.FALLING, Duration.ZERO, null);
        assertEquals(GpioUapi.FLAG_INPUT | GpioUapi.FLAG_ACTIVE_LOW | GpioUapi.FLAG_BIAS_PULL_UP
                | GpioUapi.FLAG_EDGE_FALLING, LinuxLine.Input.flags(in));
    }
}
