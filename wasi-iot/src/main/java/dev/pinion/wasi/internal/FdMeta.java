package dev.pinion.wasi.internal;

import static dev.pinion.wasi.internal.GuestMemory.check;
import static dev.pinion.wasi.internal.GuestMemory.u32;

import dev.pinion.engine.Memory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.Map;

/**
 * Descriptor housekeeping: close, renumber, sync, advise, allocate, fdstat and filestat, prestat.
 * Directory listing is in {@link DirListing}.
 *
 * <p>Descriptor kinds are told apart with instanceof chains, not pattern switches: a pattern switch spins a
 * class at its first run, 10 ms or more for the first one in a cold JVM, and every C program's start-up calls
 * fd_fdstat_get (RATIONALE.md, "Start-up").
 */
final class FdMeta {
    static final int FDFLAG_APPEND = 1, FDFLAG_DSYNC = 2, FDFLAG_NONBLOCK = 4, FDFLAG_RSYNC = 8, FDFLAG_SYNC = 16;
    static final long RIGHTS_ALL = (1L << 30) - 1;
    static final long FD_DATASYNC = 1, FD_READ = 1 << 1, FD_SEEK = 1 << 2, FD_FDSTAT_SET_FLAGS = 1 << 3,
            FD_SYNC = 1 << 4, FD_TELL = 1 << 5, FD_WRITE = 1 << 6, FD_ADVISE = 1 << 7, FD_ALLOCATE = 1 << 8,
            PATH_CREATE_DIRECTORY = 1 << 9, PATH_CREATE_FILE = 1 << 10, PATH_LINK_SOURCE = 1 << 11,
            PATH_LINK_TARGET = 1 << 12, PATH_OPEN = 1 << 13, FD_READDIR = 1 << 14, PATH_READLINK = 1 << 15,
            PATH_RENAME_SOURCE = 1 << 16, PATH_RENAME_TARGET = 1 << 17, PATH_FILESTAT_GET = 1 << 18,
            PATH_FILESTAT_SET_SIZE = 1 << 19, PATH_FILESTAT_SET_TIMES = 1 << 20, FD_FILESTAT_GET = 1 << 21,
            FD_FILESTAT_SET_SIZE = 1 << 22, FD_FILESTAT_SET_TIMES = 1 << 23, PATH_SYMLINK = 1 << 24,
            PATH_REMOVE_DIRECTORY = 1 << 25, PATH_UNLINK_FILE = 1 << 26, POLL_FD_READWRITE = 1 << 27;

    /** What wasmtime reports for a preopened directory: the rights userlands (wasi-libc) look for. */
    static final long PREOPEN_BASE = PATH_CREATE_DIRECTORY | PATH_CREATE_FILE | PATH_LINK_SOURCE | PATH_LINK_TARGET
            | PATH_OPEN | FD_READDIR | PATH_READLINK | PATH_RENAME_SOURCE | PATH_RENAME_TARGET | PATH_SYMLINK
            | PATH_REMOVE_DIRECTORY | PATH_UNLINK_FILE | PATH_FILESTAT_GET | PATH_FILESTAT_SET_TIMES
            | FD_FILESTAT_GET | FD_FILESTAT_SET_TIMES;
    static final long PREOPEN_INHERITING = PREOPEN_BASE | FD_DATASYNC | FD_READ | FD_SEEK | FD_FDSTAT_SET_FLAGS
            | FD_SYNC | FD_TELL | FD_WRITE | FD_ADVISE | FD_ALLOCATE | FD_FILESTAT_GET | FD_FILESTAT_SET_SIZE
            | FD_FILESTAT_SET_TIMES | POLL_FD_READWRITE;

    private FdMeta() {}

    /** (fd) */
    static int close(WasiContext ctx, Memory m, long[] s, int b) throws IOException {
        ctx.forget(ctx.fds.get((int) s[b]));
        ctx.fds.close((int) s[b]);
        return Errno.SUCCESS;
    }

    /** (from, to): both must be open; whatever {@code to} held is closed. */
    static int renumber(WasiContext ctx, Memory m, long[] s, int b) throws IOException {
        if (s[b] != s[b + 1]) ctx.forget(ctx.fds.get((int) s[b + 1]));
        ctx.fds.renumber((int) s[b], (int) s[b + 1]);
        return Errno.SUCCESS;
    }

    /** fd_sync (metadata too) and fd_datasync: regular files only, as wasmtime. */
    static int sync(WasiContext ctx, long[] s, int b, boolean metadata) throws IOException {
        ctx.file((int) s[b]).channel.force(metadata);
        return Errno.SUCCESS;
    }

    /** (fd, offset, len, advice): advice is only a hint; validated and accepted. */
    static int advise(WasiContext ctx, Memory m, long[] s, int b) {
        FileDescriptor f = ctx.file((int) s[b]);
        int advice = (int) s[b + 3];
        if (advice < 0 || advice > 5 || s[b + 1] < 0 || s[b + 2] < 0) throw new WasiError(Errno.EINVAL);
        return f != null ? Errno.SUCCESS : Errno.EBADF;
    }

    /** (fd, offset, len): wasmtime no longer supports preallocation and says ENOTSUP for any file. */
    static int allocate(WasiContext ctx, Memory m, long[] s, int b) {
        ctx.file((int) s[b]);
        return Errno.ENOTSUP;
    }

    /** (fd, fdstat_ptr) */
    static int fdstatGet(WasiContext ctx, Memory m, long[] s, int b) throws IOException {
        Descriptor d = ctx.fds.get((int) s[b]);
        long out = u32(s[b + 1]);
        check(m, out, 24);
        long[] rights = rights(ctx, d);
        int type;
        if (d instanceof InputDescriptor in) type = in.terminal ? FileStats.CHARACTER_DEVICE : FileStats.UNKNOWN;
        else if (d instanceof OutputDescriptor o) type = o.terminal ? FileStats.CHARACTER_DEVICE : FileStats.UNKNOWN;
        else if (d instanceof DirectoryDescriptor) type = FileStats.DIRECTORY;
        else type = regularOrOther((FileDescriptor) d);
        int flags = d instanceof FileDescriptor f
                ? f.syncFlags | (f.append ? FDFLAG_APPEND : 0) | (f.nonblock ? FDFLAG_NONBLOCK : 0) : 0;
        m.writeLong(out, 0);
        m.writeByte(out, (byte) type);
        m.writeShort(out + 2, (short) flags);
        m.writeLong(out + 8, rights[0]);
        m.writeLong(out + 16, rights[1]);
        return Errno.SUCCESS;
    }

    /**
     * {base, inheriting} rights of a descriptor: what wasmtime reports for it, minus what the guest dropped.
     * Stdio has FD_READ or FD_WRITE only; a preopen wasmtime's fixed set; other descriptors "all" minus what
     * their kind or open mode rules out.
     */
    static long[] rights(WasiContext ctx, Descriptor d) {
        long base, inheriting;
        if (d instanceof InputDescriptor) {
            base = inheriting = FD_READ;
        } else if (d instanceof OutputDescriptor) {
            base = inheriting = FD_WRITE;
        } else if (d instanceof DirectoryDescriptor dir && dir.preopenName() != null) {
            base = PREOPEN_BASE;
            inheriting = PREOPEN_INHERITING;
        } else if (d instanceof DirectoryDescriptor) {
            // PATH_FILESTAT_SET_SIZE is left out too: preview1 has no call that uses it but O_TRUNC, which the
            // guest's open rights (FD_WRITE) already govern.
            base = inheriting = RIGHTS_ALL & ~(FD_SEEK | FD_FILESTAT_SET_SIZE | FD_WRITE | PATH_FILESTAT_SET_SIZE);
        } else {
            FileDescriptor f = (FileDescriptor) d;
            long r = RIGHTS_ALL;
            if (!f.readable) r &= ~(FD_READ | FD_READDIR);
            if (!f.writable) r &= ~FD_WRITE;
            base = inheriting = r;
        }
        long[] dropped = ctx.droppedRights.get(d);
        if (dropped != null) {
            base &= dropped[0];
            inheriting &= dropped[1];
        }
        return new long[] {base, inheriting};
    }

    private static int regularOrOther(FileDescriptor f) {
        try {
            return FileStats.filetype(FileStats.attrs(f.path, true));
        } catch (IOException | RuntimeException e) {
            return FileStats.REGULAR_FILE; // unlinked while open: it was a regular file when opened
        }
    }

    /** (fd, flags): APPEND and NONBLOCK may change; the sync flags cannot (EINVAL), as in wasmtime. */
    static int fdstatSetFlags(WasiContext ctx, Memory m, long[] s, int b) {
        FileDescriptor f = ctx.file((int) s[b]);
        int flags = (int) s[b + 1];
        if ((flags & ~0x1F) != 0 || (flags & (FDFLAG_DSYNC | FDFLAG_RSYNC | FDFLAG_SYNC)) != 0)
            throw new WasiError(Errno.EINVAL);
        f.append = (flags & FDFLAG_APPEND) != 0;
        f.nonblock = (flags & FDFLAG_NONBLOCK) != 0;
        return Errno.SUCCESS;
    }

    /**
     * (fd, base, inheriting): rights can only shrink (ENOTCAPABLE otherwise, as preview1 specifies). Dropping
     * FD_READ or FD_WRITE from a file takes effect on fd_read/fd_write; the other rights are reported, not enforced
     * (wasmtime enforces none).
     */
    static int fdstatSetRights(WasiContext ctx, Memory m, long[] s, int b) {
        Descriptor d = ctx.fds.get((int) s[b]);
        long base = s[b + 1], inheriting = s[b + 2];
        long[] current = rights(ctx, d);
        if ((base & ~current[0]) != 0 || (inheriting & ~current[1]) != 0) throw new WasiError(Errno.ENOTCAPABLE);
        ctx.droppedRights.put(d, new long[] {base, inheriting});
        if (d instanceof FileDescriptor f) {
            if ((base & FD_READ) == 0) f.readable = false;
            if ((base & FD_WRITE) == 0) f.writable = false;
        }
        return Errno.SUCCESS;
    }

    /** (fd, filestat_ptr) */
    static int filestatGet(WasiContext ctx, Memory m, long[] s, int b) throws IOException {
        Descriptor d = ctx.fds.get((int) s[b]);
        long out = u32(s[b + 1]);
        check(m, out, FileStats.FILESTAT_SIZE);
        if (d instanceof InputDescriptor in) {
            FileStats.writeStream(m, out, in.terminal);
        } else if (d instanceof OutputDescriptor o) {
            FileStats.writeStream(m, out, o.terminal);
        } else if (d instanceof DirectoryDescriptor dir) {
            FileStats.write(m, out, FileStats.attrs(dir.hostPath(), true));
        } else {
            FileDescriptor f = (FileDescriptor) d;
            try {
                FileStats.write(m, out, FileStats.attrs(f.path, true));
            } catch (NoSuchFileException gone) {
                // Unlinked while open: POSIX fstat still works; java.nio cannot, so report what we know.
                m.fill(out, (byte) 0, FileStats.FILESTAT_SIZE);
                m.writeByte(out + 16, (byte) FileStats.REGULAR_FILE);
                m.writeLong(out + 32, f.channel.size());
            }
        }
        return Errno.SUCCESS;
    }

    /** (fd, size): grows with zeros or truncates; needs a descriptor opened for writing (EINVAL, as Linux). */
    static int filestatSetSize(WasiContext ctx, Memory m, long[] s, int b) throws IOException {
        FileDescriptor f = ctx.file((int) s[b]);
        long size = s[b + 1];
        if (size < 0) throw new WasiError(Errno.EFBIG);
        if (!f.writable) throw new WasiError(Errno.EINVAL);
        long cur = f.channel.size();
        if (size < cur) {
            f.channel.truncate(size);
        } else if (size > cur) {
            f.channel.write(ByteBuffer.wrap(new byte[1]), size - 1);
        }
        return Errno.SUCCESS;
    }

    /** (fd, atim, mtim, fst_flags) */
    static int filestatSetTimes(WasiContext ctx, Memory m, long[] s, int b) throws IOException {
        Descriptor d = ctx.fds.get((int) s[b]);
        java.nio.file.Path p;
        if (d instanceof DirectoryDescriptor dir) p = dir.hostPath();
        else if (d instanceof FileDescriptor f) p = f.path;
        else throw new WasiError(Errno.EBADF);
        FileStats.setTimes(p, true, s[b + 1], s[b + 2], (int) s[b + 3], ctx.config.clock().realtimeNanos());
        return Errno.SUCCESS;
    }

    /** (fd, prestat_ptr): tag 0 (directory) and the guest name's length. */
    static int prestatGet(WasiContext ctx, Memory m, long[] s, int b) {
        if (!(ctx.fds.get((int) s[b]) instanceof DirectoryDescriptor dir) || dir.preopenName() == null)
            throw new WasiError(Errno.EBADF);
        long out = u32(s[b + 1]);
        check(m, out, 8);
        m.writeInt(out, 0);
        m.writeInt(out + 4, dir.preopenName().getBytes(StandardCharsets.UTF_8).length);
        return Errno.SUCCESS;
    }

    /** (fd, path_buf, len): not NUL-terminated; a short buffer is ENAMETOOLONG, a non-preopen ENOTDIR (wasmtime). */
    static int prestatDirName(WasiContext ctx, Memory m, long[] s, int b) {
        if (!(ctx.fds.get((int) s[b]) instanceof DirectoryDescriptor dir) || dir.preopenName() == null)
            throw new WasiError(Errno.ENOTDIR);
        byte[] name = dir.preopenName().getBytes(StandardCharsets.UTF_8);
        long buf = u32(s[b + 1]), len = u32(s[b + 2]);
        if (name.length > len) throw new WasiError(Errno.ENAMETOOLONG);
        check(m, buf, name.length);
        m.write(buf, name);
        return Errno.SUCCESS;
    }

    static Map<String, Object> attrsOf(DirectoryDescriptor dir) throws IOException {
        return FileStats.attrs(dir.hostPath(), true);
    }
}
