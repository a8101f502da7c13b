package dev.pinion.wasi.internal;

import static dev.pinion.wasi.internal.GuestMemory.check;
import static dev.pinion.wasi.internal.GuestMemory.iovecs;
import static dev.pinion.wasi.internal.GuestMemory.u32;

import dev.pinion.engine.Memory;
import java.io.IOException;
import java.nio.ByteBuffer;

/** fd_read, fd_write, fd_pread, fd_pwrite, fd_seek, fd_tell: data transfer and the file position. */
final class FdIo {
    static final int WHENCE_SET = 0, WHENCE_CUR = 1, WHENCE_END = 2;

    private FdIo() {}

    /** (fd, iovs, iovs_len, nread_ptr) */
    static int read(WasiContext ctx, Memory m, long[] s, int b) throws IOException {
        Descriptor d = ctx.fds.get((int) s[b]);
        long[] iov = iovecs(m, u32(s[b + 1]), u32(s[b + 2]));
        long out = u32(s[b + 3]);
        check(m, out, 4);
        long n;
        if (d instanceof InputDescriptor in) {
            n = readStream(ctx, m, iov, in);
        } else if (d instanceof FileDescriptor f) {
            if (!f.readable) throw new WasiError(Errno.EBADF);
            n = readAt(ctx, m, iov, f, f.position);
            f.position += n;
        } else {
            throw new WasiError(Errno.EBADF);
        }
        m.writeInt(out, (int) n);
        return Errno.SUCCESS;
    }

    /** (fd, iovs, iovs_len, offset, nread_ptr) */
    static int pread(WasiContext ctx, Memory m, long[] s, int b) throws IOException {
        Descriptor d = ctx.fds.get((int) s[b]);
        long[] iov = iovecs(m, u32(s[b + 1]), u32(s[b + 2]));
        long offset = s[b + 3];
        long out = u32(s[b + 4]);
        check(m, out, 4);
        if (d instanceof InputDescriptor) throw new WasiError(Errno.ESPIPE);
        if (!(d instanceof FileDescriptor f) || !f.readable) throw new WasiError(Errno.EBADF);
        if (offset < 0) throw new WasiError(Errno.EINVAL);
        m.writeInt(out, (int) readAt(ctx, m, iov, f, offset));
        return Errno.SUCCESS;
    }

    /** (fd, ciovs, ciovs_len, nwritten_ptr) */
    static int write(WasiContext ctx, Memory m, long[] s, int b) throws IOException {
        Descriptor d = ctx.fds.get((int) s[b]);
        long[] iov = iovecs(m, u32(s[b + 1]), u32(s[b + 2]));
        long out = u32(s[b + 3]);
        check(m, out, 4);
        long n;
        if (d instanceof OutputDescriptor o) {
            n = writeStream(ctx, m, iov, o);
        } else if (d instanceof FileDescriptor f) {
            if (!f.writable) throw new WasiError(Errno.EBADF);
            long at = f.append ? f.channel.size() : f.position;
            n = writeAt(ctx, m, iov, f, at);
            f.position = at + n;
        } else {
            throw new WasiError(Errno.EBADF);
        }
        m.writeInt(out, (int) n);
        return Errno.SUCCESS;
    }

    /** (fd, ciovs, ciovs_len, offset, nwritten_ptr); like Linux, an append-mode file ignores the offset. */
    static int pwrite(WasiContext ctx, Memory m, long[] s, int b) throws IOException {
        Descriptor d = ctx.fds.get((int) s[b]);
        long[] iov = iovecs(m, u32(s[b + 1]), u32(s[b + 2]));
        long offset = s[b + 3];
        long out = u32(s[b + 4]);
        check(m, out, 4);
        if (d instanceof OutputDescriptor) throw new WasiError(Errno.ESPIPE);
        if (!(d instanceof FileDescriptor f) || !f.writable) throw new WasiError(Errno.EBADF);
        if (offset < 0) throw new WasiError(Errno.EINVAL);
        long at = f.append ? f.channel.size() : offset;
        m.writeInt(out, (int) writeAt(ctx, m, iov, f, at));
        return Errno.SUCCESS;
    }

    /** (fd, delta i64, whence, newoffset_ptr) */
    static int seek(WasiContext ctx, Memory m, long[] s, int b) throws IOException {
        FileDescriptor f = seekable(ctx, (int) s[b]);
        long delta = s[b + 1];
        int whence = (int) s[b + 2];
        long out = u32(s[b + 3]);
        check(m, out, 8);
        long base = switch (whence) {
            case WHENCE_SET -> 0;
            case WHENCE_CUR -> f.position;
            case WHENCE_END -> f.channel.size();
            default -> throw new WasiError(Errno.EINVAL);
        };
        long pos;
        try {
            pos = Math.addExact(base, delta);
        } catch (ArithmeticException e) {
            throw new WasiError(Errno.EINVAL);
        }
        if (pos < 0) throw new WasiError(Errno.EINVAL);
        f.position = pos;
        m.writeLong(out, pos);
        return Errno.SUCCESS;
    }

    /** (fd, offset_ptr) */
    static int tell(WasiContext ctx, Memory m, long[] s, int b) {
        FileDescriptor f = seekable(ctx, (int) s[b]);
        GuestMemory.writeU64(m, u32(s[b + 1]), f.position);
        return Errno.SUCCESS;
    }

    /** Stdio cannot seek (ESPIPE); directories have no position (EBADF, as wasmtime). */
    private static FileDescriptor seekable(WasiContext ctx, int fd) {
        Descriptor d = ctx.fds.get(fd);
        if (d instanceof FileDescriptor f) return f;
        if (d instanceof InputDescriptor || d instanceof OutputDescriptor) throw new WasiError(Errno.ESPIPE);
        throw new WasiError(Errno.EBADF);
    }

    private static long readStream(WasiContext ctx, Memory m, long[] iov, InputDescriptor in) throws IOException {
        byte[] buf = ctx.scratch;
        long total = 0;
        for (int i = 0; i < iov.length; i += 2) {
            long addr = iov[i], len = iov[i + 1];
            while (len > 0) {
                // Only the first chunk may block: once data arrived, return it rather than wait for more.
                if (total > 0 && !in.ready()) return total;
                int n = in.read(buf, 0, (int) Math.min(len, buf.length));
                if (n <= 0) return total;
                m.write(addr, buf, 0, n);
                total += n;
                addr += n;
                len -= n;
            }
        }
        return total;
    }

    private static long readAt(WasiContext ctx, Memory m, long[] iov, FileDescriptor f, long pos)
            throws IOException {
        byte[] buf = ctx.scratch;
        long total = 0;
        for (int i = 0; i < iov.length; i += 2) {
            long addr = iov[i], len = iov[i + 1];
            while (len > 0) {
                int want = (int) Math.min(len, buf.length);
                int n = f.channel.read(ByteBuffer.wrap(buf, 0, want), pos + total);
                if (n <= 0) return total;
                m.write(addr, buf, 0, n);
                total += n;
                addr += n;
                len -= n;
                if (n < want) return total;
            }
        }
        return total;
    }

    private static long writeStream(WasiContext ctx, Memory m, long[] iov, OutputDescriptor o) throws IOException {
        byte[] buf = ctx.scratch;
        long total = 0;
        for (int i = 0; i < iov.length; i += 2) {
            long addr = iov[i], len = iov[i + 1];
            while (len > 0) {
                int n = (int) Math.min(len, buf.length);
                m.read(addr, buf, 0, n);
                o.write(buf, 0, n);
                total += n;
                addr += n;
                len -= n;
            }
        }
        return total;
    }

    private static long writeAt(WasiContext ctx, Memory m, long[] iov, FileDescriptor f, long pos)
            throws IOException {
        byte[] buf = ctx.scratch;
        long total = 0;
        for (int i = 0; i < iov.length; i += 2) {
            long addr = iov[i], len = iov[i + 1];
            while (len > 0) {
                int n = (int) Math.min(len, buf.length);
                m.read(addr, buf, 0, n);
                ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
                while (bb.hasRemaining()) f.channel.write(bb, pos + total + bb.position());
                total += n;
                addr += n;
                len -= n;
            }
        }
        return total;
    }
}
