package dev.pinion.device.internal.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;

/**
 * The few libc calls the Linux providers need (open, close, ioctl, read, poll, strerror), through the Foreign
 * Function and Memory API: no JNI, no native build. errno is captured by the linker right after each call (the
 * JVM may overwrite it before Java code could read it). {@code long} and {@code size_t} take the platform's own
 * width, so the same code is right on arm64 and on 32-bit armhf.
 */
public final class Libc {
    public static final int O_RDONLY = 0, O_RDWR = 2, O_CLOEXEC = 0x80000, O_NONBLOCK = 0x800;
    public static final short POLLIN = 0x1, POLLERR = 0x8, POLLHUP = 0x10, POLLNVAL = 0x20;
    public static final int EINTR = 4, EIO = 5, ENXIO = 6, EAGAIN = 11, ENODEV = 19, ENOTTY = 25, EREMOTEIO = 121;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    /** The C {@code long} / {@code size_t} layouts of this platform. */
    static final ValueLayout C_LONG = (ValueLayout) LINKER.canonicalLayouts().get("long");
    static final ValueLayout SIZE_T = (ValueLayout) LINKER.canonicalLayouts().get("size_t");
    /** struct pollfd { int fd; short events; short revents; } */
    static final StructLayout POLLFD = MemoryLayout.structLayout(JAVA_INT.withName("fd"),
            JAVA_SHORT.withName("events"), JAVA_SHORT.withName("revents"));

    private static final MethodHandle OPEN = handle("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
            MethodType.methodType(int.class, MemorySegment.class, MemorySegment.class, int.class, int.class), 2);
    private static final MethodHandle CLOSE = handle("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT),
            MethodType.methodType(int.class, MemorySegment.class, int.class), -1);
    private static final MethodHandle IOCTL = handle("ioctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, C_LONG, ADDRESS),
            MethodType.methodType(int.class, MemorySegment.class, int.class, long.class, MemorySegment.class), 2);
    private static final MethodHandle READ = handle("read", FunctionDescriptor.of(SIZE_T, JAVA_INT, ADDRESS, SIZE_T),
            MethodType.methodType(long.class, MemorySegment.class, int.class, MemorySegment.class, long.class), -1);
    private static final MethodHandle POLL = handle("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, C_LONG, JAVA_INT),
            MethodType.methodType(int.class, MemorySegment.class, MemorySegment.class, long.class, int.class), -1);
    private static final MethodHandle STRERROR = LINKER.downcallHandle(LIBC.find("strerror").orElseThrow(),
            FunctionDescriptor.of(ADDRESS, JAVA_INT));

    private Libc() {}

    private static MethodHandle handle(String name, FunctionDescriptor fd, MethodType javaType, int firstVariadic) {
        Linker.Option capture = Linker.Option.captureCallState("errno");
        MethodHandle h = firstVariadic < 0
                ? LINKER.downcallHandle(LIBC.find(name).orElseThrow(), fd, capture)
                : LINKER.downcallHandle(LIBC.find(name).orElseThrow(), fd, capture,
                        Linker.Option.firstVariadicArg(firstVariadic));
        // long/size_t are int on 32-bit platforms: one Java signature for both, cast at the boundary.
        return MethodHandles.explicitCastArguments(h, javaType);
    }

    /** A failed call: the function, the path or device it was about, and errno with its text. */
    public static final class ErrnoException extends java.io.IOException {
        private final int errno;

        ErrnoException(String what, int errno) {
            super(what + ": " + strerror(errno) + " (errno " + errno + ")");
            this.errno = errno;
        }

        public int errno() {
            return errno;
        }

        /** The error alone, without the call: "No such file or directory (errno 2)". */
        public String reason() {
            return strerror(errno) + " (errno " + errno + ")";
        }
    }

    public static String strerror(int errno) {
        try {
            MemorySegment s = (MemorySegment) STRERROR.invokeExact(errno);
            return s.reinterpret(256).getString(0);
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }

    private static int errno(MemorySegment capture) {
        return (int) ERRNO.get(capture, 0L);
    }

    public static int open(String path, int flags) throws ErrnoException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cap = a.allocate(CAPTURE);
            int fd = (int) OPEN.invokeExact(cap, a.allocateFrom(path), flags | O_CLOEXEC, 0);
            if (fd < 0) throw new ErrnoException("open " + path, errno(cap));
            return fd;
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public static void close(int fd) {
        try (Arena a = Arena.ofConfined()) {
            int r = (int) CLOSE.invokeExact(a.allocate(CAPTURE), fd);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** ioctl(fd, request, arg); returns its non-negative result. */
    public static int ioctl(int fd, long request, MemorySegment arg, String what) throws ErrnoException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cap = a.allocate(CAPTURE);
            while (true) {
                int r = (int) IOCTL.invokeExact(cap, fd, request, arg);
                if (r >= 0) return r;
                int e = errno(cap);
                if (e != EINTR) throw new ErrnoException(what, e);
            }
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** read(fd, buf, len); returns the byte count (0 at end of file). */
    public static long read(int fd, MemorySegment buf, long len, String what) throws ErrnoException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cap = a.allocate(CAPTURE);
            while (true) {
                long r = (long) READ.invokeExact(cap, fd, buf, len);
                if (SIZE_T.byteSize() == 4) r = (int) r; // ssize_t -1 arrives as 0xFFFFFFFF
                if (r >= 0) return r;
                int e = errno(cap);
                if (e != EINTR) throw new ErrnoException(what, e);
            }
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /**
     * Waits up to {@code timeoutMillis} for {@code fd} to become readable; returns the revents (0 on timeout).
     * EINTR counts as a timeout, so callers just loop.
     */
    public static int pollIn(int fd, int timeoutMillis, String what) throws ErrnoException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cap = a.allocate(CAPTURE);
            MemorySegment p = a.allocate(POLLFD);
            p.set(JAVA_INT, 0, fd);
            p.set(JAVA_SHORT, 4, POLLIN);
            int r = (int) POLL.invokeExact(cap, p, 1L, timeoutMillis);
            if (r < 0) {
                int e = errno(cap);
                if (e == EINTR) return 0;
                throw new ErrnoException(what, e);
            }
            return r == 0 ? 0 : p.get(JAVA_SHORT, 6);
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    // ---- ioctl request numbers (asm-generic/ioctl.h: dir << 30 | size << 16 | type << 8 | nr) -----------------

    static final int IOC_WRITE = 1, IOC_READ = 2;

    static long ioc(int dir, int type, int nr, long size) {
        return ((long) dir << 30) | (size << 16) | ((long) type << 8) | nr;
    }

    static long ior(int type, int nr, long size) {
        return ioc(IOC_READ, type, nr, size);
    }

    static long iow(int type, int nr, long size) {
        return ioc(IOC_WRITE, type, nr, size);
    }

    static long iowr(int type, int nr, long size) {
        return ioc(IOC_READ | IOC_WRITE, type, nr, size);
    }
}
