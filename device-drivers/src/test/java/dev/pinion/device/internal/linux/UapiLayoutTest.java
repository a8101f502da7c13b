package dev.pinion.device.internal.linux;

import static dev.pinion.device.internal.linux.GpioUapi.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every struct size, field offset, flag and ioctl request number the FFM providers use, compared with what the C
 * compiler computes from the kernel's own uAPI headers (a C probe compiled with gcc against linux-libc-dev).
 * Skipped, with a line saying why, where gcc or the headers are missing.
 */
class UapiLayoutTest {
    static Map<String, Long> c;

    @BeforeAll
    static void probe(@TempDir Path dir) throws Exception {
        boolean gcc = Files.isExecutable(Path.of("/usr/bin/gcc"));
        boolean headers = Files.exists(Path.of("/usr/include/linux/gpio.h"));
        assumeTrue(gcc && headers, "skipped: needs gcc and the kernel uAPI headers (apt-get install gcc linux-libc-dev)");
        Path src = dir.resolve("probe.c"), exe = dir.resolve("probe");
        try (var in = UapiLayoutTest.class.getResourceAsStream("/probe/uapi_probe.c")) {
            Files.write(src, in.readAllBytes());
        }
        Process cc = new ProcessBuilder("gcc", "-o", exe.toString(), src.toString()).redirectErrorStream(true).start();
        String ccOut = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assumeTrue(cc.waitFor(60, TimeUnit.SECONDS) && cc.exitValue() == 0,
                "skipped: the uAPI probe does not compile here (old kernel headers?): " + ccOut);
        Process p = new ProcessBuilder(exe.toString()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor());
        c = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            int sp = line.lastIndexOf(' ');
            c.put(line.substring(0, sp), Long.parseUnsignedLong(line.substring(sp + 1)));
        }
    }

    private static long off(StructLayout s, String field) {
        return s.byteOffset(MemoryLayout.PathElement.groupElement(field));
    }

    @Test
    void everyValue_matchesTheKernelHeaders() {
        Map<String, Long> java = new TreeMap<>();
        java.put("sizeof gpiochip_info", CHIP_INFO.byteSize());
        java.put("offsetof gpiochip_info.label", off(CHIP_INFO, "label"));
        java.put("offsetof gpiochip_info.lines", off(CHIP_INFO, "lines"));
        java.put("sizeof gpio_v2_line_attribute", LINE_ATTRIBUTE.byteSize());
        java.put("offsetof gpio_v2_line_attribute.flags", off(LINE_ATTRIBUTE, "value"));
        java.put("sizeof gpio_v2_line_config_attribute", LINE_CONFIG_ATTRIBUTE.byteSize());
        java.put("offsetof gpio_v2_line_config_attribute.mask", off(LINE_CONFIG_ATTRIBUTE, "mask"));
        java.put("sizeof gpio_v2_line_config", LINE_CONFIG.byteSize());
        java.put("offsetof gpio_v2_line_config.num_attrs", off(LINE_CONFIG, "num_attrs"));
        java.put("offsetof gpio_v2_line_config.attrs", off(LINE_CONFIG, "attrs"));
        java.put("sizeof gpio_v2_line_request", LINE_REQUEST.byteSize());
        for (String f : new String[] {"consumer", "config", "num_lines", "event_buffer_size", "fd"})
            java.put("offsetof gpio_v2_line_request." + f, off(LINE_REQUEST, f));
        java.put("sizeof gpio_v2_line_info", LINE_INFO.byteSize());
        for (String f : new String[] {"offset", "flags", "attrs"})
            java.put("offsetof gpio_v2_line_info." + f, off(LINE_INFO, f));
        java.put("sizeof gpio_v2_line_values", LINE_VALUES.byteSize());
        java.put("offsetof gpio_v2_line_values.mask", off(LINE_VALUES, "mask"));
        java.put("sizeof gpio_v2_line_event", LINE_EVENT.byteSize());
        for (String f : new String[] {"id", "offset", "seqno", "line_seqno"})
            java.put("offsetof gpio_v2_line_event." + f, off(LINE_EVENT, f));
        java.put("GPIO_GET_CHIPINFO_IOCTL", GPIO_GET_CHIPINFO_IOCTL);
        java.put("GPIO_V2_GET_LINEINFO_IOCTL", GPIO_V2_GET_LINEINFO_IOCTL);
        java.put("GPIO_V2_GET_LINE_IOCTL", GPIO_V2_GET_LINE_IOCTL);
        java.put("GPIO_V2_LINE_SET_CONFIG_IOCTL", GPIO_V2_LINE_SET_CONFIG_IOCTL);
        java.put("GPIO_V2_LINE_GET_VALUES_IOCTL", GPIO_V2_LINE_GET_VALUES_IOCTL);
        java.put("GPIO_V2_LINE_SET_VALUES_IOCTL", GPIO_V2_LINE_SET_VALUES_IOCTL);
        java.put("GPIO_V2_LINE_FLAG_ACTIVE_LOW", FLAG_ACTIVE_LOW);
        java.put("GPIO_V2_LINE_FLAG_INPUT", FLAG_INPUT);
        java.put("GPIO_V2_LINE_FLAG_OUTPUT", FLAG_OUTPUT);
        java.put("GPIO_V2_LINE_FLAG_EDGE_RISING", FLAG_EDGE_RISING);
        java.put("GPIO_V2_LINE_FLAG_EDGE_FALLING", FLAG_EDGE_FALLING);
        java.put("GPIO_V2_LINE_FLAG_BIAS_PULL_UP", FLAG_BIAS_PULL_UP);
        java.put("GPIO_V2_LINE_FLAG_BIAS_PULL_DOWN", FLAG_BIAS_PULL_DOWN);
        java.put("GPIO_V2_LINE_FLAG_BIAS_DISABLED", FLAG_BIAS_DISABLED);
        java.put("GPIO_V2_LINE_ATTR_ID_FLAGS", (long) ATTR_ID_FLAGS);
        java.put("GPIO_V2_LINE_ATTR_ID_OUTPUT_VALUES", (long) ATTR_ID_OUTPUT_VALUES);
        java.put("GPIO_V2_LINE_ATTR_ID_DEBOUNCE", (long) ATTR_ID_DEBOUNCE);
        java.put("GPIO_V2_LINE_EVENT_RISING_EDGE", (long) EVENT_RISING_EDGE);
        java.put("GPIO_V2_LINE_EVENT_FALLING_EDGE", (long) EVENT_FALLING_EDGE);
        java.put("sizeof i2c_msg", I2cUapi.MSG.byteSize());
        java.put("offsetof i2c_msg.flags", off(I2cUapi.MSG, "flags"));
        java.put("offsetof i2c_msg.len", off(I2cUapi.MSG, "len"));
        java.put("offsetof i2c_msg.buf", off(I2cUapi.MSG, "buf"));
        java.put("sizeof i2c_rdwr_ioctl_data", I2cUapi.RDWR_DATA.byteSize());
        java.put("offsetof i2c_rdwr_ioctl_data.nmsgs", off(I2cUapi.RDWR_DATA, "nmsgs"));
        java.put("I2C_SLAVE", I2cUapi.I2C_SLAVE);
        java.put("I2C_FUNCS", I2cUapi.I2C_FUNCS);
        java.put("I2C_RDWR", I2cUapi.I2C_RDWR);
        java.put("I2C_M_RD", (long) I2cUapi.I2C_M_RD);
        java.put("I2C_FUNC_I2C", I2cUapi.I2C_FUNC_I2C);
        java.put("I2C_RDWR_IOCTL_MAX_MSGS", (long) I2cUapi.MAX_MSGS);
        java.put("sizeof spi_ioc_transfer", LinuxSpi.TRANSFER.byteSize());
        for (String f : new String[] {"rx_buf", "len", "speed_hz", "delay_usecs", "bits_per_word", "cs_change"})
            java.put("offsetof spi_ioc_transfer." + f, off(LinuxSpi.TRANSFER, f));
        java.put("SPI_IOC_MESSAGE(1)", LinuxSpi.message(1));
        java.put("SPI_IOC_MESSAGE(3)", LinuxSpi.message(3));
        java.put("SPI_IOC_WR_MODE", LinuxSpi.SPI_IOC_WR_MODE);
        java.put("SPI_IOC_RD_MODE", LinuxSpi.SPI_IOC_RD_MODE);
        java.put("SPI_IOC_WR_BITS_PER_WORD", LinuxSpi.SPI_IOC_WR_BITS_PER_WORD);
        java.put("SPI_IOC_WR_MAX_SPEED_HZ", LinuxSpi.SPI_IOC_WR_MAX_SPEED_HZ);
        assertEquals(new TreeMap<>(c), java);
    }
}
