package dev.pinion.wasi.internal;

import static dev.pinion.wasi.internal.GuestMemory.check;
import static dev.pinion.wasi.internal.GuestMemory.string;
import static dev.pinion.wasi.internal.GuestMemory.u32;

import dev.pinion.engine.Memory;
import dev.pinion.wasi.internal.PathResolver.Resolved;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Set;

/** path_open: the one call that turns a sandboxed path into a new descriptor. */
final class OpenCall {
    static final int O_CREAT = 1, O_DIRECTORY = 2, O_EXCL = 4, O_TRUNC = 8;

    private OpenCall() {}

    /** (fd, dirflags, path, path_len, oflags, rights_base, rights_inheriting, fdflags, fd_ptr) */
    static int open(WasiContext ctx, Memory m, long[] s, int b) throws IOException {
        Descriptor base = ctx.fds.get((int) s[b]);
        if (base instanceof FileDescriptor) throw new WasiError(Errno.ENOTDIR);
        if (!(base instanceof DirectoryDescriptor dir)) throw new WasiError(Errno.EBADF);
        boolean followFlag = PathCalls.follow(s[b + 1]);
        String path = string(m, u32(s[b + 2]), u32(s[b + 3]));
        int oflags = (int) s[b + 4];
        long rights = s[b + 5];
        int fdflags = (int) s[b + 7];
        long out = u32(s[b + 8]);
        check(m, out, 4); // before opening anything, so a bad pointer cannot leak a host handle
        if ((oflags & ~0xF) != 0 || (fdflags & ~0x1F) != 0) throw new WasiError(Errno.EINVAL);
        boolean creat = (oflags & O_CREAT) != 0, excl = (oflags & O_EXCL) != 0;
        boolean directory = (oflags & O_DIRECTORY) != 0, trunc = (oflags & O_TRUNC) != 0;
        boolean read = (rights & FdMeta.FD_READ) != 0, write = (rights & FdMeta.FD_WRITE) != 0;
        // wasmtime: O_DIRECTORY cannot be combined with creating or truncating.
        if (directory && (creat || excl || trunc)) throw new WasiError(Errno.EINVAL);
        if (dir.readOnly() && (creat || trunc || write)) throw new WasiError(Errno.EPERM);

        // O_CREAT|O_EXCL never follows a final symlink: it must fail with EEXIST on one (POSIX).
        Resolved r = PathResolver.resolve(dir, path, followFlag && !(creat && excl));
        BasicFileAttributes a = PathCalls.lstat(r.host());
        if (a == null) {
            if (!creat) throw new WasiError(Errno.ENOENT);
            if (r.trailingSlash()) throw new WasiError(Errno.EISDIR);
            Files.createFile(r.host());
        } else {
            if (creat && excl) throw new WasiError(Errno.EEXIST);
            if (a.isSymbolicLink()) throw new WasiError(Errno.ELOOP); // O_NOFOLLOW on a symlink
            if (a.isDirectory()) {
                if (write || trunc) throw new WasiError(Errno.EISDIR);
                int fd = ctx.fds.add(new DirectoryDescriptor(dir.root(), r.components(), null, dir.readOnly()));
                m.writeInt(out, fd);
                return Errno.SUCCESS;
            }
            if (directory || r.trailingSlash()) throw new WasiError(Errno.ENOTDIR);
        }
        Set<OpenOption> opts = new HashSet<>();
        // A descriptor with neither right still opens (for fd_filestat_get and the like), read-only on the host.
        if (read || !write) opts.add(StandardOpenOption.READ);
        if (write) opts.add(StandardOpenOption.WRITE);
        if (write && trunc) opts.add(StandardOpenOption.TRUNCATE_EXISTING);
        if ((fdflags & FdMeta.FDFLAG_SYNC) != 0) opts.add(StandardOpenOption.SYNC);
        if ((fdflags & FdMeta.FDFLAG_DSYNC) != 0) opts.add(StandardOpenOption.DSYNC);
        opts.add(java.nio.file.LinkOption.NOFOLLOW_LINKS);
        FileChannel ch = FileChannel.open(r.host(), opts);
        try {
            int sync = fdflags & (FdMeta.FDFLAG_DSYNC | FdMeta.FDFLAG_RSYNC | FdMeta.FDFLAG_SYNC);
            FileDescriptor f = new FileDescriptor(ch, r.host(), read, write, (fdflags & FdMeta.FDFLAG_APPEND) != 0,
                    (fdflags & FdMeta.FDFLAG_NONBLOCK) != 0, sync);
            m.writeInt(out, ctx.fds.add(f));
        } catch (RuntimeException e) {
            ch.close();
            throw e;
        }
        return Errno.SUCCESS;
    }
}
