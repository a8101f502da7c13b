package dev.pinion.device.internal.linux;

import static dev.pinion.device.internal.linux.GpioUapi.*;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.pinion.device.DeviceException;
import dev.pinion.device.DeviceSpec;
import dev.pinion.device.DigitalInput;
import dev.pinion.device.DigitalOutput;
import dev.pinion.device.Edge;
import dev.pinion.device.EdgeListener;
import dev.pinion.device.internal.EdgeSource;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One requested GPIO line (gpiochip v2 uAPI): an output, or an input whose edges a reader thread takes from the
 * line fd ({@code gpio_v2_line_event} records, kernel-timestamped and numbered). When the line goes away (chip
 * unbound, USB expander unplugged) every call fails with a {@link DeviceException} and the reader logs it once
 * and stops: never a crash.
 */
abstract class LinuxLine implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.pinion.device.Gpio");

    final String name;
    final String where;
    final int fd;
    volatile String gone;
    volatile boolean closed;

    LinuxLine(String name, GpioChip.Requested r) {
        this.name = name;
        this.where = r.where();
        this.fd = r.fd();
    }

    public String name() {
        return name;
    }

    public String provider() {
        return "gpiochip";
    }

    void check() throws DeviceException {
        if (closed) throw new DeviceException("device '" + name + "' is closed");
        if (gone != null) throw new DeviceException("device '" + name + "' (" + where + ") is gone: " + gone);
    }

    boolean getValue() throws DeviceException {
        check();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(LINE_VALUES);
            v.set(JAVA_LONG, 8, 1L);
            Libc.ioctl(fd, GPIO_V2_LINE_GET_VALUES_IOCTL, v, "GPIO_V2_LINE_GET_VALUES_IOCTL");
            return (v.get(JAVA_LONG, 0) & 1) != 0;
        } catch (Libc.ErrnoException e) {
            throw fault(e);
        }
    }

    DeviceException fault(Libc.ErrnoException e) {
        if (e.errno() == Libc.ENODEV || e.errno() == Libc.EIO) gone = e.getMessage();
        return new DeviceException("device '" + name + "' (" + where + "): " + e.getMessage());
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        stopReader();
        Libc.close(fd);
    }

    void stopReader() {}

    static final class Output extends LinuxLine implements DigitalOutput {
        Output(DeviceSpec.Output spec, Path devRoot) throws DeviceException {
            super(spec.name(), GpioChip.request(spec.name(), devRoot, spec.chip(), spec.line(),
                    new GpioChip.LineConfig(FLAG_OUTPUT | (spec.activeLow() ? FLAG_ACTIVE_LOW : 0),
                            spec.initial() ? 1L : 0L, null)));
        }

        @Override
        public void set(boolean active) throws DeviceException {
            check();
            try (Arena a = Arena.ofConfined()) {
                MemorySegment v = a.allocate(LINE_VALUES);
                v.set(JAVA_LONG, 0, active ? 1L : 0L);
                v.set(JAVA_LONG, 8, 1L);
                Libc.ioctl(fd, GPIO_V2_LINE_SET_VALUES_IOCTL, v, "GPIO_V2_LINE_SET_VALUES_IOCTL");
            } catch (Libc.ErrnoException e) {
                throw fault(e);
            }
        }

        @Override
        public boolean get() throws DeviceException {
            return getValue();
        }
    }

    static final class Input extends LinuxLine implements DigitalInput {
        private final EdgeSource edges;
        private final Thread reader;

        Input(DeviceSpec.Input spec, Path devRoot) throws DeviceException {
            super(spec.name(), GpioChip.request(spec.name(), devRoot, spec.chip(), spec.line(),
                    new GpioChip.LineConfig(flags(spec), null, (int) Math.min(spec.debounce().toNanos() / 1000,
                            Integer.MAX_VALUE))));
            // The kernel filters edges (flags) and debounces; the source only queues and fans out.
            edges = new EdgeSource(spec.name(), DeviceSpec.Edges.BOTH, Duration.ZERO);
            if (spec.edges() != DeviceSpec.Edges.NONE) {
                reader = Thread.ofPlatform().daemon().name("pinion-gpio-" + spec.name()).start(this::readEvents);
            } else {
                reader = null;
            }
        }

        static long flags(DeviceSpec.Input s) {
            long f = FLAG_INPUT | (s.activeLow() ? FLAG_ACTIVE_LOW : 0);
            f |= switch (s.bias()) {
                case AS_IS -> 0;
                case DISABLED -> FLAG_BIAS_DISABLED;
                case PULL_UP -> FLAG_BIAS_PULL_UP;
                case PULL_DOWN -> FLAG_BIAS_PULL_DOWN;
            };
            f |= switch (s.edges()) {
                case NONE -> 0;
                case RISING -> FLAG_EDGE_RISING;
                case FALLING -> FLAG_EDGE_FALLING;
                case BOTH -> FLAG_EDGE_RISING | FLAG_EDGE_FALLING;
            };
            return f;
        }

        private void readEvents() {
            final int batch = 16;
            try (Arena a = Arena.ofConfined()) {
                MemorySegment buf = a.allocate(LINE_EVENT.byteSize() * batch, 8);
                while (!closed) {
                    int revents = Libc.pollIn(fd, 200, "poll " + where);
                    if (closed) return;
                    if ((revents & (Libc.POLLERR | Libc.POLLHUP | Libc.POLLNVAL)) != 0) {
                        lost("the line fd reported an error or hang-up");
                        return;
                    }
                    if ((revents & Libc.POLLIN) == 0) continue;
                    long n = Libc.read(fd, buf, buf.byteSize(), "read " + where);
                    if (n == 0) {
                        lost("end of file on the line fd");
                        return;
                    }
                    for (long off = 0; off + LINE_EVENT.byteSize() <= n; off += LINE_EVENT.byteSize()) {
                        long ts = buf.get(JAVA_LONG, off + offset(LINE_EVENT, "timestamp_ns"));
                        int id = buf.get(JAVA_INT, off + offset(LINE_EVENT, "id"));
                        long seq = Integer.toUnsignedLong(buf.get(JAVA_INT, off + offset(LINE_EVENT, "line_seqno")));
                        edges.kernelEdge(id == EVENT_RISING_EDGE, ts, seq);
                    }
                }
            } catch (Libc.ErrnoException e) {
                if (!closed) lost(e.getMessage());
            }
        }

        private void lost(String why) {
            gone = why;
            LOG.log(System.Logger.Level.WARNING, "device " + name + " (" + where + "): edge events stopped: " + why
                    + "; the device reports I/O errors until the gateway restarts");
        }

        @Override
        void stopReader() {
            if (reader == null) return;
            try {
                reader.join(1000); // it polls with a 200 ms timeout and sees `closed`
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            edges.clear();
        }

        @Override
        public boolean read() throws DeviceException {
            return getValue();
        }

        @Override
        public Edge awaitEdge(Duration timeout) throws InterruptedException {
            return edges.await(timeout);
        }

        @Override
        public Registration onEdge(EdgeListener listener) {
            return edges.register(listener);
        }
    }
}
