package dev.pinion.device.internal.linux;

import static dev.pinion.device.internal.linux.GpioUapi.*;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.pinion.device.DeviceException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finding a GPIO line the way the board names it: a chip by label ({@code pinctrl-rp1}), name
 * ({@code gpiochip0}) or path, then a line by name ({@code GPIO17}) or offset, and requesting it from the kernel.
 * Labels and names survive the renumbering that moved the Pi 5's header to another chip; numbers do not.
 */
final class GpioChip {
    private GpioChip() {}

    /** A requested line: the line fd the kernel returned, and where it came from (for messages). */
    record Requested(int fd, String where) {}

    /** What the line request asks for: flags and optional attributes. */
    record LineConfig(long flags, Long outputValue, Integer debounceMicros) {}

    static Requested request(String device, Path devRoot, String chip, String line, LineConfig config)
            throws DeviceException {
        Path path = chipPath(device, devRoot, chip);
        int fd;
        try {
            fd = Libc.open(path.toString(), Libc.O_RDWR);
        } catch (Libc.ErrnoException e) {
            throw new DeviceException("device '" + device + "': cannot open GPIO chip " + path + ": "
                    + e.reason());
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment info = a.allocate(CHIP_INFO);
            try {
                Libc.ioctl(fd, GPIO_GET_CHIPINFO_IOCTL, info, "GPIO_GET_CHIPINFO_IOCTL");
            } catch (Libc.ErrnoException e) {
                throw new DeviceException("device '" + device + "': " + path + " is not a GPIO character device ("
                        + e.getMessage() + ")");
            }
            int lines = info.get(JAVA_INT, offset(CHIP_INFO, "lines"));
            String label = cString(info, offset(CHIP_INFO, "label"));
            int offset = lineOffset(device, fd, path, label, lines, line, a);
            String where = path + " ('" + label + "') line " + offset + (line.equals(String.valueOf(offset)) ? ""
                    : " '" + line + "'");
            MemorySegment req = a.allocate(LINE_REQUEST);
            req.set(JAVA_INT, offset(LINE_REQUEST, "offsets"), offset);
            byte[] consumer = "pinion".getBytes(StandardCharsets.US_ASCII);
            MemorySegment.copy(consumer, 0, req, java.lang.foreign.ValueLayout.JAVA_BYTE,
                    offset(LINE_REQUEST, "consumer"), consumer.length);
            long cfg = offset(LINE_REQUEST, "config");
            req.set(JAVA_LONG, cfg + offset(LINE_CONFIG, "flags"), config.flags());
            int attrs = 0;
            long attr0 = cfg + offset(LINE_CONFIG, "attrs");
            if (config.outputValue() != null) {
                long at = attr0 + attrs++ * LINE_CONFIG_ATTRIBUTE.byteSize();
                req.set(JAVA_INT, at, ATTR_ID_OUTPUT_VALUES);
                req.set(JAVA_LONG, at + 8, config.outputValue());
                req.set(JAVA_LONG, at + 16, 1L); // mask: line 0 of this request
            }
            if (config.debounceMicros() != null && config.debounceMicros() > 0) {
                long at = attr0 + attrs++ * LINE_CONFIG_ATTRIBUTE.byteSize();
                req.set(JAVA_INT, at, ATTR_ID_DEBOUNCE);
                req.set(JAVA_INT, at + 8, config.debounceMicros()); // the union's __u32 debounce_period_us
                req.set(JAVA_LONG, at + 16, 1L);
            }
            req.set(JAVA_INT, cfg + offset(LINE_CONFIG, "num_attrs"), attrs);
            req.set(JAVA_INT, offset(LINE_REQUEST, "num_lines"), 1);
            try {
                Libc.ioctl(fd, GPIO_V2_GET_LINE_IOCTL, req, "GPIO_V2_GET_LINE_IOCTL");
            } catch (Libc.ErrnoException e) {
                String hint = e.errno() == 16 ? " (the line is in use: another program or a kernel driver holds it)"
                        : "";
                throw new DeviceException("device '" + device + "': cannot request " + where + ": "
                        + e.getMessage() + hint);
            }
            return new Requested(req.get(JAVA_INT, offset(LINE_REQUEST, "fd")), where);
        } finally {
            Libc.close(fd);
        }
    }

    private static Path chipPath(String device, Path devRoot, String chip) throws DeviceException {
        if (chip.startsWith("/")) return Path.of(chip);
        if (chip.matches("gpiochip\\d+")) return devRoot.resolve(chip);
        List<Path> nodes;
        try (Stream<Path> s = Files.list(devRoot)) {
            nodes = s.filter(p -> p.getFileName().toString().matches("gpiochip\\d+")).sorted().toList();
        } catch (IOException e) {
            throw new DeviceException("device '" + device + "': cannot list " + devRoot + " to find GPIO chip '"
                    + chip + "': " + e.getMessage());
        }
        List<String> seen = new ArrayList<>();
        for (Path p : nodes) {
            String label = labelOf(p);
            if (chip.equals(label)) return p;
            seen.add(p.getFileName() + (label == null ? " (unreadable)" : " '" + label + "'"));
        }
        throw new DeviceException("device '" + device + "': no GPIO chip labelled '" + chip + "' under " + devRoot
                + (seen.isEmpty() ? " (no gpiochip* character devices there; is this a board with GPIO, and may "
                        + "this user open them: group gpio?)" : " (found: " + String.join(", ", seen) + ")"));
    }

    /** The chip's label, or null if it cannot be opened or is not a GPIO chip. */
    static String labelOf(Path chip) {
        int fd;
        try {
            fd = Libc.open(chip.toString(), Libc.O_RDWR);
        } catch (Libc.ErrnoException e) {
            return null;
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment info = a.allocate(CHIP_INFO);
            Libc.ioctl(fd, GPIO_GET_CHIPINFO_IOCTL, info, "GPIO_GET_CHIPINFO_IOCTL");
            return cString(info, offset(CHIP_INFO, "label"));
        } catch (Libc.ErrnoException e) {
            return null;
        } finally {
            Libc.close(fd);
        }
    }

    private static int lineOffset(String device, int fd, Path path, String label, int lines, String line, Arena a)
            throws DeviceException {
        if (line.matches("\\d{1,4}")) {
            int off = Integer.parseInt(line);
            if (off >= lines)
                throw new DeviceException("device '" + device + "': line offset " + off + " is out of range on "
                        + path + " ('" + label + "' has " + lines + " lines)");
            return off;
        }
        MemorySegment info = a.allocate(LINE_INFO);
        for (int off = 0; off < lines; off++) {
            info.fill((byte) 0);
            info.set(JAVA_INT, offset(LINE_INFO, "offset"), off);
            try {
                Libc.ioctl(fd, GPIO_V2_GET_LINEINFO_IOCTL, info, "GPIO_V2_GET_LINEINFO_IOCTL");
            } catch (Libc.ErrnoException e) {
                throw new DeviceException("device '" + device + "': cannot read line " + off + " of " + path + ": "
                        + e.getMessage());
            }
            if (line.equals(cString(info, offset(LINE_INFO, "name")))) return off;
        }
        throw new DeviceException("device '" + device + "': no line named '" + line + "' on " + path + " ('"
                + label + "', " + lines + " lines)");
    }

    static String cString(MemorySegment s, long offset) {
        byte[] b = new byte[GPIO_MAX_NAME_SIZE];
        MemorySegment.copy(s, java.lang.foreign.ValueLayout.JAVA_BYTE, offset, b, 0, b.length);
        int n = 0;
        while (n < b.length && b[n] != 0) n++;
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }
}
