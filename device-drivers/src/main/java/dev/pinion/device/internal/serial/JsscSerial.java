package dev.pinion.device.internal.serial;

import dev.pinion.device.DeviceException;
import dev.pinion.device.DeviceSpec;
import dev.pinion.device.SerialPort;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import jssc.SerialPortException;
import jssc.SerialPortTimeoutException;

/**
 * A serial port through jssc. jssc's native library normally unpacks into the temp directory, which a hardened
 * systemd unit mounts noexec (or privately); {@link #prepareNatives} copies it into a directory the operator
 * chose ({@code jssc_native_dir}) and points jssc there ({@code jssc.boot.library.path}) before jssc loads.
 */
public final class JsscSerial implements SerialPort, AutoCloseable {
    private static final String BOOT_PATH = "jssc.boot.library.path";
    private static boolean prepared;

    private final DeviceSpec.Serial spec;
    private final jssc.SerialPort port;
    private volatile boolean closed;

    private JsscSerial(DeviceSpec.Serial spec, jssc.SerialPort port) {
        this.spec = spec;
        this.port = port;
    }

    /**
     * Copies jssc's native library for this platform into {@code dir} (unless the same file is there) and makes
     * jssc load it from there. jssc loads its library once per JVM, so the first directory given wins; later
     * calls do nothing.
     */
    public static synchronized void prepareNatives(Path dir) throws DeviceException {
        if (prepared || dir == null) return;
        String resource = "natives/" + platformDir() + "/libjssc.so";
        try (InputStream in = JsscSerial.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new DeviceException("jssc has no native library for this platform (" + resource + ")");
            byte[] lib = in.readAllBytes();
            Files.createDirectories(dir);
            Path target = dir.resolve("libjssc.so");
            if (!Files.isRegularFile(target) || !Arrays.equals(Files.readAllBytes(target), lib)) {
                Path tmp = Files.createTempFile(dir, "libjssc", ".tmp");
                Files.write(tmp, lib);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new DeviceException("cannot place jssc's native library in " + dir + " (jssc_native_dir): "
                    + e.getMessage());
        }
        System.setProperty(BOOT_PATH, dir.toAbsolutePath().toString());
        prepared = true;
    }

    /** jssc's directory name for this OS architecture. */
    static String platformDir() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "amd64", "x86_64" -> "linux_64";
            case "aarch64", "arm64" -> "linux_arm64";
            case "arm", "armv7l", "armhf" -> "linux_arm";
            case "x86", "i386", "i686" -> "linux_32";
            case "riscv64" -> "linux_riscv64";
            case "ppc64le", "ppc64" -> "linux_ppc";
            default -> "linux_" + arch;
        };
    }

    public static JsscSerial open(DeviceSpec.Serial spec, Path nativeDir) throws DeviceException {
        if (!Files.exists(Path.of(spec.device())))
            throw new DeviceException("device '" + spec.name() + "': " + spec.device() + " does not exist (expected "
                    + "a serial tty; is the UART enabled, and is the user in group dialout?)");
        prepareNatives(nativeDir);
        jssc.SerialPort port = new jssc.SerialPort(spec.device());
        try {
            port.openPort();
            port.setParams(spec.baud(), jssc.SerialPort.DATABITS_8, jssc.SerialPort.STOPBITS_1,
                    jssc.SerialPort.PARITY_NONE);
        } catch (SerialPortException | UnsatisfiedLinkError e) {
            try {
                if (port.isOpened()) port.closePort();
            } catch (SerialPortException ignored) {
                // already failing
            }
            throw new DeviceException("device '" + spec.name() + "': cannot open serial port " + spec.device()
                    + " at " + spec.baud() + " baud: " + e.getMessage());
        }
        return new JsscSerial(spec, port);
    }

    @Override public String name() { return spec.name(); }

    @Override public String provider() { return "jssc"; }

    @Override public int baud() { return spec.baud(); }

    @Override
    public void write(byte[] data, int off, int len) throws DeviceException {
        check();
        try {
            if (!port.writeBytes(Arrays.copyOfRange(data, off, off + len)))
                throw new DeviceException("serial port '" + spec.name() + "' (" + spec.device() + "): write failed");
        } catch (SerialPortException e) {
            throw fault(e);
        }
    }

    @Override
    public int read(byte[] buf, int off, int len, Duration timeout) throws DeviceException {
        check();
        if (len == 0) return 0;
        try {
            int n = 0;
            if (port.getInputBufferBytesCount() <= 0) {
                long ms = Math.min(timeout.toMillis(), Integer.MAX_VALUE);
                if (ms <= 0) return 0;
                try {
                    byte[] first = port.readBytes(1, (int) ms);
                    buf[off] = first[0];
                    n = 1;
                } catch (SerialPortTimeoutException none) {
                    return 0;
                }
            }
            int avail = Math.min(port.getInputBufferBytesCount(), len - n);
            if (avail > 0) {
                byte[] rest = port.readBytes(avail);
                System.arraycopy(rest, 0, buf, off + n, rest.length);
                n += rest.length;
            }
            return n;
        } catch (SerialPortException e) {
            throw fault(e);
        }
    }

    private void check() throws DeviceException {
        if (closed) throw new DeviceException("serial port '" + spec.name() + "' is closed");
    }

    private DeviceException fault(SerialPortException e) {
        return new DeviceException("serial port '" + spec.name() + "' (" + spec.device() + "): " + e.getMessage());
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            port.closePort();
        } catch (SerialPortException ignored) {
            // the tty may already be gone; nothing else to release
        }
    }
}
